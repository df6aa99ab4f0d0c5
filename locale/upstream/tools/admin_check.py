"""Check the Latvian override catalogue of wagtail/admin (django domain).

    python locale/upstream/tools/admin_check.py

Compares locale/upstream/wagtail-admin/lv/LC_MESSAGES/django.po with the English template
of the installed Wagtail and reports: msgids missing or untranslated, placeholders and HTML tags
that differ from the msgid, sentence-final punctuation that differs, plural entries without three
forms, straight quotes in running text, and words outside the project's terminology.
Exits 1 if it finds anything.
"""
import pathlib
import re
import sys

import polib
import wagtail

HERE = pathlib.Path(__file__).resolve().parent
PO = HERE.parent / "wagtail-admin/lv/LC_MESSAGES/django.po"
EN = pathlib.Path(wagtail.__file__).parent / "admin/locale/en/LC_MESSAGES/django.po"
PLURAL = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);"

PLACEHOLDER = re.compile(r"%\([^)]+\)[sdif]|%[sdif]|\{[a-z_]*\}")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
# Words that the terminology table replaces (lower case, matched at word start).
FORBIDDEN = {
    r"\blabo": "edit = rediģēt",
    r"\blabot": "edit = rediģēt",
    r"moderācij|moderēš": "moderation = pārskatīšana",
    r"\bslēg|\batslēg": "lock = bloķēt",
    r"\baktīv": "live = publicēts",
    r"sagatav": "draft = melnraksts",
    r"informācijas panel": "dashboard = vadības panelis",
    r"lokalizācij": "locale = valoda",
    r"tiesīb": "permission = atļauja",
    r"tekstuāl": "slug = adreses daļa",
    r"\batsauk[a-zēīū]* publicēš": "unpublish = atcelt publicēšanu",
    r"\bpatreiz": "pašreizējais",
}
FINAL = ".?!:…"


def text_without_tags(s):
    return TAG.sub("", s)


def check(entry, msgstr, problems, form=""):
    where = f"{entry.msgid[:60]!r}{form}"
    if not msgstr.strip():
        problems.append(f"untranslated: {where}")
        return
    source = entry.msgid_plural if form and form != "[0]" and entry.msgid_plural else entry.msgid
    ph_src = sorted(set(PLACEHOLDER.findall(entry.msgid)) | set(PLACEHOLDER.findall(entry.msgid_plural or "")))
    ph_dst = sorted(set(PLACEHOLDER.findall(msgstr)))
    if entry.msgid_plural:
        extra = set(ph_dst) - set(ph_src)
        if extra:
            problems.append(f"placeholder not in msgid {sorted(extra)}: {where}")
    elif ph_src != ph_dst:
        problems.append(f"placeholders {ph_src} != {ph_dst}: {where}")
    if sorted(TAG.findall(source)) != sorted(TAG.findall(msgstr)):
        problems.append(f"HTML tags differ: {where}")
    s_end, t_end = source.rstrip()[-1:], msgstr.rstrip()[-1:]
    if (s_end in FINAL or t_end in FINAL) and s_end != t_end:
        problems.append(f"final punctuation {s_end!r} != {t_end!r}: {where}")
    # '(")' names the character itself (tag widget help text), it is not a quotation.
    plain = text_without_tags(msgstr).replace('(")', "")
    if re.search(r"(^|[\s(])['\"]|['\"]($|[\s.,:;!?)])", plain):
        problems.append(f"straight quotes in text (use «»): {where}")
    if "..." in msgstr:
        problems.append(f"'...' instead of '…': {where}")
    low = plain.lower()
    for pattern, why in FORBIDDEN.items():
        if re.search(pattern, low):
            problems.append(f"terminology ({why}): {where}: {msgstr!r}")


def main():
    po = polib.pofile(str(PO))
    en = polib.pofile(str(EN))
    problems = []
    if po.metadata.get("Plural-Forms") != PLURAL:
        problems.append(f"Plural-Forms header is {po.metadata.get('Plural-Forms')!r}")
    if po.metadata.get("Language") != "lv":
        problems.append("Language header is not lv")
    ours = {(e.msgctxt, e.msgid): e for e in po}
    translated = 0
    for e in en:
        o = ours.get((e.msgctxt, e.msgid))
        if o is None:
            problems.append(f"missing msgid: {e.msgid[:60]!r}")
            continue
        if o.msgid_plural != e.msgid_plural:
            problems.append(f"msgid_plural differs: {e.msgid[:60]!r}")
        if e.msgid_plural:
            forms = [o.msgstr_plural.get(i, "") for i in range(3)]
            for i, f in enumerate(forms):
                check(o, f, problems, f"[{i}]")
            translated += all(forms)
        else:
            check(o, o.msgstr, problems)
            translated += bool(o.msgstr)
        if "fuzzy" in o.flags:
            problems.append(f"fuzzy: {e.msgid[:60]!r}")
    for p in problems:
        print(p)
    print(f"translated {translated}/{len(en)}; {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
