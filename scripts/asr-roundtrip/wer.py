"""WER of ASR transcripts against narrate's normalized script.
usage: wer.py SCRIPT_JSON SUFFIX [--strict]
Reference = the `text` field of every segment (what the voice speaks). By default the
lexicon respellings (rule == "lexicon", e.g. koobernettease) are reverted to the written
word (Kubernetes), since the ASR writes real words; --strict keeps them as spoken."""
import json, re, sys
import jiwer
from num2words import num2words

def num_words(m):
    s = m.group(0)
    o = re.fullmatch(r"(\d[\d,]*)(st|nd|rd|th)", s)
    if o: return " " + num2words(int(o.group(1).replace(",", "")), to="ordinal") + " "
    d = re.fullmatch(r"(\d+)\.(\d+)", s)
    if d:  # mirrors narrate: "3.11" -> three point eleven, "1.2" -> one point two
        i, f = d.groups()
        fw = " ".join(num2words(int(c)) for c in f) if f.startswith("0") else num2words(int(f))
        return f" {num2words(int(i))} point {fw} "
    return " " + num2words(int(s.replace(",", ""))) + " "

CONTRACT = {"wanna": "want to", "gonna": "going to"}

def normalize(s):
    s = re.sub(r"\b(?:[A-Za-z]-)+[A-Za-z]\b", lambda m: m.group(0).replace("-", ""), s)  # A-P-I -> API
    s = re.sub(r"\b(?:[A-Za-z]\.){2,}", lambda m: m.group(0).replace(".", ""), s)       # a.m. -> am
    s = s.replace("%", " percent")
    s = re.sub(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?!(?:st|nd|rd|th)\b)(?=[A-Za-z]{2})", " ", s)                  # QL15 -> QL 15
    s = re.sub(r"\d[\d,]*(?:\.\d+)?(?:st|nd|rd|th)?", num_words, s)
    s = s.lower().replace("’", "'").replace("'", "")
    s = re.sub(r"[-–—/]", " ", s)
    s = re.sub(r"[^a-z0-9 ]", " ", s)
    toks = []
    for t in s.split():
        toks += CONTRACT.get(t, t).split()
    return toks

def join_compounds(toks, other_vocab):
    """'end point' -> 'endpoint' when the other side has 'endpoint' (applied symmetrically)."""
    out, i = [], 0
    while i < len(toks):
        for n in (3, 2):
            if i + n <= len(toks) and "".join(toks[i:i+n]) in other_vocab and "".join(toks[i:i+n]) not in toks[i:i+n]:
                out.append("".join(toks[i:i+n])); i += n; break
        else:
            out.append(toks[i]); i += 1
    return out

def reference(script_json, strict):
    parts = []
    for post in json.load(open(script_json)):
        for seg in post["segments"]:
            t = seg["text"]
            if not strict:
                for c in seg.get("changes", []):
                    if c["rule"] == "lexicon": t = t.replace(c["to"], c["from"])
            parts.append(t)
    return " ".join(parts)

def number_and_fix(toks):
    # num2words writes "one hundred and eighty"; narrate says "one hundred eighty":
    # drop an "and" only when it sits between number words produced on the hypothesis side.
    NUM = set("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand".split())
    return [t for k, t in enumerate(toks) if not (t == "and" and 0 < k < len(toks)-1 and toks[k-1] in ("hundred", "thousand") and toks[k+1] in NUM)]

def main():
    script_json, suffix = sys.argv[1], sys.argv[2]
    strict = "--strict" in sys.argv
    ref = number_and_fix(normalize(reference(script_json, strict)))
    results = {}
    for voice in ("joe", "kokoro-heart"):
        hyp = number_and_fix(normalize(open(f"{voice}.{suffix}.txt").read()))
        r = join_compounds(ref, set(hyp)); h = join_compounds(hyp, set(ref))
        o = jiwer.process_words(" ".join(r), " ".join(h))
        results[voice] = o.wer
        print(f"{voice:13s} WER {o.wer*100:5.2f}%  ref words {len(r)}  S={o.substitutions} D={o.deletions} I={o.insertions}  hits={o.hits}")
        errs = []
        for c in o.alignments[0]:
            if c.type == "equal": continue
            rw = " ".join(o.references[0][c.ref_start_idx:c.ref_end_idx]); hw = " ".join(o.hypotheses[0][c.hyp_start_idx:c.hyp_end_idx])
            errs.append(f"{c.type[:3]}: '{rw}' -> '{hw}'")
        print("   " + "\n   ".join(errs))
    print(f"ratio kokoro/joe = {results['kokoro-heart']/results['joe']:.2f}" if results["joe"] else "joe WER 0")
    open(f"ref.{suffix}{'.strict' if strict else ''}.txt", "w").write(" ".join(ref) + "\n")

main()
