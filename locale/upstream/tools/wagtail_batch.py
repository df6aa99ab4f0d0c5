"""Work in batches on the merged Wagtail catalogues.

  wagtail_batch.py dump DOMAIN START END      list entries START..END-1
  wagtail_batch.py apply DOMAIN FILE          apply a batch file
  wagtail_batch.py check DOMAIN               placeholder / plural checks

Batch file lines (entry numbers as printed by ``dump``):
  N = translation                     (``\\n`` for a newline)
  N = form0 || form1 || form2         (plural entries: forms for 1 / 2-20 / 0)
  N ok                                (keep the upstream lv as it is)
  N ! why the upstream lv was wrong   (recorded in FIXES.md by ``apply``)
"""
import json
import os
import re
import sys

import polib

HERE = os.path.dirname(os.path.abspath(__file__))
DIR = os.path.join(HERE, "..", "wagtail", "lv", "LC_MESSAGES")


def load(domain):
    return polib.pofile(os.path.join(DIR, domain + ".po"), wrapwidth=79)


REASONS_PY = os.path.join(HERE, "wagtail_fix_reasons.py")


def load_reasons():
    ns = {}
    if os.path.exists(REASONS_PY):
        exec(open(REASONS_PY, encoding="utf-8").read(), ns)
    return ns.get("REASONS", {})


def save_reasons(reasons):
    import pprint

    head = open(REASONS_PY, encoding="utf-8").read().split("REASONS = ")[0]
    with open(REASONS_PY, "w", encoding="utf-8") as f:
        f.write(head + "REASONS = " + pprint.pformat(reasons, width=100) + "\n")


def esc(s):
    return s.replace("\n", "\\n")


def dump(domain, a, b):
    po = load(domain)
    for i, e in enumerate(po):
        if not (a <= i < b):
            continue
        print("### %d%s%s" % (i, " [ctx=%s]" % e.msgctxt if e.msgctxt else "",
                              " FUZZY" if "fuzzy" in e.flags else ""))
        print("EN:", esc(e.msgid))
        if e.msgid_plural:
            print("PL:", esc(e.msgid_plural))
            forms = [e.msgstr_plural.get(k, "") for k in range(3)]
            if any(forms):
                print("LV:", " || ".join(esc(f) for f in forms))
        elif e.msgstr:
            print("LV:", esc(e.msgstr))
        print("AT:", " ".join("%s:%s" % o for o in e.occurrences[:3]))


PH = re.compile(r"%\([a-z_0-9]+\)[sdif]|%[sd]|\{[a-z_0-9]*\}|</?[a-z]+[^>]*>")


def placeholders(s):
    return sorted(PH.findall(s))


def apply(domain, path):
    po = load(domain)
    entries = list(po)
    fixes = {k: {"why": v} for k, v in load_reasons().items()}
    reasons = {}
    trans = {}
    accept = set()
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        m = re.match(r"^(\d+) ok$", line)
        if m:
            accept.add(int(m.group(1)))
            continue
        m = re.match(r"^(\d+) ([=!]) ?(.*)$", line)
        if not m:
            sys.exit("bad line: %r" % line)
        n, op, text = int(m.group(1)), m.group(2), m.group(3)
        if op == "=":
            trans[n] = text.replace("\\n", "\n")
        else:
            reasons[n] = text
    ok = True
    for n in accept:
        e = entries[n]
        if not (e.msgstr or any(e.msgstr_plural.values())):
            print("nothing to accept:", n, e.msgid)
        elif "fuzzy" in e.flags:
            e.flags.remove("fuzzy")
    for n, text in trans.items():
        e = entries[n]
        if e.msgid_plural:
            forms = [f.strip() for f in text.split("||")]
            if len(forms) != 3:
                print("need 3 forms:", n, e.msgid); ok = False; continue
            old = [e.msgstr_plural.get(k, "") for k in range(3)]
            up_was = "fuzzy" in e.flags and any(old)
            e.msgstr_plural = {k: forms[k] for k in range(3)}
            for k, f in enumerate(forms):
                if placeholders(f) != placeholders(e.msgid_plural) and placeholders(f) != placeholders(e.msgid):
                    print("placeholder mismatch", n, k, f)
            new_repr, old_repr = " || ".join(forms), " || ".join(old)
        else:
            old = e.msgstr
            up_was = "fuzzy" in e.flags and bool(old)
            # keep leading/trailing whitespace of the source
            if e.msgid.endswith(" ") and not text.endswith(" "):
                text += " "
            if e.msgid.endswith("\n") and not text.endswith("\n"):
                text += "\n"
            e.msgstr = text
            if placeholders(text) != placeholders(e.msgid):
                print("placeholder mismatch", n, repr(e.msgid), repr(text))
            new_repr, old_repr = text, old
        fkey = "%s|%s|%s" % (domain, e.msgctxt or "", e.msgid)
        if up_was and new_repr != old_repr:
            if n not in reasons and fkey not in fixes:
                print("FIX WITHOUT REASON:", n, repr(e.msgid), repr(old_repr), "->", repr(new_repr))
            fixes[fkey] = {
                "domain": domain, "msgctxt": e.msgctxt, "msgid": e.msgid,
                "upstream": old_repr, "ours": new_repr,
                "why": reasons.get(n, fixes.get(fkey, {}).get("why", "")),
                "package": e.tcomment.replace("upstream lv (", "").rstrip(")") if e.tcomment else "",
            }
        elif n in reasons:
            fixes.setdefault(fkey, {"domain": domain, "msgctxt": e.msgctxt, "msgid": e.msgid})
            fixes[fkey]["why"] = reasons[n]
            fixes[fkey]["ours"] = new_repr
        elif fkey in fixes:
            fixes[fkey]["ours"] = new_repr
        if "fuzzy" in e.flags:
            e.flags.remove("fuzzy")
    for n, why in reasons.items():
        if n not in trans:
            e = entries[n]
            fkey = "%s|%s|%s" % (domain, e.msgctxt or "", e.msgid)
            fixes.setdefault(fkey, {"domain": domain, "msgctxt": e.msgctxt, "msgid": e.msgid})
            fixes[fkey]["why"] = why
    po.save()
    save_reasons({k: v["why"] for k, v in fixes.items() if v.get("why")})
    done = sum(1 for e in po if e.translated())
    print("applied %d; %s: %d/%d translated, %d fuzzy" % (
        len(trans), domain, done, len(po), sum(1 for e in po if "fuzzy" in e.flags)))


def check(domain):
    po = load(domain)
    for i, e in enumerate(po):
        if not e.translated():
            continue
        srcs = [e.msgid] + ([e.msgid_plural] if e.msgid_plural else [])
        outs = [e.msgstr_plural[k] for k in sorted(e.msgstr_plural)] if e.msgid_plural else [e.msgstr]
        for o in outs:
            if all(placeholders(o) != placeholders(s) for s in srcs):
                print(i, "placeholders:", repr(e.msgid), repr(o))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "dump":
        dump(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif cmd == "apply":
        apply(sys.argv[2], sys.argv[3])
    elif cmd == "check":
        check(sys.argv[2])
