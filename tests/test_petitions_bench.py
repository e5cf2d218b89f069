"""The petition benchmark harness (benchmarks/petitions_bench.py): its small pure functions, and
one run of every operation on a few synthetic petitions (figures, not their values)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from benchmarks import petitions_bench as bench


def test_percentile_interpolates_between_ranks() -> None:
    values = list(range(1, 101))  # 1 … 100
    assert bench.percentile(values, 50) == pytest.approx(50.5)
    assert bench.percentile(values, 95) == pytest.approx(95.05)
    assert bench.percentile(values, 0) == 1
    assert bench.percentile(values, 100) == 100
    assert bench.percentile([7.0], 95) == 7.0
    assert bench.percentile([3, 1, 2], 50) == 2  # unsorted input


@pytest.mark.parametrize("q", [-1, 101])
def test_percentile_rejects_out_of_range(q: float) -> None:
    with pytest.raises(ValueError, match="q must be"):
        bench.percentile([1.0, 2.0], q)


def test_percentile_of_nothing_is_an_error() -> None:
    with pytest.raises(ValueError, match="no values"):
        bench.percentile([], 50)


def test_sizes_accept_suffixes_and_drop_repeats() -> None:
    assert bench.parse_sizes("100000, 1M,100k,1_000_000") == [100_000, 1_000_000]
    assert bench.parse_sizes("1e6") == [1_000_000]
    assert bench.parse_size("250") == 250


@pytest.mark.parametrize("text", ["abc", "0", "1.5", "-3", ""])
def test_sizes_refuse_what_is_not_a_count(text: str) -> None:
    with pytest.raises(ValueError, match="size"):
        bench.parse_sizes(text)


def test_databases_have_aliases() -> None:
    assert bench.parse_databases("sqlite, pg,postgresql") == ["sqlite", "postgres"]
    assert bench.parse_databases("POSTGRES") == ["postgres"]
    with pytest.raises(ValueError, match="unknown database"):
        bench.parse_databases("mysql")
    with pytest.raises(ValueError, match="no database"):
        bench.parse_databases(" , ")


def test_settings_come_from_the_environment_then_the_command_line() -> None:
    defaults = bench.settings_from([], {})
    assert defaults.sizes == [100_000]
    assert defaults.databases == ["sqlite", "postgres"]
    assert defaults.requests == 200
    assert defaults.portal is True

    environ = {
        "BENCH_SIZES": "100000,1000000",
        "BENCH_DATABASES": "postgres",
        "BENCH_REQUESTS": "50",
        "BENCH_PORTAL": "0",
    }
    from_env = bench.settings_from([], environ)
    assert from_env.sizes == [100_000, 1_000_000]
    assert from_env.databases == ["postgres"]
    assert from_env.requests == 50
    assert from_env.portal is False

    overridden = bench.settings_from(["--sizes", "200", "--databases", "sqlite"], environ)
    assert overridden.sizes == [200]
    assert overridden.databases == ["sqlite"]


def test_the_benchmark_database_is_never_a_test_database() -> None:
    name = bench.postgres_database_name(100_000)
    assert name == "danvan_bench_100000"
    assert bench.postgres_url("postgres://postgres@127.0.0.1:5432/", name).endswith(
        "5432/danvan_bench_100000"
    )


def test_verdict() -> None:
    assert bench.verdict(49.9, 50) == "met"
    assert bench.verdict(50.0, 50) == "met"
    assert bench.verdict(50.1, 50) == "not met"
    assert bench.verdict(None, 50) == "not measured"


def test_table_rendering_escapes_pipes() -> None:
    table = bench.render_table(("a", "b"), [["x|y", "2"]])
    assert table.splitlines() == ["| a | b |", "|---|---|", "| x\\|y | 2 |"]


def _report(portal: dict[str, Any] | None) -> dict[str, Any]:
    operation = {
        "name": "list_first",
        "label": bench.LABELS["list_first"],
        "requests": 200,
        "p50_ms": 12.0,
        "p95_ms": 60.0,
        "queries": 9,
        "queries_max": 9,
        "raw_p50_ms": 1.5,
        "ratio": 8.0,
        "target_ms": 50,
    }
    report: dict[str, Any] = {
        "date": "2026-11-27 15:00 UTC",
        "machine": {"cpu": "Test CPU", "cores": 2, "memory_gb": 4.0, "system": "Linux"},
        "versions": {"python": "3.11", "django": "5.2", "sqlite": "3.45"},
        "runs": [
            {
                "database": "sqlite",
                "database_label": "SQLite",
                "size": 100_000,
                "operations": [operation],
                "profiles": {},
            }
        ],
        "portal": portal,
    }
    report["findings"] = bench.findings_for(report)
    return report


def test_markdown_reports_each_figure_against_its_target() -> None:
    text = bench.render_markdown(_report(None))
    assert "## SQLite — 100,000 petitions" in text
    row = next(line for line in text.splitlines() if line.startswith("| back-office list"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert cells[1:] == ["200", "12.0", "60.0", "—", "9", "1.50", "8.0×", "≤ 50 ms", "not met"]
    assert "portal intake (submissions/s, 60 s) | not measured" in text
    assert "p95 60 ms against ≤ 50 ms" in text  # the gap is named
    assert "[benchmarks-data.md](benchmarks-data.md)" in text


def test_markdown_shows_the_portal_figures_when_measured() -> None:
    portal = {
        "measured": True,
        "figures": {
            "rps": 231.5,
            "p50_ms": 40.0,
            "p95_ms": 90.0,
            "lost": 0,
            "doubled": 0,
            "worker_rss_mb_max": 120.0,
        },
    }
    text = bench.render_markdown(_report(portal))
    assert "| portal intake throughput | 231.5 /s | ≥ 200 /s, 60 s | met |" in text
    assert "| lost / doubled submissions | 0 / 0 | 0 / 0 | met |" in text
    assert "not measured" not in text


def test_the_hand_written_analysis_survives_a_new_page() -> None:
    analysis = f"{bench.ANALYSIS_START}\nThe list scans the deadlines.\n{bench.ANALYSIS_END}"
    previous = f"# Old page\n\nold figures\n\n{analysis}\n"
    assert bench.kept_analysis(previous) == analysis
    assert bench.kept_analysis("# A page without analysis\n") == ""
    text = bench.render_markdown(_report(None), bench.kept_analysis(previous))
    assert text.count("The list scans the deadlines.") == 1
    assert "old figures" not in text


def test_a_run_on_another_size_adds_to_the_page() -> None:
    previous = _report({"measured": True, "figures": {"rps": 250.0}})
    current = _report(None)
    current["runs"][0] = {**current["runs"][0], "database": "postgres", "size": 1_000_000}
    merged = bench.merge_reports(previous, current)
    assert [(r["database"], r["size"]) for r in merged["runs"]] == [
        ("sqlite", 100_000),
        ("postgres", 1_000_000),
    ]
    assert merged["portal"]["figures"]["rps"] == 250.0  # kept: not measured this time
    again = bench.merge_reports(merged, _report(None))  # SQLite 100,000 measured again
    assert [(r["database"], r["size"]) for r in again["runs"]] == [
        ("sqlite", 100_000),
        ("postgres", 1_000_000),
    ]


def test_operations_measured_again_replace_only_their_own_figures() -> None:
    previous = _report(None)
    previous["runs"][0]["operations"].append(
        {**previous["runs"][0]["operations"][0], "name": "case_page", "p95_ms": 70.0}
    )
    current = _report(None)
    current["runs"][0]["operations"] = [
        {**current["runs"][0]["operations"][0], "name": "case_page", "p95_ms": 40.0}
    ]
    merged = bench.merge_reports(previous, current)
    figures = {op["name"]: op["p95_ms"] for op in merged["runs"][0]["operations"]}
    assert figures == {"list_first": 60.0, "case_page": 40.0}


@pytest.mark.django_db
def test_every_operation_is_measured_on_a_small_seeded_database() -> None:
    """A smoke run: 200 synthetic petitions, 5 requests per operation (a few seconds)."""
    from danvan.petitions.models import Petition

    call_command("seed-synthetic", petitions=200, seed=3, verbosity=0)
    before = Petition.objects.count()

    result = bench.measure(requests=5, warmup=1, profile=False)

    assert Petition.objects.count() == before  # registrations were rolled back
    assert result["data"] == "synthetic"
    assert result["officers"] > 0
    assert result["words"]["common"]
    assert result["words"]["rare"]
    measured = {op["name"]: op for op in result["operations"]}
    assert set(measured) == set(bench.OPERATIONS)
    for name, op in measured.items():
        assert op["requests"] == 5, name
        assert op["unexpected_statuses"] == {}, name
        assert op["p95_ms"] >= op["p50_ms"] > 0, name
        assert op["queries"] > 0, name
        assert op["raw_p50_ms"] > 0, name
