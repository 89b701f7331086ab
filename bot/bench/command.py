"""``python -m bot bench …``: its arguments and which bench each one runs (the benches import
what they measure only when they run)."""

from __future__ import annotations

import argparse
import asyncio

from bot.config import Settings

BENCHES = ["throughput", "summary", "reads", "size", "memory", "workers"]


def add_bench_parser(sub: argparse._SubParsersAction) -> None:
    bench = sub.add_parser("bench", help="throughput and loop delay beside raw spaCy, or summaries beside baselines")
    bench.add_argument("what", nargs="?", choices=BENCHES, default="throughput")
    bench.add_argument("--articles", type=int, help="throughput, reads (default 50), memory (100): how many articles")
    bench.add_argument("--servers", type=int, default=5, help="reads: servers the articles are spread over")
    bench.add_argument("--db", help="reads: keep the built store in this file or PostgreSQL URL (and reuse it)")
    bench.add_argument("--remote", action="store_true", help="workers: python -m bot worker processes on PostgreSQL")
    bench.add_argument("--rounds", type=int, default=3, help="workers: runs of 1 and of 2 workers, taken in turns")
    bench.add_argument(
        "--bare", action="store_true",
        help="workers: also 1 and 2 analysis processes alone, in the same rounds (this machine's ceiling)",
    )  # fmt: skip
    bench.add_argument(
        "--backend", choices=["sqlite", "postgres"], default="sqlite",
        help="reads: the store (postgres: --db's URL, else a throwaway embedded server)",
    )  # fmt: skip
    bench.add_argument("--corpus", help="default: ../shared/corpora/polnear/dev or ../shared/corpora/bbc-summary")


def run_bench_command(settings: Settings, args: argparse.Namespace) -> int:
    if args.what == "summary":
        from bot.bench.summary import run_summary_bench

        corpus = args.corpus or "../shared/corpora/bbc-summary"
        return run_summary_bench(settings.spacy_model, corpus, settings.summary_sentences)
    if args.what == "size":
        from bot.bench.size import run_size_bench

        return run_size_bench(settings.spacy_model, args.corpus or "../shared/corpora/polnear/dev")
    if args.what == "workers":
        from bot.bench.workers import run_workers_bench

        corpus = args.corpus or "../shared/corpora/polnear/train"
        return asyncio.run(
            run_workers_bench(settings, corpus, args.articles or 60, args.remote, args.rounds, args.bare)
        )
    if args.what == "memory":
        from bot.bench.memory import run_memory_bench

        corpus = args.corpus or "../shared/corpora/polnear/train"
        return asyncio.run(run_memory_bench(settings, corpus, args.articles or 100))
    if args.what == "reads":
        from bot.bench.reads import run_reads_bench

        corpus = args.corpus or "../shared/corpora/polnear/dev"
        return asyncio.run(
            run_reads_bench(settings, args.articles or 50, corpus, args.servers, args.db, backend=args.backend)
        )
    from bot.bench.throughput import run_bench

    return asyncio.run(run_bench(settings, args.articles or 50, args.corpus or "../shared/corpora/polnear/dev"))
