"""The Latvian admin catalogues hold together: every upstream msgid translated (≥ 98 %, the
few exceptions listed with a reason), no catalogue stale (obsolete msgids, a .mo that is
not the compiled .po, a project catalogue that misses what makemessages extracts now),
Django's Latvian plural rule everywhere and in the right order ("1 minūte", not "1 minūšu"),
and every placeholder kept. No database: these tests read files and run gettext tools.

The override catalogues live in locale/upstream/<dir>/lv/LC_MESSAGES (see locale/README.md);
the msgids to cover are those of the installed packages' English templates (Django: of its
own lv catalogues, which list every msgid)."""

import gettext
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import django
import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from django.utils import translation
from django.views.i18n import JavaScriptCatalog

ROOT = Path(__file__).resolve().parent.parent
UPSTREAM = ROOT / "locale" / "upstream"
PROJECT_PO = ROOT / "locale" / "lv" / "LC_MESSAGES" / "django.po"
SITE_PACKAGES = Path(django.__file__).resolve().parent.parent
FLOOR = 0.98
LATVIAN_RULE = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);"

WAGTAIL_PACKAGES = [
    "wagtail",
    "wagtail/images",
    "wagtail/documents",
    "wagtail/snippets",
    "wagtail/users",
    "wagtail/sites",
    "wagtail/locales",
    "wagtail/embeds",
    "wagtail/search",
    "wagtail/contrib/search_promotions",
    "wagtail/contrib/redirects",
    "wagtail/contrib/forms",
    "wagtail/contrib/settings",
    "wagtail/contrib/simple_translation",
    "wagtail/contrib/table_block",
    "wagtail/contrib/typed_table_block",
    "wagtail/contrib/styleguide",
]


def template(package, domain="django", language="en"):
    return SITE_PACKAGES / package / "locale" / language / "LC_MESSAGES" / f"{domain}.po"


# override catalogue (relative to locale/upstream) → the upstream catalogues whose msgids it covers
CATALOGUES = {
    "wagtail-admin/lv/LC_MESSAGES/django.po": [template("wagtail/admin")],
    "wagtail/lv/LC_MESSAGES/django.po": [template(p) for p in WAGTAIL_PACKAGES],
    "wagtail/lv/LC_MESSAGES/djangojs.po": [template("wagtail/admin", "djangojs")],
    "wagtail-localize/lv/LC_MESSAGES/django.po": [
        template("wagtail_localize"),
        template("wagtail_localize/locales"),
    ],
    "wagtail-localize/lv/LC_MESSAGES/djangojs.po": [template("wagtail_localize", "djangojs")],
    "django/lv/LC_MESSAGES/django.po": [
        template("django/conf", language="lv"),
        template("django/contrib/auth", language="lv"),
        template("django/contrib/humanize", language="lv"),
        template("django/contrib/contenttypes", language="lv"),
        template("taggit"),  # django-taggit: the tags field of every edit form
    ],
}

# Names xgettext does not know, so that `make messages` (which also reads tests/) does not copy
# these msgids of Django and wagtail-localize into the project's own catalogue.
text, plural_text = translation.gettext, translation.ngettext

# msgids that need no Latvian translation, with the reason: a msgid, or (msgctxt, msgid).
# They are taken out of the count: neither wanted nor missing.
EXCEPTIONS: dict[str | tuple[str, str], str] = {}


def key(entry):
    return (entry.msgctxt, entry.msgid)


def excepted(k):
    return k in EXCEPTIONS or k[1] in EXCEPTIONS


def translated(entry):
    """msgfmt's view: not fuzzy, not obsolete, the msgstr (every plural form) non-empty."""
    if entry.obsolete or "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        forms = entry.msgstr_plural
        return len(forms) == 3 and all(forms.get(i) for i in range(3))
    return bool(entry.msgstr)


def upstream_entries(name):
    """{(msgctxt, msgid): entry} of the upstream catalogues, first occurrence kept."""
    entries = {}
    for path in CATALOGUES[name]:
        for entry in polib.pofile(str(path)):
            if entry.msgid and not entry.obsolete:
                entries.setdefault(key(entry), entry)
    return entries


def override(name):
    path = UPSTREAM / name
    if not path.exists():
        pytest.fail(f"locale/upstream/{name} is missing (not written yet?)")
    return polib.pofile(str(path))


catalogues = pytest.mark.parametrize(
    "name", list(CATALOGUES), ids=lambda n: n.split("/lv/")[0] + "/" + n.rsplit("/", 1)[1]
)


def test_the_upstream_templates_are_installed():
    missing = [str(p) for paths in CATALOGUES.values() for p in paths if not p.exists()]
    assert not missing, f"upstream catalogues not found (package upgraded or moved?): {missing}"


