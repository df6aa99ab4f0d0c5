"""Bring the Latvian override catalogues of wagtail-localize and Django in line with the
installed packages, and apply batches of translations to them.

    .venv/bin/python locale/upstream/tools/sync_catalogue.py sync  [wagtail-localize|django]
    .venv/bin/python locale/upstream/tools/sync_catalogue.py apply CATALOGUE.po BATCH.json
    .venv/bin/python locale/upstream/tools/sync_catalogue.py compile

`sync` rebuilds each override .po from the installed package's template catalogues:
  * one entry per (msgctxt, msgid) of the templates, in the templates' order, with their
    references and flags; msgid_plural exactly as upstream;
  * a translation we already have is kept as it is;
  * otherwise the upstream Latvian translation, when there is one, is copied in and flagged
    *fuzzy*: msgfmt leaves fuzzy entries out and the tests count them as missing, so nothing
    unchecked reaches the admin; review it, fix it, remove the flag;
  * entries no longer in any template are dropped (and listed), so the catalogue never
    carries obsolete msgids.
`apply` writes a JSON batch of reviewed translations into a catalogue (and clears fuzzy):
    [{"msgid": "...", "msgctxt": "... (optional)", "msgstr": "..."},
     {"msgid": "...", "msgstr_plural": ["1, 21, 31…", "2–20, 22…", "0"]},
     {"msgid": "...", "accept": true}]    (the upstream translation is right as it is)
`compile` runs `msgfmt --check` on every override catalogue of this tool.

The templates (what must be covered):
  wagtail-localize  wagtail_localize/locale/en (django + djangojs) and
                    wagtail_localize/locales/locale/en (django, merged in)
  django            Django's own lv catalogues list every msgid: django/conf/locale/lv,
                    contrib/auth, contrib/humanize, contrib/contenttypes (django domain)
"""

import json
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[3]
UPSTREAM = ROOT / "locale" / "upstream"
PLURAL_FORMS = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);"


def site_packages():
    import django

    return Path(django.__file__).resolve().parent.parent


def catalogues():
    """{override .po: ([template .po…], [upstream lv .po…])}"""
    sp = site_packages()
    wl = sp / "wagtail_localize"
    dj = sp / "django"
    django_lv = [
        dj / "conf/locale/lv/LC_MESSAGES/django.po",
        dj / "contrib/auth/locale/lv/LC_MESSAGES/django.po",
        dj / "contrib/humanize/locale/lv/LC_MESSAGES/django.po",
        dj / "contrib/contenttypes/locale/lv/LC_MESSAGES/django.po",
    ]
    return {
        UPSTREAM / "wagtail-localize/lv/LC_MESSAGES/django.po": (
            [
                wl / "locale/en/LC_MESSAGES/django.po",
                wl / "locales/locale/en/LC_MESSAGES/django.po",
            ],
            [wl / "locale/lv/LC_MESSAGES/django.po"],
        ),
        UPSTREAM / "wagtail-localize/lv/LC_MESSAGES/djangojs.po": (
            [wl / "locale/en/LC_MESSAGES/djangojs.po"],
            [wl / "locale/lv/LC_MESSAGES/djangojs.po"],
        ),
        # django-taggit's strings reach every tags field of the admin ("A comma-separated
        # list of tags."); it has no Latvian of its own, so it is covered here too.
        UPSTREAM / "django/lv/LC_MESSAGES/django.po": (
            [*django_lv, sp / "taggit/locale/en/LC_MESSAGES/django.po"],
            django_lv,
        ),
    }


def now():
    import datetime

    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M+0000")


def key(entry):
    return (entry.msgctxt, entry.msgid)


def is_translated(entry):
    if entry.obsolete or "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return len(entry.msgstr_plural) == 3 and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def header(po, project, revised):
    po.metadata = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "PO-Revision-Date": revised,
        "Last-Translator": "Viedie ciemi",
        "Language-Team": "Latvian (Viedie ciemi)",
        "Language": "lv",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS,
    }


