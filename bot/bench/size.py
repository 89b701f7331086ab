"""``python -m bot bench size``: how analysis grows with the length of a text.

Joins PolNeAR articles into texts of about 5k, 20k and 50k words and parses each the way the
bot does (in paragraph pieces past ``PARSE_CHUNK_CHARS``), then times our analysis of the
parsed document and prints analysis ÷ parse for each length. The 1k row is the articles of
the 20k text in texts of about 1k words each, summed: the same words, analysed in short texts.
Analysis linear in length keeps the ratio flat, so the last line, the 20k ratio ÷ the 1k ratio,
stays near 1. Parse times are the best of 2 runs, analysis times the best of 3 (this machine's
timings are noisy).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.text import count_words

SIZES = (5_000, 20_000, 50_000)
SHORT = 1_000  # words of the short texts the 20k text is compared with


def joined_texts(paths: list[Path], words: int, each: int | None = None) -> list[str]:
    """Articles joined into one text of about ``words`` words, or into texts of about ``each``."""
    texts: list[str] = []
    parts: list[str] = []
    count = part_count = 0
    for path in paths * (1 + words // 300):  # the corpus again if it is short
        text = path.read_text(encoding="utf-8")
        parts.append(text)
        found = count_words(text)
        count += found
        part_count += found
        if each is not None and part_count >= each:
            texts.append("\n\n".join(parts))
            parts, part_count = [], 0
        if count >= words:
            break
    if parts:
        texts.append("\n\n".join(parts))
    return texts


def _best(runs: int, work: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    return best, result


def _measure(nlp, texts: list[str]) -> tuple[int, float, float]:
    from bot.nlp.pipeline import analyze_doc, parse

    words = parse_time = analysis_time = 0.0
    for text in texts:
        seconds, doc = _best(2, functools.partial(parse, nlp, text))
        parse_time += seconds
        analysis_time += _best(3, functools.partial(analyze_doc, doc))[0]
        words += count_words(text)
    return int(words), parse_time, analysis_time


def run_size_bench(model: str, corpus: str) -> int:
    from bot.nlp.pipeline import load_model

    paths = sorted(Path(corpus).glob("*.txt"))
    if not paths:
        print(f"no .txt articles under {corpus}")
        return 1
    nlp = load_model(model)
    nlp("The model warms up on a first sentence.")
    print(f"model {model}; texts joined from {corpus}; parse best of 2, analysis best of 3")
    ratios: dict[int, float] = {}
    rows = [(SHORT, joined_texts(paths, 20_000, each=SHORT))] + [(size, joined_texts(paths, size)) for size in SIZES]
    for size, texts in rows:
        words, parse_time, analysis_time = _measure(nlp, texts)
        ratios[size] = analysis_time / parse_time
        label = f"{words:>7,} words" + (f" in {len(texts)} texts" if len(texts) > 1 else "")
        print(
            f"{label:>22}: parse {parse_time:6.2f} s, analysis {analysis_time:6.2f} s "
            f"= {100 * ratios[size]:5.1f}% of the parse"
        )
    print(f"growth: the ratio at 20k words is {ratios[20_000] / ratios[SHORT]:.2f}x the ratio at 1k (linear: 1.00)")
    return 0
