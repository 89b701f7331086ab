"""``python -m bot bench summary``: our summaries beside Lead-3, LexRank and TextRank.

Runs on the BBC News Summary articles in ../shared (first line: the headline, left out of
every summary) and scores each summariser with ROUGE against the reference summaries.
LexRank and TextRank come from sumy (a development dependency), fed the same sentences.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from bot.bench.rouge import rouge_l, rouge_n, tokens
from bot.nlp.marks import sentence_spans


class _Sentences:
    """sumy's tokenizer interface over our own sentence splitter (no NLTK data needed)."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        return [paragraph[a:b] for a, b in sentence_spans(paragraph)]

    def to_words(self, sentence: str) -> list[str]:
        return re.findall(r"\w+", sentence)


def _body(text: str) -> str:
    lines = text.split("\n", 1)
    return lines[1] if len(lines) > 1 else ""


def lead(text: str, count: int) -> list[str]:
    body = _body(text)
    return [body[a:b] for a, b in sentence_spans(body)][:count]


def _sumy(text: str, count: int, summarizer_class) -> list[str]:
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.utils import get_stop_words

    document = PlaintextParser.from_string(_body(text), _Sentences()).document
    summarizer = summarizer_class(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    return [str(s) for s in summarizer(document, count)]


def run_summary_bench(model: str, corpus: str, count: int = 3) -> int:
    try:
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer
    except ImportError:
        print("sumy is not installed: `pip install -e '.[dev]'` (make install does it)")
        return 1
    from bot.nlp.pipeline import analyze_doc, load_model

    root = Path(corpus)
    articles = sorted(root.glob("article/*/*.txt"))
    if not articles:
        print(f"no articles under {root}/article (the benchmark reads ../shared/corpora/bbc-summary)")
        return 1
    nlp = load_model(model)
    texts = [a.read_text(encoding="utf-8", errors="replace") for a in articles]
    ours = [list(analyze_doc(doc, None, count).summary) for doc in nlp.pipe(texts, batch_size=8)]
    systems = {
        "Lead-3": [lead(t, count) for t in texts],
        "LexRank (sumy)": [_sumy(t, count, LexRankSummarizer) for t in texts],
        "TextRank (sumy)": [_sumy(t, count, TextRankSummarizer) for t in texts],
        "ours": ours,
    }
    totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for i, article in enumerate(articles):
        reference_path = root / "summary" / article.parent.name / article.name
        reference = tokens(reference_path.read_text(encoding="utf-8", errors="replace"))
        for name, summaries in systems.items():
            candidate = tokens(" ".join(summaries[i]))
            totals[name]["ROUGE-1"] += rouge_n(reference, candidate, 1)
            totals[name]["ROUGE-2"] += rouge_n(reference, candidate, 2)
            totals[name]["ROUGE-L"] += rouge_l(reference, candidate)
            totals[name]["words"] += len(candidate)
    n = len(articles)
    print(f"{n} BBC articles, {count} sentences per summary, headline left out")
    for name, scores in totals.items():
        print(
            f"{name:16} ROUGE-1={scores['ROUGE-1'] / n:.3f} ROUGE-2={scores['ROUGE-2'] / n:.3f} "
            f"ROUGE-L={scores['ROUGE-L'] / n:.3f} words/summary={scores['words'] / n:.0f}"
        )
    base = totals["Lead-3"]["ROUGE-2"] or 1e-9
    print(
        f"ours / Lead-3: ROUGE-2 x{totals['ours']['ROUGE-2'] / base:.3f}, "
        f"length x{totals['ours']['words'] / max(1.0, totals['Lead-3']['words']):.2f}"
    )
    return 0
