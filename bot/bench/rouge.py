"""ROUGE-N and ROUGE-L F1 on lower-cased word tokens, for comparing summarisers."""

from __future__ import annotations

import re
from collections import Counter


def tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _f1(hits: float, predicted: int, reference: int) -> float:
    if not hits or not predicted or not reference:
        return 0.0
    precision, recall = hits / predicted, hits / reference
    return 2 * precision * recall / (precision + recall)


def rouge_n(reference: list[str], candidate: list[str], n: int) -> float:
    ref = Counter(zip(*(reference[i:] for i in range(n)), strict=False))  # n-grams: shorter shifts end first
    cand = Counter(zip(*(candidate[i:] for i in range(n)), strict=False))
    return _f1(sum((ref & cand).values()), sum(cand.values()), sum(ref.values()))


def rouge_l(reference: list[str], candidate: list[str]) -> float:
    if not reference or not candidate:
        return 0.0
    row = [0] * (len(candidate) + 1)  # longest common subsequence, one row at a time
    for word in reference:
        diagonal = 0
        for j, other in enumerate(candidate, start=1):
            above = row[j]
            row[j] = diagonal + 1 if word == other else max(row[j], row[j - 1])
            diagonal = above
    return _f1(row[-1], len(candidate), len(reference))
