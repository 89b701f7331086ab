"""``bench workers``' sums: CPU time from /proc/stat split into analysis (niced) and the rest."""

from bot.bench import workers
from bot.bench.workers import CpuTicks, IngestRun


def test_a_runs_cpu_is_split_per_article_into_analysis_and_the_rest():
    used = CpuTicks(niced=1500, rest=1300, steal=20, total=3000) - CpuTicks(niced=300, rest=1000, steal=10, total=600)
    run = IngestRun(elapsed=10.0, loop_delays=[], stored=60, steal=10 / 2400, cpu=used)
    assert run.per_article() == (200.0, 50.0)  # 1200 and 300 ticks of 10 ms over 60 articles
    assert IngestRun(10.0, [], 0, None, used).per_article() is None


def test_the_summary_gives_the_slowdown_of_analysis_with_both_cpus_busy(capsys):
    def run(niced: int, rest: int) -> IngestRun:
        return IngestRun(10.0, [], 10, 0.0, CpuTicks(niced, rest, 0, 2000))

    workers._print_cpu([(1, run(30, 2)), (2, run(33, 1)), (2, run(33, 1)), (1, run(30, 2))])
    line = capsys.readouterr().out
    assert "analysis 30 ms with 1 worker, 33 ms with 2 (d = 1.100)" in line
    assert "2.0 ms with 1, 1.0 ms with 2" in line


async def test_the_timed_ingest_starts_after_the_longest_articles_warmed_the_workers(service, tmp_path):
    bodies = {
        "short.txt": "Mayor Ilsa Varnholt opened the new ferry pier on Tuesday, a year after the storm took the old one.",
        "long.txt": "The harbour council met for six hours. " * 30 + '"We will rebuild the quay," said Ilsa Varnholt.',
        "middle.txt": "Engineers from Dunmere Works said the tides had worn the old pier away. " * 5,
    }
    for name, body in bodies.items():
        (tmp_path / name).write_text(body)
    paths = sorted(tmp_path.glob("*.txt"))

    run = await workers.timed_ingest(service, paths, workers=1)

    assert run.stored == 3  # the timed ingest stores all three: the warm-up went elsewhere
    assert await service.db.count_articles("bench") == 3
    warm = await service.db.list_articles("bench-warm-up", 10)
    assert len(warm) == min(3, workers.WARM_ARTICLES_PER_WORKER)


def test_the_bare_report_sets_the_bots_ratio_beside_the_machines_own(capsys):
    def run(rate: float) -> IngestRun:
        return IngestRun(elapsed=10.0, loop_delays=[], stored=round(10 * rate), steal=0.0)

    bot = [(1, run(2.0)), (2, run(3.4)), (2, run(3.6)), (1, run(2.0))]  # rounds: 1.70x, 1.80x
    bare = [(2, run(3.6)), (1, run(2.0)), (1, run(2.0)), (2, run(3.8))]  # rounds: 1.80x, 1.90x

    workers._report_bare(bare, bot)

    out = capsys.readouterr().out
    assert "2 process(es): 36 analysed in 10.0 s = 3.60 articles/s" in out
    assert "bare analysis, 2 processes ÷ 1: 1.85x (ratio of the medians); each round: 1.80, 1.90" in out
    assert "the bot's ratio is 95% of bare analysis's (ratio of the medians); round by round: 94%, 95%" in out


async def test_bare_analysis_times_the_bots_analysis_pool_alone(settings, tmp_path):
    from bot.bench.bare_analysis import article_texts, bare_run

    pier = 'Ferry pier reopens\n\n"It is ours again," said Mayor Ilsa Varnholt, as the first boat in a year came in.'
    (tmp_path / "pier.txt").write_text(pier)
    (tmp_path / "tides.txt").write_text("Engineers from Dunmere Works said the tides had worn the old pier away. " * 2)
    texts = article_texts(sorted(tmp_path.glob("*.txt")))
    assert texts[0] == (pier, "Ferry pier reopens")  # as the bot extracts a shared file

    run = await bare_run(settings, texts, processes=1)

    assert run.stored == 2 and run.elapsed > 0
