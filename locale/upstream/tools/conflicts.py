"""List the msgids that two Latvian catalogues of one domain translate differently.

    .venv/bin/python locale/upstream/tools/conflicts.py

All catalogues of a domain are merged at run time and, among LOCALE_PATHS, the first directory
wins: a msgid such as "Preview" in both wagtail/djangojs.po and wagtail-localize/djangojs.po is
shown as the former says everywhere. This lists each such msgid with every translation and the
one that is shown, so that they can be made the same (or the difference kept on purpose).
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[3]
# In LOCALE_PATHS order: the first wins.
DIRECTORIES = [
    ROOT / "locale",
    ROOT / "locale/upstream/wagtail-admin",
    ROOT / "locale/upstream/wagtail",
    ROOT / "locale/upstream/wagtail-localize",
    ROOT / "locale/upstream/django",
]


def translation(entry):
    if entry.obsolete or "fuzzy" in entry.flags:
        return None
    if entry.msgid_plural:
        forms = tuple(entry.msgstr_plural.get(i, "") for i in range(3))
        return forms if all(forms) else None
    return entry.msgstr or None


def conflicts(domain):
    seen = {}
    for directory in DIRECTORIES:
        path = directory / "lv" / "LC_MESSAGES" / f"{domain}.po"
        if not path.exists():
            continue
        for entry in polib.pofile(str(path)):
            text = translation(entry)
            if text is not None:
                where = path.relative_to(ROOT).parts[:-3]
                seen.setdefault((entry.msgctxt, entry.msgid), []).append(("/".join(where), text))
    for (context, msgid), found in sorted(seen.items(), key=lambda kv: kv[0][1]):
        if len({text for _, text in found}) > 1:
            yield context, msgid, found


if __name__ == "__main__":
    count = 0
    for domain in ("django", "djangojs"):
        for context, msgid, found in conflicts(domain):
            count += 1
            print(f"[{domain}] {context + ' | ' if context else ''}{msgid!r}")
            for i, (where, text) in enumerate(found):
                print(f"    {'shown ' if i == 0 else '      '}{where}: {text!r}")
    print(f"{count} msgids translated differently", file=sys.stderr)