@catalogues
def test_coverage(name):
    wanted = {k for k in upstream_entries(name) if not excepted(k)}
    ours = {key(e) for e in override(name) if translated(e)}
    missing = sorted(wanted - ours, key=lambda k: (k[0] or "", k[1]))
    share = 1 - len(missing) / len(wanted)
    print(f"{name}: {len(wanted) - len(missing)}/{len(wanted)} = {share:.1%}")
    shown = [f"{c + ' | ' if c else ''}{m}" for c, m in missing[:20]]
    assert share >= FLOOR, (
        f"{name}: {len(wanted) - len(missing)}/{len(wanted)} translated ({share:.1%} < "
        f"{FLOOR:.0%}); first missing: {shown}"
    )


@catalogues
def test_no_obsolete_msgids(name):
    upstream = upstream_entries(name)
    po = override(name)
    obsolete = [e.msgid for e in po.obsolete_entries()]
    gone = [e.msgid for e in po if not e.obsolete and key(e) not in upstream]
    assert not obsolete, f"{name}: #~ obsolete entries left in the file: {obsolete[:20]}"
    assert not gone, f"{name}: msgids no longer upstream (re-sync the catalogue): {gone[:20]}"
    plural_changed = [
        e.msgid
        for e in po
        if not e.obsolete and (e.msgid_plural or "") != (upstream[key(e)].msgid_plural or "")
    ]
    assert not plural_changed, f"{name}: msgid_plural differs from upstream: {plural_changed}"


def compiled(po_path, tmp_path):
    """The catalogue of a fresh `msgfmt --check` of the .po (polib's compiler without msgfmt)."""
    mo = tmp_path / "fresh.mo"
    if shutil.which("msgfmt"):
        run = subprocess.run(
            ["msgfmt", "--check", "-o", str(mo), str(po_path)], capture_output=True, text=True
        )
        errors = [line for line in run.stderr.splitlines() if "warning:" not in line]
        assert run.returncode == 0 and not errors, f"msgfmt --check {po_path}: {run.stderr}"
    else:
        polib.pofile(str(po_path)).save_as_mofile(str(mo))
    return read_mo(mo)


def read_mo(path):
    with open(path, "rb") as f:
        return gettext.GNUTranslations(f)._catalog


@catalogues
def test_the_mo_is_the_compiled_po(name, tmp_path):
    """Compared by content, not by mtime: a git checkout gives the files arbitrary mtimes (and
    then compilemessages, which skips a .mo newer than its .po, would keep a stale one)."""
    po_path = UPSTREAM / name
    override(name)
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{name}: no .mo (run make messages)"
    fresh = compiled(po_path, tmp_path)
    shipped = read_mo(mo_path)
    differ = sorted(str(k) for k in set(fresh) ^ set(shipped))
    differ += sorted(str(k) for k in set(fresh) & set(shipped) if fresh[k] != shipped[k])
    assert not differ, f"{name}: the .mo is stale (run make messages): {differ[:20]}"


@catalogues
def test_header_and_plural_forms(name):
    po = override(name)
    django_rule = polib.pofile(str(template("django/conf", language="lv"))).metadata["Plural-Forms"]
    assert django_rule == LATVIAN_RULE
    assert po.metadata.get("Plural-Forms", "").strip() == django_rule, name
    assert po.metadata.get("Language") == "lv", name
    assert po.metadata.get("Content-Type") == "text/plain; charset=UTF-8", name
    short = [
        e.msgid
        for e in po
        if e.msgid_plural and translated(e) is False and any(e.msgstr_plural.values())
    ]
    assert not short, f"{name}: plural entries with a form missing: {short[:20]}"


def test_the_project_catalogue_has_the_latvian_rule():
    assert polib.pofile(str(PROJECT_PO)).metadata["Plural-Forms"].strip() == LATVIAN_RULE


PYTHON_FORMAT = re.compile(r"%(?:\([^)]+\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa%]")
BRACE_FORMAT = re.compile(r"\{[^{}]*\}")
HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")


def placeholders(text, flags):
    found = sorted(HTML_TAG.findall(text))
    if "python-format" in flags or "javascript-format" in flags:
        found += sorted(p for p in PYTHON_FORMAT.findall(text) if p != "%%")
    if "python-brace-format" in flags:
        found += sorted(BRACE_FORMAT.findall(text))
    return found


