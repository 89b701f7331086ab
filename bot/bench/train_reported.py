"""Learn which cues report speech from PolNeAR train (never dev or test).

    python -m bot.bench.train_reported [--corpus ../shared/corpora/polnear/train]
                                       [--out bot/nlp/reported_cues.json] [--cache FILE]

Every reported-speech candidate of every train article (``ReportedSpeech.candidates``: a verb
with a speaking subject and a content, "according to X", a headline's "X: …") is labelled by
the annotation: right when its content overlaps an annotated attribution's by half of the
shorter and its source overlaps the annotated Source. For each cue key (verb lemma and kind of
content) the share of right candidates, smoothed towards its kind's share, is the rate; two
folds over the documents pick the threshold that gives the best F1 on held-out articles.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from pathlib import Path

from bot.bench.train_speakers import Attribution, parsed_corpus, read_attributions
from bot.nlp.actors import find_actors
from bot.nlp.quotes import QuoteExtractor
from bot.nlp.quotes.reported import CUES_PATH, ReportedCandidate, ReportedSpeech, ReportingCues

SMOOTHING = 3.0  # candidates' worth of the kind's share mixed into each key's rate
MIN_KEY_COUNT = 2


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def label(candidate: ReportedCandidate, attributions: list[Attribution]) -> bool | None:
    """True: an annotated attribution with this source; False: none; None: one with no
    annotated source (neither right nor wrong, as the scorer sets those aside)."""
    content = (candidate.fragments[0][0], candidate.fragments[-1][1])
    source = (candidate.source.idx, candidate.source.idx + len(candidate.source))
    for attribution in attributions:
        shorter = max(1, min(content[1] - content[0], attribution.content[1] - attribution.content[0]))
        if _overlap(content, attribution.content) / shorter < 0.5:
            continue
        if not attribution.sources:
            return None
        subtree = (candidate.source.left_edge.idx, candidate.source.right_edge.idx + len(candidate.source.right_edge))
        return any(_overlap(subtree, s) > 0 or _overlap(source, s) > 0 for s in attribution.sources)
    return False


def collect(corpus: Path, cache: Path | None) -> tuple[list[list[tuple[str, str, bool]]], list[int]]:
    """Per document: its labelled candidates (key, kind, right) and how many of its annotated
    attributions with a source lie outside quotation marks (what reported speech can find)."""
    texts, docs = parsed_corpus(corpus, cache)
    rows, reachable = [], []
    for path, doc in zip(texts, docs, strict=True):
        extractor = QuoteExtractor(doc, find_actors(doc), text=doc.text)
        direct = extractor.extract()
        speech = ReportedSpeech(extractor.document, direct, None)
        attributions = read_attributions(path.with_suffix(".ann"))
        outside = [
            a for a in attributions if a.sources and not any(_overlap(a.content, (q.start, q.end)) > 0 for q in direct)
        ]
        reachable.append(len(outside))
        doc_rows = []
        for candidate in speech.candidates():
            start, end = candidate.fragments[0][0], candidate.fragments[-1][1]
            if speech._overlaps_quotation(start, end):
                continue
            right = label(candidate, attributions)
            if right is not None:
                doc_rows.append((candidate.key, candidate.relation, right))
        rows.append(doc_rows)
    return rows, reachable


def rates_of(rows: list[tuple[str, str, bool]]) -> tuple[dict[str, float], dict[str, float]]:
    by_key: Counter[str] = Counter()
    right_key: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    right_kind: Counter[str] = Counter()
    for key, kind, right in rows:
        by_key[key] += 1
        right_key[key] += right
        by_kind[kind] += 1
        right_kind[kind] += right
    default = {kind: right_kind[kind] / by_kind[kind] for kind in by_kind}
    rates = {
        key: (right_key[key] + SMOOTHING * default[key.split("/", 1)[1]]) / (by_key[key] + SMOOTHING)
        for key in by_key
        if by_key[key] >= MIN_KEY_COUNT
    }
    return rates, default


def f1_at(threshold: float, rates, default, rows, reachable: int) -> float:
    cues = ReportingCues(rates, default, threshold)
    kept = [right for key, kind, right in rows if cues.worth(key, kind)]
    tp = sum(kept)
    precision, recall = tp / max(1, len(kept)), tp / max(1, reachable)
    return 2 * precision * recall / max(1e-9, precision + recall)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default="../shared/corpora/polnear/train")
    parser.add_argument("--out", default=str(CUES_PATH))
    parser.add_argument("--cache", help="a DocBin of the parsed corpus, written on the first run")
    args = parser.parse_args(argv)
    rows, reachable = collect(Path(args.corpus), Path(args.cache) if args.cache else None)
    order = list(range(len(rows)))
    random.Random(13).shuffle(order)
    folds = [order[0::2], order[1::2]]
    thresholds = [t / 100 for t in range(10, 80, 2)]
    held_out: dict[float, float] = {t: 0.0 for t in thresholds}
    for k in (0, 1):
        train = [r for i in folds[k] for r in rows[i]]
        test = [r for i in folds[1 - k] for r in rows[i]]
        rates, default = rates_of(train)
        for t in thresholds:
            held_out[t] += f1_at(t, rates, default, test, sum(reachable[i] for i in folds[1 - k])) / 2
    threshold = max(thresholds, key=lambda t: held_out[t])
    rates, default = rates_of([r for doc in rows for r in doc])
    print(f"{sum(map(len, rows))} candidates, {sum(reachable)} attributions outside quotation marks")
    print(f"threshold {threshold:.2f}: held-out F1 {held_out[threshold]:.3f} over candidates (two folds)")
    data = {
        "threshold": threshold,
        "default": {k: round(v, 4) for k, v in sorted(default.items())},
        "rates": {k: round(v, 4) for k, v in sorted(rates.items())},
    }
    Path(args.out).write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(rates)} cue keys)")


if __name__ == "__main__":
    main()
