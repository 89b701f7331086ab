"""Choosing a summary among stored candidate sentences: no spaCy here, so that a process that
only reads (the Discord gateway, ``ask``) summarises without loading the model."""

from __future__ import annotations

import re

from bot.models import SummarySentence


def _similar(a: str, b: str) -> bool:
    wa, wb = set(re.findall(r"\w+", a.lower())), set(re.findall(r"\w+", b.lower()))
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) > 0.7


MAX_SUMMARY_SENTENCES = 5


def summary_order(candidates: list[SummarySentence] | tuple[SummarySentence, ...], count: int) -> list[SummarySentence]:
    """The ``count`` best candidates, no near-duplicates, best first. The choice is greedy, so
    the best ``k`` for any smaller ``k`` are the first ``k`` of these: storing the order for
    ``MAX_SUMMARY_SENTENCES`` serves every summary length."""
    chosen: list[SummarySentence] = []
    for cand in sorted(candidates, key=lambda c: -c.score):
        if len(chosen) == count:
            break
        if any(_similar(cand.text, c.text) for c in chosen):
            continue
        chosen.append(cand)
    return chosen


def pick_summary(candidates: list[SummarySentence] | tuple[SummarySentence, ...], count: int) -> list[str]:
    """The ``count`` best candidates, no near-duplicates, in article order."""
    return [c.text for c in sorted(summary_order(candidates, count), key=lambda c: c.start)]
