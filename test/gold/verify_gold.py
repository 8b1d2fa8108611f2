#!/usr/bin/env python3
"""Check gold.yaml against the dev transcripts.

Independently re-splits every respondent paragraph of each transcript into sentences
(rules: a sentence ends at . ? ! optionally followed by a closing quote/bracket, then
whitespace; e.g. i.e. Dr. Mr. Mrs. No. etc. vs. and decimals do not end sentences;
a sentence never spans paragraphs) and asserts that the gold list is exactly that
sequence.  Prints per-document and per-code counts.
Usage: python3 test/gold/verify_gold.py
"""
import os, re, sys
from collections import Counter
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CODES = ["strength", "weakness", "opportunity", "threat", "networking", "attitudes", "services", "barriers"]
LABELS = {  # file -> (interviewer label regex, respondent label regex)
    "dev-01-crisis-centre.md": (r"Interviewer: ", r"Respondent: "),
    "dev-02-police.md": (r"Q: ", r"A: "),
    "dev-03-municipality.md": (r"Interviewer: ", r"Respondent: "),
    "dev-04-employment-ngo.md": (r"\[Interviewer\] ", r"\[Asta\] "),
}
ABBR = ("e.g.", "i.e.", "dr.", "mr.", "mrs.", "no.", "etc.", "vs.")

def split(par):
    out, start = [], 0
    for m in re.finditer(r"[.?!][\"'”’)\]]?(?=\s|$)", par):
        end = m.end()
        seg_lower = par[start:end].lower()
        if m.group(0)[0] == "." and any(re.search(r"(^|\W)" + re.escape(a) + r"$", seg_lower) for a in ABBR):
            continue
        out.append(par[start:end].strip())
        start = end
    rest = par[start:].strip()
    if rest:
        out.append(rest)
    return [s for s in out if s]

def respondent_sentences(path, ilab, rlab):
    txt = open(path, encoding="utf-8").read()
    assert txt.startswith("---\n")
    fm_end = txt.index("\n---\n", 4)
    meta = yaml.safe_load(txt[4:fm_end])
    body = txt[fm_end + 5:]
    paras = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
    sents, speaker = [], None
    for p in paras:
        assert "\n" not in p, f"paragraph with line break in {path}: {p[:40]}"
        if re.match(ilab, p):
            speaker, p = "I", re.sub("^" + ilab, "", p)
        elif re.match(rlab, p):
            speaker, p = "R", re.sub("^" + rlab, "", p)
        else:
            assert speaker, "continuation before any label"
        if speaker == "R":
            sents.extend(split(p))
    words = len(txt.split())
    return meta, sents, words

def main():
    gold = yaml.safe_load(open(os.path.join(HERE, "gold.yaml"), encoding="utf-8"))
    assert gold["coder"] == "gold" and gold["unit"] == "sentence"
    ok = True
    total = Counter(); n_all = n_empty = 0
    print(f"{'document':28} words sents empty")
    for name, items in gold["documents"].items():
        meta, sents, words = respondent_sentences(os.path.join(HERE, name), *LABELS[name])
        txt = open(os.path.join(HERE, name), encoding="utf-8").read()
        gtexts = [it["text"] for it in items]
        for t in gtexts:
            if t not in txt:
                ok = False; print("NOT VERBATIM:", name, t)
        if gtexts != sents:
            ok = False
            for i, (a, b) in enumerate(zip(gtexts, sents)):
                if a != b:
                    print(f"MISMATCH {name} #{i}:\n  gold:  {a}\n  split: {b}"); break
            if len(gtexts) != len(sents):
                print(f"COUNT {name}: gold {len(gtexts)} vs split {len(sents)}")
        empty = 0
        for it in items:
            cs = it["codes"] or []
            assert all(c in CODES for c in cs), cs
            assert len(set(cs)) == len(cs)
            total.update(cs); n_all += 1
            if not cs: empty += 1
        n_empty += empty
        if not (500 <= words <= 800):
            ok = False; print("WORD COUNT out of range:", name, words)
        print(f"{name:28} {words:5} {len(items):5} {empty:5}")
    print(f"\nrespondent sentences: {n_all}, coded: {n_all - n_empty}, empty: {n_empty} ({100*n_empty/n_all:.0f}%)")
    print(f"{'code':12} count")
    for c in CODES:
        print(f"{c:12} {total[c]:5}")
        if total[c] < 10:
            ok = False; print("  < 10!")
    print("OK" if ok else "FAILED")
    return 0 if ok else 1

if __name__ == "__main__":
    sys.exit(main())