def sync(target, templates, upstream_lv):
    ours, revised = {}, now()
    if target.exists():
        old = polib.pofile(str(target))
        ours = {key(e): e for e in old if not e.obsolete}
        revised = old.metadata.get("PO-Revision-Date") or revised
    theirs = {}
    for path in upstream_lv:
        if path.exists():
            for e in polib.pofile(str(path)):
                if not e.obsolete and e.translated() and key(e) not in theirs:
                    theirs[key(e)] = e
    new = polib.POFile(wrapwidth=79)
    header(new, f"Viedie ciemi: Latvian overrides for {target.parts[-4]}", revised)
    seen = {}
    for template in templates:
        for e in polib.pofile(str(template)):
            if e.obsolete or not e.msgid:
                continue
            k = key(e)
            package = template.relative_to(site_packages()).parents[3].as_posix()
            refs = [
                (f if f.startswith(package + "/") else f"{package}/{f}", n)
                for f, n in e.occurrences
            ]
            if k in seen:
                seen[k].occurrences.extend(refs)
                continue
            entry = polib.POEntry(
                msgctxt=e.msgctxt,
                msgid=e.msgid,
                msgid_plural=e.msgid_plural,
                occurrences=refs,
                flags=[f for f in e.flags if f != "fuzzy"],
                comment=e.comment,
            )
            have = ours.get(k)
            source = have if have is not None and (have.msgstr or have.msgstr_plural) else None
            if source is None and k in theirs:
                source = theirs[k]
                entry.flags.append("fuzzy")
                entry.tcomment = "upstream lv, not yet reviewed"
            elif source is not None:
                entry.tcomment = source.tcomment
                if "fuzzy" in source.flags:
                    entry.flags.append("fuzzy")
            if source is not None:
                if e.msgid_plural:
                    entry.msgstr_plural = {i: source.msgstr_plural.get(i, "") for i in range(3)}
                else:
                    entry.msgstr = source.msgstr
            elif e.msgid_plural:
                entry.msgstr_plural = {0: "", 1: "", 2: ""}
            new.append(entry)
            seen[k] = entry
    dropped = sorted(set(ours) - set(seen), key=str)
    target.parent.mkdir(parents=True, exist_ok=True)
    new.save(str(target))
    done = sum(is_translated(e) for e in new)
    print(f"{target.relative_to(ROOT)}: {done}/{len(new)} translated", end="")
    print(f", dropped {len(dropped)} obsolete: {dropped}" if dropped else "")


def apply(target, batch):
    po = polib.pofile(str(target), wrapwidth=79)
    entries = {key(e): e for e in po}
    missing = []
    for item in json.loads(Path(batch).read_text(encoding="utf-8")):
        e = entries.get((item.get("msgctxt"), item["msgid"]))
        if e is None:
            missing.append(item["msgid"])
            continue
        if item.get("accept"):
            pass  # the upstream translation already in the entry was reviewed and is right
        elif "msgstr_plural" in item:
            e.msgstr_plural = dict(enumerate(item["msgstr_plural"]))
        else:
            e.msgstr = item["msgstr"]
        if "fuzzy" in e.flags:
            e.flags.remove("fuzzy")
        e.tcomment = item.get("note", "")
    po.metadata["PO-Revision-Date"] = now()
    po.save(str(target))
    if missing:
        sys.exit(f"not in {target.name}: {missing}")


def compile_all():
    for target in catalogues():
        subprocess.run(
            ["msgfmt", "--check", "-o", str(target.with_suffix(".mo")), str(target)], check=True
        )
        print("compiled", target.relative_to(ROOT))


if __name__ == "__main__":
    command, *args = sys.argv[1:] or ["help"]
    if command == "sync":
        for target, (templates, upstream_lv) in catalogues().items():
            if not args or target.parts[-4] in args:
                sync(target, templates, upstream_lv)
    elif command == "apply":
        apply(Path(args[0]), args[1])
    elif command == "compile":
        compile_all()
    else:
        print(__doc__)
