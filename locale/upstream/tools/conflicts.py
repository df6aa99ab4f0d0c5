"""List the msgids that two Latvian catalogues translate differently.

    .venv/bin/python locale/upstream/tools/conflicts.py

All catalogues of a domain are merged at run time and, among LOCALE_PATHS, the first directory
wins: a msgid such as "Title" in both the project's catalogue and wagtail-admin's is shown as the
former says everywhere, and the other translation only misleads whoever reads that .po. The
django and djangojs domains are both shown in the same admin (the pages and their JavaScript),
so a msgid in both ("Toggle sidebar") must read the same in both too.

This lists each such (msgctxt, msgid) with every translation, and, per domain, the one that is
shown. tests/test_admin_catalogues.py fails on any of them that is not in its
DIFFERENT_ON_PURPOSE, with the reason it must stay different.
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
DOMAINS = ("django", "djangojs")


def translation(entry):
    if entry.obsolete or "fuzzy" in entry.flags:
        return None
    if entry.msgid_plural:
        forms = tuple(entry.msgstr_plural.get(i, "") for i in range(3))
        return forms if all(forms) else None
    return entry.msgstr or None


def translations():
    """{(msgctxt, msgid): [(domain, directory, translation), …]} in LOCALE_PATHS order."""
    seen = {}
    for domain in DOMAINS:
        for directory in DIRECTORIES:
            path = directory / "lv" / "LC_MESSAGES" / f"{domain}.po"
            if not path.exists():
                continue
            where = str(directory.relative_to(ROOT))
            for entry in polib.pofile(str(path)):
                text = translation(entry)
                if entry.msgid and text is not None:
                    seen.setdefault((entry.msgctxt, entry.msgid), []).append((domain, where, text))
    return seen


def conflicts():
    """(msgctxt, msgid, [(domain, directory, translation, shown?), …]) translated differently."""
    for (context, msgid), found in sorted(translations().items(), key=lambda kv: kv[0][1]):
        if len({text for _, _, text in found}) > 1:
            first = {}
            rows = []
            for domain, where, text in found:
                rows.append((domain, where, text, first.setdefault(domain, where) == where))
            yield context, msgid, rows


if __name__ == "__main__":
    count = 0
    for context, msgid, rows in conflicts():
        count += 1
        print(f"{context + ' | ' if context else ''}{msgid!r}")
        for domain, where, text, shown in rows:
            print(f"    {'shown ' if shown else '      '}[{domain}] {where}: {text!r}")
    print(f"{count} msgids translated differently", file=sys.stderr)
