"""Choosing a summary among stored candidate sentences: no spaCy here, so that a process that
only reads (the Discord gateway, ``ask``) summarises without loading the model."""

from __future__ import annotations

import re

from bot.models import SummarySentence


def _similar(a: str, b: str) -> bool:
    wa, wb = set(re.findall(r"\w+", a.lower())), set(re.findall(r"\w+", b.lower()))
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) > 0.7


def pick_summary(candidates: list[SummarySentence] | tuple[SummarySentence, ...], count: int) -> list[str]:
    """The ``count`` best candidates, no near-duplicates, in article order."""
    chosen: list[SummarySentence] = []
    for cand in sorted(candidates, key=lambda c: -c.score):
        if len(chosen) == count:
            break
        if any(_similar(cand.text, c.text) for c in chosen):
            continue
        chosen.append(cand)
    return [c.text for c in sorted(chosen, key=lambda c: c.start)]
