"""Build (or refresh) the merged Latvian override catalogues for Wagtail.

Usage: python locale/upstream/tools/wagtail_build.py [--site-packages PATH]

Reads the English template catalogues of the Wagtail packages listed in
PACKAGES (django domain) and wagtail/admin's djangojs domain, and writes
locale/upstream/wagtail/lv/LC_MESSAGES/{django,djangojs}.po.

* Every msgid (with msgctxt and plural) of the templates gets one entry;
  an msgid appearing in several packages is kept once, with the references
  of all of them (prefixed by the package path).
* A translation already in our catalogue is kept.
* Otherwise the package's upstream ``lv`` translation (if any) is copied and
  flagged fuzzy, so that it is reviewed before it is used.
* Entries no longer in any template are dropped.
"""
import argparse
import os
import sys

import polib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, "..", "wagtail", "lv", "LC_MESSAGES")

PACKAGES = [
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
JS_PACKAGES = ["wagtail/admin"]

PLURAL_FORMS = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);"


def key(e):
    return (e.msgctxt or "", e.msgid, e.msgid_plural or "")


def build(site_packages, packages, domain):
    out_path = os.path.join(OUT_DIR, domain + ".po")
    existing = {}
    if os.path.exists(out_path):
        for e in polib.pofile(out_path):
            existing[key(e)] = e

    merged = {}
    order = []
    for pkg in packages:
        base = os.path.join(site_packages, pkg, "locale")
        en_path = os.path.join(base, "en", "LC_MESSAGES", domain + ".po")
        lv_path = os.path.join(base, "lv", "LC_MESSAGES", domain + ".po")
        if not os.path.exists(en_path):
            print("no template:", en_path, file=sys.stderr)
            continue
        upstream = {}
        if os.path.exists(lv_path):
            for e in polib.pofile(lv_path):
                if not e.obsolete and e.translated():
                    upstream[key(e)] = e
        for e in polib.pofile(en_path):
            if e.obsolete:
                continue
            k = key(e)
            refs = [(pkg + "/" + f, ln) for f, ln in e.occurrences]
            if k in merged:
                merged[k].occurrences.extend(refs)
                continue
            n = polib.POEntry(
                msgid=e.msgid,
                msgctxt=e.msgctxt,
                msgid_plural=e.msgid_plural,
                occurrences=refs,
                flags=[f for f in e.flags if f != "fuzzy"],
                comment=e.comment,
            )
            if e.msgid_plural:
                n.msgstr_plural = {0: "", 1: "", 2: ""}
            old = existing.get(k)
            up = upstream.get(k)
            if old is not None and (old.translated() or "fuzzy" in old.flags):
                if e.msgid_plural:
                    n.msgstr_plural = dict(old.msgstr_plural)
                else:
                    n.msgstr = old.msgstr
                if "fuzzy" in old.flags:
                    n.flags.append("fuzzy")
                if "fuzzy" in old.flags or not (old.tcomment or "").startswith("upstream lv"):
                    n.tcomment = old.tcomment
            elif up is not None:
                if e.msgid_plural:
                    n.msgstr_plural = {i: up.msgstr_plural.get(i, "") for i in range(3)}
                else:
                    n.msgstr = up.msgstr
                n.flags.append("fuzzy")
                n.tcomment = "upstream lv (%s)" % pkg
            merged[k] = n
            order.append(k)

    po = polib.POFile(wrapwidth=79)
    po.metadata = {
        "Project-Id-Version": "Viedie ciemi: Wagtail (%s)" % domain,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": "2026-08-25 00:00+0000",
        "PO-Revision-Date": "2026-08-25 00:00+0000",
        "Last-Translator": "Viedie ciemi",
        "Language-Team": "Latvian",
        "Language": "lv",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS,
    }
    po.header = (
        "Latvian overrides for Wagtail's catalogues (%s domain), merged from\n"
        "the packages' English templates; see locale/upstream/wagtail/FIXES.md."
        % domain
    )
    for k in order:
        po.append(merged[k])
    po.save(out_path)
    done = sum(1 for e in po if e.translated())
    print("%s: %d entries, %d translated" % (out_path, len(po), done))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--site-packages", default=None)
    args = ap.parse_args()
    sp = args.site_packages
    if sp is None:
        import wagtail

        sp = os.path.dirname(os.path.dirname(wagtail.__file__))
    build(sp, PACKAGES, "django")
    build(sp, JS_PACKAGES, "djangojs")


if __name__ == "__main__":
    main()