@catalogues
def test_placeholders_and_tags_are_kept(name):
    """Every %(name)s, {name}, %s and HTML tag of the msgid is in the translation, in every
    plural form: form [0] also serves 21, 31…, so it needs the number even where the English
    singular has none ("an hour ago" → "pirms %(count)s stundas")."""
    wrong = []
    for e in override(name):
        if not translated(e):
            continue
        if e.msgid_plural:
            want = placeholders(e.msgid_plural, e.flags)
            for i, form in sorted(e.msgstr_plural.items()):
                if placeholders(form, e.flags) != want:
                    wrong.append(f"{e.msgid} [{i}]: {form}")
        elif placeholders(e.msgstr, e.flags) != placeholders(e.msgid, e.flags):
            wrong.append(f"{e.msgid}: {e.msgstr}")
    assert not wrong, f"{name}: placeholders or tags not kept: {wrong[:20]}"


# Translations that are rightly the English text itself (names), beyond those without a word.
SAME_AS_ENGLISH = {
    "Wagtail API v2": "product name",
    "Wagtail API v3": "product name",
}


@catalogues
def test_no_english_is_left_as_the_translation(name):
    """A msgstr copied from the msgid counts as translated for msgfmt, but is English: only
    names and word-less strings ("URL", "%s KB", ":") may be the same."""

    def has_words(text):
        text = BRACE_FORMAT.sub(" ", PYTHON_FORMAT.sub(" ", HTML_TAG.sub(" ", text)))
        return re.search(r"[A-Za-z]{4,}", text)

    left = []
    for e in override(name):
        if not translated(e) or e.msgid in SAME_AS_ENGLISH:
            continue
        english = {e.msgid, e.msgid_plural} if e.msgid_plural else {e.msgid}
        forms = e.msgstr_plural.values() if e.msgid_plural else [e.msgstr]
        if any(form in english and has_words(form) for form in forms):
            left.append(e.msgid)
    assert not left, f"{name}: English left as the translation: {left[:20]}"


def test_locale_paths_put_the_project_first_then_the_upstream_overrides():
    assert [Path(p) for p in settings.LOCALE_PATHS] == [
        ROOT / "locale",
        UPSTREAM / "wagtail-admin",
        UPSTREAM / "wagtail",
        UPSTREAM / "wagtail-localize",
        UPSTREAM / "django",
    ]


@pytest.mark.parametrize(
    ("n", "minutes", "years"),
    [
        (1, "1 minūte", "1 gads"),
        (21, "21 minūte", "21 gads"),
        (5, "5 minūtes", "5 gadi"),
        (11, "11 minūtes", "11 gadi"),
        (0, "0 minūšu", "0 gadu"),
    ],
)
def test_latvian_plural_forms_are_in_django_s_order(n, minutes, years):
    with translation.override("lv"):
        got = plural_text("%(num)d minute", "%(num)d minutes", n) % {"num": n}
        got_years = plural_text("%(num)d year", "%(num)d years", n) % {"num": n}
    assert (got, got_years) == (minutes, years)


def test_relative_times_read_as_latvian():
    import datetime

    from django.contrib.humanize.templatetags.humanize import naturaltime
    from django.utils.timesince import timesince

    now = datetime.datetime.now(datetime.UTC)
    with translation.override("lv"):
        assert timesince(now - datetime.timedelta(minutes=1), now) == "1\xa0minūte"
        assert timesince(now - datetime.timedelta(days=21), now) == "3\xa0nedēļas"
        assert naturaltime(now - datetime.timedelta(minutes=21)) == "pirms 21\xa0minūtes"
        assert naturaltime(now - datetime.timedelta(hours=5)) == "pirms 5\xa0stundām"
        assert naturaltime(now - datetime.timedelta(days=3)) == "pirms 3\xa0dienām"


def test_the_overrides_reach_python_and_javascript():
    with translation.override("lv"):
        assert text("Sync translated pages") == "Sinhronizēt tulkotās lapas"
        assert text("This field is required.") == "Šis lauks ir obligāts."
        bodies = [
            JavaScriptCatalog.as_view(packages=packages)(RequestFactory().get("/")).content
            for packages in (["wagtail.admin"], ["wagtail_localize"])
        ]
    # Django's JavaScriptCatalog includes LOCALE_PATHS whatever the packages: both carry ours.
    for body in map(bytes.decode, bodies):
        catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", body, re.S).group(1))
        assert catalog["Publish in "] == "Publicēt valodā: "
        assert catalog["Edit this page"] == "Rediģēt šo lapu"
        assert "n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2" in body


@pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("xgettext", "msguniq", "msgmerge")),
    reason="GNU gettext is not installed (apt-get install gettext): makemessages needs it",
)
def test_the_project_catalogue_has_every_msgid_makemessages_extracts(tmp_path):
    """makemessages over a copy of the project's sources into a temporary locale/: every msgid
    it extracts must be in locale/lv/LC_MESSAGES/django.po (run make messages)."""
    copy = tmp_path / "project"
    skip = shutil.ignore_patterns(
        ".venv",
        ".git",
        "locale",
        "media",
        "staticfiles",
        "__pycache__",
        "*.sqlite3*",
        "node_modules",
    )
    shutil.copytree(ROOT, copy, ignore=skip, symlinks=True)
    (copy / "locale").mkdir()
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        cwd = os.getcwd()
        os.chdir(copy)
        try:
            call_command(
                "makemessages",
                locale=["lv"],
                ignore_patterns=[".venv/*"],
                keep_pot=True,
                verbosity=0,
            )
        finally:
            os.chdir(cwd)
    extracted = {key(e) for e in polib.pofile(str(copy / "locale" / "django.pot")) if e.msgid}
    have = {key(e) for e in polib.pofile(str(PROJECT_PO)) if not e.obsolete}
    missing = sorted(extracted - have, key=lambda k: (k[0] or "", k[1]))
    assert not missing, f"locale/lv/LC_MESSAGES/django.po lacks (run make messages): {missing[:20]}"


def _conflicts_tool():
    """locale/upstream/tools/conflicts.py, the script translators run, as a module."""
    import importlib.util

    path = UPSTREAM / "tools" / "conflicts.py"
    spec = importlib.util.spec_from_file_location("latvian_catalogue_conflicts", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# (msgctxt, msgid) that two catalogues translate differently on purpose, with the reason. Keep it
# short: any other difference is a word that changes with the page the editor is on.
DIFFERENT_ON_PURPOSE: dict[tuple[str | None, str], str] = {
    (None, "Preview"): (
        "django domain: the noun «Priekšskatījums» — the preview panel's title, the preview "
        "iframe, the image listing's column, headings in images and redirects, menu links; "
        "djangojs: the verb «Priekšskatīt» — a button in wagtail-localize's editor footer and "
        "the block chooser's preview toggle; no msgctxt tells them apart"
    ),
}


def test_one_translation_per_msgid_across_the_catalogues():
    """The same msgid (and msgctxt) has the same Latvian in every catalogue, the project's own
    included and across the django and djangojs domains: only the first LOCALE_PATHS
    directory's translation is shown, so a different one elsewhere is a word the admin never
    says and the glossary does not hold (`locale/upstream/tools/conflicts.py` lists them)."""
    found = {(context, msgid): rows for context, msgid, rows in _conflicts_tool().conflicts()}
    unexpected = {k: rows for k, rows in found.items() if k not in DIFFERENT_ON_PURPOSE}
    lines = [
        f"{c + ' | ' if c else ''}{m!r}: " + "; ".join(f"[{d}] {w}: {t!r}" for d, w, t, _ in rows)
        for (c, m), rows in unexpected.items()
    ]
    assert not unexpected, "translated differently (choose one, see the glossary in " + (
        "locale/README.md):\n" + "\n".join(lines)
    )
    agree = [m for c, m in DIFFERENT_ON_PURPOSE if (c, m) not in found]
    assert not agree, f"DIFFERENT_ON_PURPOSE lists msgids that now agree (remove them): {agree}"


# Words the glossary (locale/README.md) rules out, each with the word to use: they were in the
# upstream Latvian catalogues, and nothing may bring them back. Whole words, case as written.
RULED_OUT = {
    r"Labo|Labot|labot": "edit → «rediģēt»",
    r"PIevieno\w*": "a typo of «pievienot»",
    r"[Pp]atreizēj\w*": "«pašreizējais»",
    r"[Ss]agatav\w*": "draft → «melnraksts»",
    r"[Dd]atn\w*": "file → «fails»",
    r"[Vv]eiksmīg\w*": "successfully → «sekmīgi»",
    r"\w*eksist\w*": "exists → «pastāv»",
    r"[Ss]lēgt\w*|[Aa]tslēgt\w*": "lock → «bloķēt», unlock → «atbloķēt», private → «privāts»",
    r"[Mm]oderācij\w*": "moderation → «pārskatīšana»",
    r"[Uu]zstādījum\w*": "settings → «iestatījumi»",
}


def test_no_catalogue_uses_a_word_the_glossary_rules_out():
    pattern = re.compile(r"\b(" + "|".join(f"(?:{p})" for p in RULED_OUT) + r")\b")
    found = []
    for path in sorted(ROOT.glob("locale/**/lv/LC_MESSAGES/*.po")):
        for e in polib.pofile(str(path)):
            for form in e.msgstr_plural.values() if e.msgid_plural else [e.msgstr]:
                if match := pattern.search(form):
                    found.append(f"{path.relative_to(ROOT)}: {e.msgid!r} → {match.group(0)!r}")
    assert not found, "words the glossary rules out (see RULED_OUT):\n" + "\n".join(found[:20])
