"""``python -m bot bench size``: how analysis grows with the length of a text.

Joins PolNeAR articles into texts of about 1k, 5k, 20k and 50k words, parses each once, then
times our analysis of the parsed document (best of three runs, to keep the machine's noise out)
and prints analysis ÷ parse for each length. Analysis linear in length keeps that ratio flat.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

SIZES = (1_000, 5_000, 20_000, 50_000)
_WORD = re.compile(r"\w+")


def _text_of(paths: list[Path], words: int) -> str:
    parts, count = [], 0
    for path in paths * (1 + words // 300):  # the corpus again if it is short
        text = path.read_text(encoding="utf-8")
        parts.append(text)
        count += len(_WORD.findall(text))
        if count >= words:
            break
    return "\n\n".join(parts)


def run_size_bench(model: str, corpus: str) -> int:
    from bot.nlp.pipeline import MAX_CHARS, analyze_doc, load_model

    paths = sorted(Path(corpus).glob("*.txt"))
    if not paths:
        print(f"no .txt articles under {corpus}")
        return 1
    nlp = load_model(model)
    nlp.max_length = max(nlp.max_length, 2 * MAX_CHARS)
    print(f"model {model}; texts joined from {corpus}; analysis is the best of 3 runs")
    for size in SIZES:
        text = _text_of(paths, size)[:MAX_CHARS]  # what the bot analyses of a longer text
        started = time.perf_counter()
        doc = nlp(text)
        parse = time.perf_counter() - started
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            analyze_doc(doc)
            best = min(best, time.perf_counter() - started)
        words = len(_WORD.findall(text))
        print(
            f"{words:>7,} words: parse {parse:6.2f} s, analysis {best:6.2f} s = {100 * best / parse:5.1f}% of the parse"
        )
    return 0
