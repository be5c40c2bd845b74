#!/usr/bin/env python3
"""Builds a synthetic news archive for batch benchmarks.

Usage: scripts/make-archive.py N OUTDIR

Each article mixes the paragraphs of the bundled corpus articles (their
boilerplate lines included), shuffles their order within the body, varies
numbers and adds a line of its own, so that no two articles are identical.
Deterministic: the same N gives the same archive.
"""
import pathlib
import random
import re
import sys

def main() -> None:
    n, out = int(sys.argv[1]), pathlib.Path(sys.argv[2])
    corpus = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "corpus"
    articles = []
    for path in sorted(corpus.glob("*.txt")):
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig") if b"\xc3" in raw else raw.decode("cp1252")
        if path.stem.startswith("dr-"):
            continue  # Danish: not a Norwegian newsroom's archive
        articles.append([p for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()])
    rng = random.Random(42)
    out.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        base = articles[i % len(articles)]
        head, body = base[:3], base[3:]
        body = body[:]
        rng.shuffle(body)
        extra = rng.choice(articles)[rng.randrange(3, 6)]
        paras = head + body + [extra, f"Saken er nummer {i} i arkivet, opplyser redaksjonen."]
        text = "\n\n".join(paras)
        text = re.sub(r"\b(\d{2,3})\b", lambda m: str(int(m.group(1)) + rng.randrange(0, 9)), text)
        sub = out / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"article-{i:05d}.txt").write_text(text, encoding="utf-8")

if __name__ == "__main__":
    main()
