"""Benchmark: the petition screens at scale, on SQLite and PostgreSQL, and the framework's
overhead against hand-written SQL.

    make bench
    BENCH_SIZES=100000,1000000 BENCH_DATABASES=sqlite,postgres make bench
    .venv/bin/python benchmarks/petitions_bench.py [--sizes 100000] [--databases sqlite]
        [--requests 200] [--warmup 10] [--output docs]
    .venv/bin/python benchmarks/petitions_bench.py render   # docs/benchmarks.md from the .json

For each database and size: seed the petitions with `danvan seed-synthetic` (a database that
already holds that many is reused), then, in a child process set up on that database, time
each operation through `django.test.Client` in-process (middleware, view, template or
serializer, and every SQL query; no socket, no server), count its SQL queries, and time the
same result fetched with hand-written SQL through `connection.cursor()`. An operation over
its target is profiled: cProfile over a few requests, and EXPLAIN ANALYZE (PostgreSQL) or
EXPLAIN QUERY PLAN (SQLite) of its slowest queries. Portal intake figures come from
`benchmarks/portal_load.py` when it is there. Writes docs/benchmarks.json and
docs/benchmarks.md.

Environment: BENCH_SIZES, BENCH_DATABASES (sqlite, postgres), BENCH_REQUESTS, BENCH_WARMUP,
BENCH_POSTGRES_URL (server URL; the database is `danvan_bench_<size>`, recreated when it does
not hold the requested size), BENCH_DATA_DIR (SQLite files; default var/bench),
BENCH_PORTAL (0: skip the portal load test)."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import math
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = (100_000,)
DEFAULT_DATABASES = ("sqlite", "postgres")
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/"
PAGE_SIZE = 50
# An operation stops early (at ≥ BENCH_MIN_REQUESTS requests) past BENCH_OPERATION_SECONDS.
SECONDS_PER_OPERATION = float(os.environ.get("BENCH_OPERATION_SECONDS", 60))
MIN_REQUESTS_WHEN_SLOW = int(os.environ.get("BENCH_MIN_REQUESTS", 5))
WARMUP_SECONDS = 15.0  # warm-up stops early (after one request) past this
PROFILE_REQUESTS = int(os.environ.get("BENCH_PROFILE_REQUESTS", 3))
# An operation whose first request takes longer than this is timed on that request alone,
# and not profiled: its gap to the target needs no second sample.
SINGLE_REQUEST_SECONDS = float(os.environ.get("BENCH_SINGLE_REQUEST_SECONDS", 120))

# The targets (p95, milliseconds), at 1,000,000 petitions on PostgreSQL and at
# 100,000 on SQLite.
TARGETS_MS: dict[str, float] = {
    "list_first": 50,
    "list_deep": 50,
    "api_list": 50,
    "search_common": 100,
    "search_rare": 100,
    "board_ward": 150,
    "board_province": 150,
    "board_province_fresh": 150,
    "register": 60,
    "case_page": 60,
}
LABELS: dict[str, str] = {
    "list_first": "back-office list, ward officer: status + overdue, first page",
    "list_deep": "back-office list, ward officer: whole scope, last page",
    "api_list": "API list, ward officer: status filter, pages 1–3",
    "search_common": "accent-insensitive search, common word (province-wide reader)",
    "search_rare": "accent-insensitive search, rare word (province-wide reader)",
    "board_ward": "backlog board, ward officer",
    "board_province": "backlog board, province-wide reader (as served: from the board cache)",
    "board_province_fresh": "backlog board, province-wide reader, counted afresh (?refresh=1)",
    "register": "registration with duplicate check (rolled back)",
    "case_page": "case page",
}
OPERATIONS = tuple(TARGETS_MS)
PORTAL_TARGETS = {"rps": 200.0, "worker_rss_mb_max": 300.0}
STATUSES = ("accepted", "received")


# ---------------------------------------------------------------- pure helpers


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) with linear interpolation between ranks (NumPy's default)."""
    if not values:
        raise ValueError("no values")
    if not 0 <= q <= 100:
        raise ValueError("q must be within 0 and 100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    if low == high:
        return float(ordered[low])
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def parse_size(text: str) -> int:
    """`100000`, `100_000`, `100k`, `1M` or `1e6` → an integer number of petitions."""
    value = text.strip().lower().replace("_", "").replace(",", "")
    multiplier = 1
    if value.endswith("k"):
        value, multiplier = value[:-1], 1_000
    elif value.endswith("m"):
        value, multiplier = value[:-1], 1_000_000
    try:
        number = float(value) * multiplier
    except ValueError as exc:
        raise ValueError(f"not a size: {text!r}") from exc
    if number < 1 or number != int(number):
        raise ValueError(f"not a size: {text!r}")
    return int(number)


def parse_sizes(text: str) -> list[int]:
    """A comma-separated list of sizes (`100000,1000000`); order kept, repeats dropped."""
    sizes: list[int] = []
    for part in text.split(","):
        if part.strip():
            size = parse_size(part)
            if size not in sizes:
                sizes.append(size)
    if not sizes:
        raise ValueError("no size given")
    return sizes


DATABASE_ALIASES = {
    "sqlite": "sqlite",
    "sqlite3": "sqlite",
    "postgres": "postgres",
    "postgresql": "postgres",
    "pg": "postgres",
}


def parse_databases(text: str) -> list[str]:
    """`sqlite,postgres` (also `pg`, `postgresql`, `sqlite3`) → canonical names."""
    found: list[str] = []
    for part in text.split(","):
        name = part.strip().lower()
        if not name:
            continue
        if name not in DATABASE_ALIASES:
            raise ValueError(f"unknown database {part.strip()!r} (sqlite or postgres)")
        if DATABASE_ALIASES[name] not in found:
            found.append(DATABASE_ALIASES[name])
    if not found:
        raise ValueError("no database given")
    return found


def postgres_database_name(size: int) -> str:
    name = f"danvan_bench_{size}"
    assert not name.startswith("test"), "the test suite owns the test* databases"
    return name


def postgres_url(server_url: str, database: str) -> str:
    return server_url.rstrip("/") + "/" + database


def verdict(p95_ms: float | None, target_ms: float | None) -> str:
    if p95_ms is None:
        return "not measured"
    if target_ms is None:
        return "—"
    return "met" if p95_ms <= target_ms else "not met"


def _ms(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table; `|` inside a cell is escaped."""

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"

    out = [line(headers), "|" + "|".join("---" for _ in headers) + "|"]
    out.extend(line(row) for row in rows)
    return "\n".join(out)


def operation_rows(operations: Sequence[dict[str, Any]]) -> list[list[str]]:
    rows = []
    for op in operations:
        ratio = op.get("ratio")
        queries = op.get("queries")
        queries_text = "—" if queries is None else str(queries)
        if queries is not None and op.get("queries_max") not in (None, queries):
            queries_text += f" (max {op['queries_max']})"
        rows.append(
            [
                op.get("label", op["name"]),
                str(op.get("requests", 0)),
                _ms(op.get("p50_ms")),
                _ms(op.get("p95_ms")),
                _ms(op.get("cpu_p50_ms")),
                queries_text,
                _ms(op.get("raw_p50_ms"), 2),
                "—" if ratio is None else f"{ratio:,.1f}×",
                f"≤ {op['target_ms']:g} ms" if op.get("target_ms") else "—",
                verdict(op.get("p95_ms"), op.get("target_ms")),
            ]
        )
    return rows


OPERATION_HEADERS = (
    "operation",
    "requests",
    "p50 ms",
    "p95 ms",
    "CPU p50 ms",
    "SQL queries",
    "raw SQL p50 ms",
    "framework / raw",
    "target p95",
    "target",
)


def portal_rows(portal: dict[str, Any] | None) -> list[list[str]]:
    """The portal intake line(s): figures from portal_load.py, or "not measured"."""
    if not portal or not portal.get("measured"):
        reason = (portal or {}).get("reason", "benchmarks/portal_load.py not run")
        return [["portal intake (submissions/s, 60 s)", "not measured", "", "", reason]]
    figures = portal.get("figures", {})
    rps = figures.get("rps")
    rss = figures.get("worker_rss_mb_max")
    lost, doubled = figures.get("lost"), figures.get("doubled")
    rows = [
        [
            "portal intake throughput",
            _ms(rps) + " /s",
            "≥ 200 /s, 60 s",
            "met" if rps is not None and rps >= PORTAL_TARGETS["rps"] else "not met",
            f"p50 {_ms(figures.get('p50_ms'))} ms, p95 {_ms(figures.get('p95_ms'))} ms",
        ],
        [
            "lost / doubled submissions",
            f"{lost} / {doubled}",
            "0 / 0",
            "met" if lost == 0 and doubled == 0 else "not met",
            "",
        ],
        [
            "web worker resident memory (max)",
            _ms(rss) + " MB",
            "< 300 MB",
            "met" if rss is not None and rss < PORTAL_TARGETS["worker_rss_mb_max"] else "not met",
            "",
        ],
    ]
    return rows


def render_markdown(report: dict[str, Any], analysis: str = "") -> str:
    """docs/benchmarks.md from the report (docs/benchmarks.json), with the hand-written
    analysis of an earlier page kept in place."""
    machine, versions = report.get("machine", {}), report.get("versions", {})
    out = [
        "# Benchmarks: petitions at scale",
        "",
        "Written by `make bench` (`benchmarks/petitions_bench.py`) from its last run; the same",
        "figures are in [benchmarks.json](benchmarks.json). How the synthetic petitions are made:",
        "[benchmarks-data.md](benchmarks-data.md).",
        "",
        f"Run on {report.get('date', '?')}.",
        "",
        "## Machine and versions",
        "",
        render_table(
            ("", ""),
            [
                ["CPU", f"{machine.get('cpu', '?')} — {machine.get('cores', '?')} cores"],
                ["memory", f"{machine.get('memory_gb', '?')} GB"],
                ["system", machine.get("system", "?")],
                ["Python", versions.get("python", "?")],
                ["Django", versions.get("django", "?")],
                ["SQLite", versions.get("sqlite", "?")],
                ["PostgreSQL", versions.get("postgresql") or "not used"],
            ],
        ),
        "",
        "## How to run",
        "",
        "```sh",
        "make bench                                   # SQLite and PostgreSQL at 100,000",
        "BENCH_SIZES=100000,1000000 BENCH_DATABASES=postgres make bench",
        "BENCH_REQUESTS=50 make bench                 # fewer requests per operation",
        ".venv/bin/python benchmarks/petitions_bench.py render   # this page from the .json",
        "```",
        "",
        "`make bench` creates `.venv`, installs `.[dev,bench]`, and for each database and size",
        "seeds the petitions with `danvan seed-synthetic --petitions N --officers` into a",
        "database of its own: `var/bench/danvan_bench_<N>.sqlite3`, or the PostgreSQL database",
        "`danvan_bench_<N>` on `BENCH_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/`),",
        "created or recreated as needed. A database that already holds N petitions is reused,",
        "so a second run does not seed again (its seeding time then shows as “reused”).",
        "",
        "## What is measured, and how",
        "",
        "- **Server time**: `time.perf_counter()` around `django.test.Client.get()` / `.post()`",
        "  in the benchmark's own process — the whole Django handler (middleware, URL",
        "  resolution, session and authentication, view, selectors, every SQL query, template",
        "  rendering or serialisation), with no socket, no HTTP server and no client-side",
        "  parsing. `DEBUG` is off. Each operation gets up to 10 warm-up requests (15 s at",
        "  most), then up to 200 timed requests (`BENCH_REQUESTS`); it stops early once it",
        "  has spent `BENCH_OPERATION_SECONDS` (60 s by default) and timed",
        "  `BENCH_MIN_REQUESTS` (5), and an operation whose first request takes longer than",
        "  `BENCH_SINGLE_REQUEST_SECONDS` (120 s) is timed on that request alone. The",
        "  *requests* column gives the count. The figures are p50 and p95 over those requests;",
        "  *CPU p50* is the benchmark process's CPU time (`time.process_time`), which for",
        "  SQLite includes the database's work and for PostgreSQL does not.",
        "- **Inputs vary** from one request to the next so that no cache flatters: ward",
        "  officers (one per People's Committee of the seeded communes) rotate, and so do the",
        "  status filters, the pages, the search words and the case files.",
        "- **SQL queries**: the number of queries each request runs (median; the maximum in",
        "  brackets when it differs), counted with `connection.execute_wrapper`.",
        "- **Raw SQL**: the same result — the page of rows with their joins and the rows the",
        "  page shows beside them (deadlines, petitioners, handlers), the count for the pager,",
        "  the counters — fetched with hand-written SQL through `connection.cursor()`, with the",
        "  reader's scope already known, timed the same way. *framework / raw* is the ratio of",
        "  the two p50s: what Django, the app's Python and the page rendering add to the",
        "  database's own work. For the registration, the raw side is the duplicate lookups",
        "  and the inserts (the app's text similarity and the form are on the framework side).",
        "- **Registration**: a POST of the registration form by a ward officer, with a",
        "  petitioner and a text close to an existing case, so the duplicate check finds",
        "  candidates; each request runs inside a transaction that is rolled back, so the",
        "  dataset keeps its size.",
        "- **Profiles**: an operation over its target is profiled with cProfile over "
        f"{PROFILE_REQUESTS}",
        "  requests, and its slowest SQL statements are explained (`EXPLAIN ANALYZE` on",
        "  PostgreSQL, `EXPLAIN QUERY PLAN` on SQLite).",
        "",
        "The issue's targets are for 1,000,000 petitions on PostgreSQL and 100,000 on SQLite;",
        "other combinations are compared with the same targets for reference.",
        "",
    ]
    if analysis:  # the reading of the figures comes before the tables and profiles
        out += [analysis, ""]
    for run in report.get("runs", []):
        out += _render_run(run)
    out += [
        "## Portal intake",
        "",
        "From `benchmarks/portal_load.py` (gunicorn workers and a locust load generator on the",
        "same machine, over loopback):",
        "",
        render_table(("figure", "value", "target", "", "note"), portal_rows(report.get("portal"))),
        "",
    ]
    portal = report.get("portal") or {}
    if portal.get("measured"):
        out += [
            "```json",
            json.dumps(portal.get("figures", {}), indent=2, ensure_ascii=False),
            "```",
            "",
        ]
    out += _render_findings(report)
    return "\n".join(out).rstrip() + "\n"


def _render_run(run: dict[str, Any]) -> list[str]:
    title = f"## {run['database_label']} — {run['size']:,} petitions"
    when = f"Measured {run['date']}" if run.get("date") else ""
    when += f" at commit {run['commit']}. " if run.get("commit") else ". " if when else ""
    seed = run.get("seed_seconds")
    earlier = run.get("seeded_in")
    seeded = f"{seed:,.0f} s" if seed is not None else "reused (already seeded"
    if seed is None:
        seeded += f" in {earlier:,.0f} s)" if earlier else ")"
    out = [
        title,
        "",
        f"{when}Database: `{run.get('database_name', '?')}`, "
        + (
            f"{run['petitions']:,} petitions, {run.get('deadlines', 0):,} deadlines, "
            f"{run.get('petitioners', 0):,} petitioners (data: {run.get('data', '?')}); "
            if run.get("petitions")
            else f"{run['size']:,} petitions; "
        )
        + f"seeding: {seeded}. Ward officers: "
        f"{run.get('officers', 0)}; search words: common {run.get('words', {}).get('common')}, "
        f"rare {run.get('words', {}).get('rare')}.",
        "",
    ]
    before, after = run.get("load_before"), run.get("load_after")
    if before and after:
        out += [
            f"Load average (1 min) on the machine: {before[0]:.1f} before, {after[0]:.1f} after "
            f"the measurement, on {run.get('cores', '?')} cores.",
            "",
        ]
    if run.get("error") and not run.get("operations"):
        return [*out, f"Not measured: {run['error']}", ""]
    if run.get("partial"):
        out += ["Interrupted: only the operations below were measured.", ""]
    out += [render_table(OPERATION_HEADERS, operation_rows(run.get("operations", []))), ""]
    errors = [op for op in run.get("operations", []) if op.get("unexpected_statuses")]
    for op in errors:
        out.append(f"- {op['name']}: unexpected answers {op['unexpected_statuses']}")
    if errors:
        out.append("")
    profiles = run.get("profiles", {})
    for name, profile in profiles.items():
        out += [f"### Where the time goes: {LABELS.get(name, name)}", ""]
        for query in profile.get("slow_queries", []):
            out += [
                f"Slowest SQL ({query['ms']:.1f} ms of a {profile.get('request_ms', 0):.0f} ms "
                f"request with {profile.get('queries', '?')} queries):",
                "",
                "```sql",
                _shorten(query["sql"], 1200),
                "```",
                "",
                "Plan:",
                "",
                "```",
                query.get("plan", "").strip()[:3000],
                "```",
                "",
            ]
        if profile.get("cprofile"):
            out += [
                f"cProfile over {PROFILE_REQUESTS} requests (cumulative time, top lines):",
                "",
                "```",
                profile["cprofile"].rstrip(),
                "```",
                "",
            ]
        if profile.get("cprofile_own"):
            out += [
                "The same, by the functions' own time:",
                "",
                "```",
                profile["cprofile_own"].rstrip(),
                "```",
                "",
            ]
    return out


def _render_findings(report: dict[str, Any]) -> list[str]:
    findings = report.get("findings")
    if not findings:
        return []
    return ["## What the figures call for", "", *findings, ""]


def _shorten(sql: str, limit: int) -> str:
    # Long IN (...) lists of scope ids are cut so the statement stays readable.
    sql = re.sub(r"IN \(((?:%s|\d+)(?:, (?:%s|\d+)){8,})\)", _cut_in_list, sql)
    return sql if len(sql) <= limit else sql[:limit] + " …"


def _cut_in_list(match: re.Match[str]) -> str:
    items = match.group(1).split(", ")
    return f"IN ({', '.join(items[:3])}, … {len(items)} values)"


# ---------------------------------------------------------------- the environment


def source_commit() -> str:
    """The commit measured, marked when the working tree holds uncommitted changes."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "danvan"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "?"
    return f"{head} (with uncommitted changes)" if dirty else head or "?"


def load_average() -> list[float] | None:
    """The 1, 5 and 15 minute load averages (other work on the machine skews the figures)."""
    try:
        return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    except (OSError, ValueError):
        return None


def machine_info() -> dict[str, Any]:
    cpu = platform.processor() or "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory_gb: float | None = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
                break
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": cpu,
        "cores": cores,
        "memory_gb": memory_gb,
        "system": f"{platform.system()} {platform.release()}",
    }


@dataclass
class Settings:
    sizes: list[int]
    databases: list[str]
    requests: int = 200
    warmup: int = 10
    postgres_url: str = DEFAULT_POSTGRES_URL
    data_dir: Path = field(default_factory=lambda: ROOT / "var" / "bench")
    output: Path = field(default_factory=lambda: ROOT / "docs")
    portal: bool = True


def settings_from(argv: Sequence[str], environ: dict[str, str]) -> Settings:
    """Command-line options first, then BENCH_* environment variables, then defaults."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default=environ.get("BENCH_SIZES", ""))
    parser.add_argument("--databases", default=environ.get("BENCH_DATABASES", ""))
    parser.add_argument("--requests", type=int, default=int(environ.get("BENCH_REQUESTS", 200)))
    parser.add_argument("--warmup", type=int, default=int(environ.get("BENCH_WARMUP", 10)))
    parser.add_argument(
        "--postgres-url", default=environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    )
    parser.add_argument(
        "--data-dir", default=environ.get("BENCH_DATA_DIR", str(ROOT / "var" / "bench"))
    )
    parser.add_argument("--output", default=str(ROOT / "docs"))
    parser.add_argument(
        "--no-portal",
        action="store_true",
        default=environ.get("BENCH_PORTAL", "1").strip().lower() in {"0", "no", "false", "off"},
    )
    args = parser.parse_args(list(argv))
    if args.requests < 1 or args.warmup < 0:
        parser.error("--requests must be ≥ 1 and --warmup ≥ 0")
    return Settings(
        sizes=parse_sizes(args.sizes) if args.sizes else list(DEFAULT_SIZES),
        databases=parse_databases(args.databases) if args.databases else list(DEFAULT_DATABASES),
        requests=args.requests,
        warmup=args.warmup,
        postgres_url=args.postgres_url,
        data_dir=Path(args.data_dir),
        output=Path(args.output),
        portal=not args.no_portal,
    )


# ---------------------------------------------------------------- orchestration (parent)


def _child_env(database_url: str, data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DANVAN_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="danvan.settings",
        DEBUG="0",
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        TASKS_BACKEND="django_tasks.backends.dummy.DummyBackend",
        # `board_province_fresh` times a count afresh on every request
        PETITION_BOARD_REFRESH_SECONDS="0",
    )
    env.setdefault("SECRET_KEY", "benchmark-only-not-a-secret")
    return env


def _danvan(env: dict[str, str], *args: str) -> None:
    command = [str(Path(sys.executable).with_name("danvan")), *args]
    subprocess.run(command, env=env, check=True, cwd=ROOT)


def _self(env: dict[str, str], *args: str, timeout: float | None = None) -> dict[str, Any]:
    """Run this script in a child process; it prints one JSON object on its last line."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,  # progress and errors go straight to stderr
        text=True,
        timeout=timeout,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"child failed with status {done.returncode} (see above)")
    return dict(json.loads(lines[-1]))


def _postgres_admin(server_url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(postgres_url(server_url, "postgres"), autocommit=True) as conn:
        conn.execute(statement)


def _postgres_exists(server_url: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(postgres_url(server_url, "postgres"), autocommit=True) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        return row is not None


def prepare_database(database: str, size: int, settings: Settings) -> dict[str, Any]:
    """Seed `size` petitions into the benchmark's own database, unless already there.
    Returns the database URL, its name and the seeding time (None when reused)."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    if database == "sqlite":
        path = settings.data_dir / f"danvan_bench_{size}.sqlite3"
        url, name = (
            f"sqlite:///{path}",
            str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path),
        )
        exists = path.exists()
    else:
        name = postgres_database_name(size)
        url = postgres_url(settings.postgres_url, name)
        exists = _postgres_exists(settings.postgres_url, name)
    env = _child_env(url, settings.data_dir)
    record = settings.data_dir / f"{database}_{size}.seeded.json"
    if exists:
        with contextlib.suppress(RuntimeError, subprocess.CalledProcessError):
            _danvan(env, "migrate", "--verbosity", "0")  # new indexes apply to reused data
            count = _self(env, "count", timeout=600)
            if count.get("synthetic") == size:
                print(f"{database} {size:,}: reusing {name} ({count['petitions']:,} petitions)")
                earlier = None
                with contextlib.suppress(OSError, ValueError, KeyError):
                    earlier = json.loads(record.read_text())["seconds"]
                return {"url": url, "name": name, "seed_seconds": None, "seeded_in": earlier}
    print(f"{database} {size:,}: seeding {name} …", flush=True)
    if database == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        _postgres_admin(settings.postgres_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _postgres_admin(settings.postgres_url, f'CREATE DATABASE "{name}"')
    started = time.perf_counter()
    _danvan(env, "migrate", "--verbosity", "0")
    _danvan(env, "load-admin-units", "--province", "42", "--verbosity", "0")
    _danvan(env, "seed-synthetic", "--petitions", str(size), "--seed", "7")
    seconds = round(time.perf_counter() - started, 1)
    print(f"{database} {size:,}: seeded in {seconds:,.0f} s", flush=True)
    if database == "postgres":  # what autovacuum would do after a bulk load: statistics, and
        import psycopg

        # the visibility map that lets index-only scans skip the table
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
    record.write_text(json.dumps({"seconds": seconds}))
    return {"url": url, "name": name, "seed_seconds": seconds, "seeded_in": seconds}


def run_portal_load(settings: Settings) -> dict[str, Any]:
    """benchmarks/portal_load.py on a fresh database of its own (PostgreSQL when the run
    includes it, else SQLite): its JSON figures, or why there are none."""
    script = ROOT / "benchmarks" / "portal_load.py"
    if not settings.portal:
        return {"measured": False, "reason": "skipped (BENCH_PORTAL=0)"}
    if not script.exists():
        return {"measured": False, "reason": "benchmarks/portal_load.py is not there yet"}
    if "postgres" in settings.databases:
        name = "danvan_bench_portal"
        _postgres_admin(settings.postgres_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _postgres_admin(settings.postgres_url, f'CREATE DATABASE "{name}"')
        url = postgres_url(settings.postgres_url, name)
    else:
        path = settings.data_dir / "danvan_bench_portal.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    print(f"portal intake: running benchmarks/portal_load.py on {url} …", flush=True)
    env = _child_env(url, settings.data_dir)
    for key in ("DEBUG", "ALLOWED_HOSTS", "TASKS_BACKEND", "DJANGO_SETTINGS_MODULE"):
        env.pop(key, None)
    try:
        done = subprocess.run(
            [sys.executable, str(script), "--database-url", url, "--prepare"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
    except subprocess.TimeoutExpired:
        return {"measured": False, "reason": "portal_load.py did not finish in 15 minutes"}
    sys.stderr.write(done.stderr[-3000:])
    figures = None
    for line in reversed(done.stdout.splitlines()):
        if line.strip().startswith("{"):
            with contextlib.suppress(json.JSONDecodeError):
                figures = json.loads(line)
                break
    if figures is None:
        with contextlib.suppress(json.JSONDecodeError):
            figures = json.loads(done.stdout)
    if not isinstance(figures, dict):
        tail = (done.stderr or done.stdout)[-300:].strip().replace("\n", " ")
        return {
            "measured": False,
            "reason": f"portal_load.py exited {done.returncode} without figures: {tail}",
        }
    return {
        "measured": True,
        "database": url.split("://", 1)[0],
        "exit_status": done.returncode,
        "figures": figures,
    }


def findings_for(report: dict[str, Any]) -> list[str]:
    """One line per target not met, naming the run and the gap."""
    lines = []
    for run in report.get("runs", []):
        for op in run.get("operations", []):
            if verdict(op.get("p95_ms"), op.get("target_ms")) == "not met":
                lines.append(
                    f"- {run['database_label']} {run['size']:,}: {op.get('label', op['name'])} "
                    f"— p95 {op['p95_ms']:.0f} ms against ≤ {op['target_ms']:g} ms "
                    f"({op.get('queries')} queries; raw SQL p50 "
                    f"{_ms(op.get('raw_p50_ms'), 1)} ms)."
                )
    return lines


ANALYSIS_START = "<!-- analysis: written by hand, kept when the page is written again -->"
ANALYSIS_END = "<!-- /analysis -->"


def kept_analysis(previous: str) -> str:
    """The hand-written analysis block of an earlier benchmarks.md, markers included."""
    start, end = previous.find(ANALYSIS_START), previous.find(ANALYSIS_END)
    if start < 0 or end < start:
        return ""
    return previous[start : end + len(ANALYSIS_END)]


def write_markdown(report: dict[str, Any], output: Path) -> None:
    path = output / "benchmarks.md"
    previous = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(render_markdown(report, kept_analysis(previous)), encoding="utf-8")


def write_report(report: dict[str, Any], output: Path) -> None:
    output.mkdir(parents=True, exist_ok=True)
    (output / "benchmarks.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    write_markdown(report, output)


def merge_reports(previous: dict[str, Any] | None, current: dict[str, Any]) -> dict[str, Any]:
    """`current` with the runs of `previous` it did not measure again (another database or
    size), so that `BENCH_SIZES=1000000 make bench` adds to the page instead of replacing it.
    The portal figures of `previous` are kept when `current` did not measure them."""
    if not previous:
        return current
    merged = dict(current)
    earlier = {(run.get("database"), run.get("size")): run for run in previous.get("runs", [])}
    runs = []
    for run in current.get("runs", []):
        before = earlier.pop((run["database"], run["size"]), None)
        if before and before.get("operations") and run.get("operations") is not None:
            # Operations measured again replace their earlier figures; the others stay.
            names = {op["name"] for op in run["operations"]}
            kept = [op for op in before["operations"] if op["name"] not in names]
            order = {name: i for i, name in enumerate(OPERATIONS)}
            run = {
                **run,
                "operations": sorted(
                    kept + run["operations"], key=lambda op: order.get(op["name"], 99)
                ),
                "profiles": {
                    **{k: v for k, v in before.get("profiles", {}).items() if k not in names},
                    **run.get("profiles", {}),
                },
            }
            if kept:
                run.pop("partial", None)
                run.pop("error", None)
        runs.append(run)
    runs += list(earlier.values())
    order = {name: i for i, name in enumerate(DEFAULT_DATABASES)}
    merged["runs"] = sorted(runs, key=lambda run: (order.get(run["database"], 9), run["size"]))
    merged["versions"] = {**previous.get("versions", {}), **current.get("versions", {})}
    portal = current.get("portal")
    if not (portal and portal.get("measured")) and (previous.get("portal") or {}).get("measured"):
        merged["portal"] = previous["portal"]
    merged["findings"] = findings_for(merged)
    return merged


def read_report(path: Path) -> dict[str, Any] | None:
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def main(argv: Sequence[str]) -> int:
    if argv and argv[0] in {"measure", "count"}:
        return child_main(argv[0], argv[1:])
    if argv and argv[0] == "render":
        output = Path(argv[1]) if len(argv) > 1 else ROOT / "docs"
        saved = read_report(output / "benchmarks.json")
        if saved is None:
            print(f"no {output / 'benchmarks.json'}", file=sys.stderr)
            return 1
        write_markdown(saved, output)
        return 0
    if argv and argv[0] == "merge":  # merge FILE.json [OUTPUT]: add another run's figures
        other = read_report(Path(argv[1]))
        output = Path(argv[2]) if len(argv) > 2 else ROOT / "docs"
        if other is None:
            print(f"cannot read {argv[1]}", file=sys.stderr)
            return 1
        write_report(merge_reports(read_report(output / "benchmarks.json"), other), output)
        return 0
    settings = settings_from(argv, dict(os.environ))
    previous = read_report(settings.output / "benchmarks.json")
    report: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine_info(),
        "versions": {},
        "requests": settings.requests,
        "warmup": settings.warmup,
        "targets_ms": TARGETS_MS,
        "runs": [],
    }
    failed = False
    for database in settings.databases:
        for size in settings.sizes:
            label = "SQLite" if database == "sqlite" else "PostgreSQL"
            run: dict[str, Any] = {
                "database": database,
                "database_label": label,
                "size": size,
                "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
                "requests_asked": settings.requests,
                "commit": source_commit(),
            }
            try:
                prepared = prepare_database(database, size, settings)
                run.update(
                    database_name=prepared["name"],
                    seed_seconds=prepared["seed_seconds"],
                    seeded_in=prepared["seeded_in"],
                )
                env = _child_env(prepared["url"], settings.data_dir)
                partial = settings.data_dir / f"{database}_{size}.partial.json"
                partial.unlink(missing_ok=True)
                env["BENCH_PARTIAL_FILE"] = str(partial)
                print(f"{database} {size:,}: measuring …", flush=True)
                run["load_before"] = load_average()
                run["cores"] = report["machine"]["cores"]
                measured = _self(
                    env,
                    "measure",
                    "--requests",
                    str(settings.requests),
                    "--warmup",
                    str(settings.warmup),
                )
                run["load_after"] = load_average()
            except (RuntimeError, subprocess.CalledProcessError, OSError) as error:
                failed = True
                run["error"] = str(error)[-500:]
                print(f"{database} {size:,}: failed: {error}", file=sys.stderr)
                saved = read_report(settings.data_dir / f"{database}_{size}.partial.json")
                if saved and saved.get("operations"):
                    run.update(saved, partial=True)
            else:
                report["versions"].update(measured.pop("versions", {}))
                run.update(measured)
            report["runs"].append(run)
            write_report(merge_reports(previous, report), settings.output)
    report["portal"] = run_portal_load(settings)
    report["versions"].setdefault("python", platform.python_version())
    write_report(merge_reports(previous, report), settings.output)
    print(f"wrote {settings.output / 'benchmarks.md'} and benchmarks.json")
    return 1 if failed else 0


# ---------------------------------------------------------------- measurement (child)


def child_main(command: str, argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    args = parser.parse_args(list(argv))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if command == "count":
        print(json.dumps(dataset_counts()))
        return 0
    result = measure(requests=args.requests, warmup=args.warmup)
    print(json.dumps(result, ensure_ascii=False))
    return 0


def dataset_counts() -> dict[str, Any]:
    from danvan.petitions.models import Petition, PetitionDeadline, Petitioner

    petitions = Petition.objects.count()
    synthetic = Petition.objects.filter(organization__code__startswith="syn-").count()
    return {
        "petitions": petitions,
        "synthetic": synthetic,
        "deadlines": PetitionDeadline.objects.count(),
        "petitioners": Petitioner.objects.count(),
    }


class QueryCounter:
    """Counts the SQL statements run (and, when asked, keeps them with their duration)."""

    def __init__(self, keep: bool = False) -> None:
        self.count = 0
        self.keep = keep
        self.statements: list[tuple[float, str, Any]] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        if not self.keep:
            return execute(sql, params, many, context)
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.statements.append((time.perf_counter() - started, sql, params))


@dataclass
class Reader:
    """A user the benchmark acts as, with a logged-in client and their scope."""

    user: Any
    client: Any
    token: str
    unit_ids: list[int]
    organization_ids: list[int]
    everything: bool
    scope_count: int = 0
    status_counts: dict[str, int] = field(default_factory=dict)


@dataclass
class Operation:
    name: str
    request: Callable[[int], Any]  # i → response
    raw: Callable[[int], Any]  # i → rows
    expected: tuple[int, ...] = (200,)
    wrap: Callable[[], Any] | None = None  # context for one request (e.g. rolled back)


def measure(requests: int, warmup: int, seed: int = 7, profile: bool = True) -> dict[str, Any]:
    """Time every operation on the configured database; returns the run's figures."""
    import sqlite3

    import django
    from django.db import connection

    from danvan.core.worker import prepare_worker

    world = World.build(seed)
    chosen = [n.strip() for n in os.environ.get("BENCH_OPERATIONS", "").split(",") if n.strip()]
    operations = [op for op in world.operations() if not chosen or op.name in chosen]
    prepare_worker()  # as a gunicorn worker starts (deploy/gunicorn.conf.py)
    results: list[dict[str, Any]] = []
    profiles: dict[str, Any] = {}
    partial = os.environ.get("BENCH_PARTIAL_FILE")
    for op in operations:
        if partial:  # what is measured so far survives an interrupted run
            Path(partial).write_text(
                json.dumps(
                    {
                        "operations": results,
                        "profiles": profiles,
                        "officers": len(world.officers),
                        "words": {"common": world.common_words, "rare": world.rare_words},
                    }
                )
            )
        figures = time_operation(op, requests=requests, warmup=warmup)
        figures.update(name=op.name, label=LABELS[op.name], target_ms=TARGETS_MS[op.name])
        results.append(figures)
        print(
            f"  {op.name:<15} p50 {figures['p50_ms']:8.1f} ms  p95 {figures['p95_ms']:8.1f} ms"
            f"  {figures['queries']:>3} queries  raw p50 {figures['raw_p50_ms']:7.2f} ms",
            file=sys.stderr,
            flush=True,
        )
        slow = verdict(figures["p95_ms"], figures["target_ms"]) == "not met"
        if profile and slow and not figures.get("single_request"):
            profiles[op.name] = profile_operation(op)
    versions = {
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
    }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            versions["postgresql"] = cursor.fetchone()[0]
    counts = dataset_counts()
    return {
        "versions": versions,
        "petitions": counts["petitions"],
        "deadlines": counts["deadlines"],
        "petitioners": counts["petitioners"],
        "data": "synthetic" if counts["synthetic"] else "other",
        "officers": len(world.officers),
        "words": {"common": world.common_words, "rare": world.rare_words},
        "operations": results,
        "profiles": profiles,
    }


def _call(op: Operation, i: int, counter: QueryCounter) -> tuple[float, float, int, int]:
    from django.db import connection

    context = op.wrap() if op.wrap else contextlib.nullcontext()
    with context, connection.execute_wrapper(counter):
        counter.count = 0
        started, cpu = time.perf_counter(), time.process_time()
        response = op.request(i)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return elapsed, cpu, counter.count, response.status_code


def time_operation(op: Operation, *, requests: int, warmup: int) -> dict[str, Any]:
    counter = QueryCounter()
    warm_end = time.perf_counter() + WARMUP_SECONDS
    for i in range(warmup):
        elapsed, cpu, count, status = _call(op, 10_000 + i, counter)
        if i == 0 and elapsed > SINGLE_REQUEST_SECONDS:
            started = time.perf_counter()
            op.raw(0)
            raw_ms = (time.perf_counter() - started) * 1000
            return {
                "requests": 1,
                "single_request": True,
                "p50_ms": round(elapsed * 1000, 2),
                "p95_ms": round(elapsed * 1000, 2),
                "max_ms": round(elapsed * 1000, 2),
                "cpu_p50_ms": round(cpu * 1000, 2),
                "queries": count,
                "queries_max": count,
                "raw_requests": 1,
                "raw_p50_ms": round(raw_ms, 3),
                "raw_p95_ms": round(raw_ms, 3),
                "ratio": round(elapsed * 1000 / raw_ms, 2) if raw_ms > 0 else None,
                "unexpected_statuses": {} if status in op.expected else {str(status): 1},
            }
        op.raw(10_000 + i)
        if time.perf_counter() > warm_end:
            break
    times, cpu_times, queries, raw_times = [], [], [], []
    unexpected: dict[str, int] = {}
    budget_end = time.perf_counter() + SECONDS_PER_OPERATION
    for i in range(requests):
        elapsed, cpu, count, status = _call(op, i, counter)
        times.append(elapsed * 1000)
        cpu_times.append(cpu * 1000)
        queries.append(count)
        if status not in op.expected:
            unexpected[str(status)] = unexpected.get(str(status), 0) + 1
        if time.perf_counter() > budget_end and i + 1 >= MIN_REQUESTS_WHEN_SLOW:
            break
    for i in range(len(times)):
        started = time.perf_counter()
        op.raw(i)
        raw_times.append((time.perf_counter() - started) * 1000)
        if time.perf_counter() > budget_end + SECONDS_PER_OPERATION / 3 and i >= 2:
            break
    p50, raw_p50 = percentile(times, 50), percentile(raw_times, 50)
    return {
        "requests": len(times),
        "p50_ms": round(p50, 2),
        "p95_ms": round(percentile(times, 95), 2),
        "max_ms": round(max(times), 2),
        "cpu_p50_ms": round(percentile(cpu_times, 50), 2),
        "queries": int(statistics.median_low(queries)),
        "queries_max": max(queries),
        "raw_requests": len(raw_times),
        "raw_p50_ms": round(raw_p50, 3),
        "raw_p95_ms": round(percentile(raw_times, 95), 3),
        "ratio": round(p50 / raw_p50, 2) if raw_p50 > 0 else None,
        "unexpected_statuses": unexpected,
    }


def profile_operation(op: Operation) -> dict[str, Any]:
    """cProfile over a few requests, and the plans of the slowest SQL of one request."""
    import cProfile
    import io
    import pstats

    from django.db import connection

    profiler = cProfile.Profile()
    counter = QueryCounter()
    for i in range(PROFILE_REQUESTS):
        context = op.wrap() if op.wrap else contextlib.nullcontext()
        with context, connection.execute_wrapper(counter):
            profiler.enable()
            op.request(i)
            profiler.disable()
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("cumulative").print_stats(r"danvan|django/(db|template)|rest_framework", 22)
    text = _trim_pstats(stream.getvalue())
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(12)
    own = _trim_pstats(stream.getvalue())

    keeper = QueryCounter(keep=True)
    context = op.wrap() if op.wrap else contextlib.nullcontext()
    with context:
        with connection.execute_wrapper(keeper):
            started = time.perf_counter()
            op.request(1)
            request_ms = (time.perf_counter() - started) * 1000
        slow = sorted(keeper.statements, key=lambda s: s[0], reverse=True)[:2]
        explained = [
            {"ms": round(seconds * 1000, 2), "sql": sql, "plan": explain(sql, params)}
            for seconds, sql, params in slow
            if sql.lstrip().upper().startswith("SELECT")
        ]
    return {
        "request_ms": round(request_ms, 1),
        "queries": len(keeper.statements),
        "slow_queries": explained,
        "cprofile": text,
        "cprofile_own": own,
    }


def _trim_pstats(text: str) -> str:
    """Keep the table of a pstats report, with paths shortened to the package."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip().startswith("ncalls")), 0)
    kept = []
    for line in lines[start:]:
        if not line.strip():
            continue
        line = re.sub(r"\S*/site-packages/", "", line)
        line = re.sub(r"\S*/work/main/", "", line)
        kept.append(line.rstrip())
    return "\n".join(kept)


def explain(sql: str, params: Any) -> str:
    from django.db import connection

    prefix = (
        "EXPLAIN (ANALYZE, BUFFERS) "
        if connection.vendor == "postgresql"
        else "EXPLAIN QUERY PLAN "
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql, params)
            rows = cursor.fetchall()
    except Exception as error:  # a plan that cannot be had is reported, not fatal
        return f"(no plan: {error})"
    if connection.vendor == "postgresql":
        return "\n".join(str(row[0]) for row in rows)
    return "\n".join(" | ".join(str(c) for c in row[1:]) for row in rows)


# ---------------------------------------------------------------- the world


def search_sql(q: str, vendor: str) -> tuple[str, list[Any]]:
    """The word search on `p` as the app runs it: through the search index (FTS5 on SQLite,
    the GIN index on PostgreSQL) when the app has one, else a LIKE scan of search_text."""
    try:
        from danvan.petitions import search
    except ImportError:
        search = None  # type: ignore[assignment]
    if search is not None:
        found = search.phrases(q)
        if vendor == "sqlite":
            return (
                "p.id IN (SELECT rowid FROM petitions_fts WHERE petitions_fts MATCH %s)",
                [search.fts5_match(found)],
            )
        if vendor == "postgresql":
            column = getattr(search, "PG_COLUMN", "")  # a stored tsvector, when there is one
            words = (
                f"p.{column}"
                if column
                else "to_tsvector('simple'::regconfig, regexp_replace(p.search_text, "
                "'[^[:alnum:]]+', ' ', 'g'))"
            )
            return (
                f"{words} @@ to_tsquery('simple'::regconfig, %s)",
                [search.pg_tsquery(found)],
            )
    from danvan.core.text import fold

    return "p.search_text LIKE %s", [f"%{fold(q)}%"]


def _placeholders(values: Sequence[Any]) -> str:
    return ", ".join(["%s"] * len(values)) if values else "NULL"


@contextlib.contextmanager
def rolled_back() -> Iterator[None]:
    """Run the block in a transaction that is always rolled back."""
    from django.db import transaction

    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@dataclass
class World:
    """The readers, the inputs that vary and the operations of one run."""

    seed: int
    officers: list[Reader]
    wide: list[Reader]
    case_ids: list[tuple[str, Reader]]
    common_words: list[str]
    rare_words: list[str]
    samples: list[dict[str, Any]]
    petition_columns: list[str]
    petitioner_columns: list[str]
    today: dt.date

    @classmethod
    def build(cls, seed: int) -> World:
        from django.db import connection
        from django.utils import timezone

        rng = random.Random(seed)
        officers, wide = _readers(rng)
        if not officers or not wide:
            raise RuntimeError("no ward officer or province-wide reader in this database")
        for reader in officers + wide:
            reader.scope_count = _raw_scope_count(reader)
        for reader in officers:
            for status in STATUSES:
                reader.status_counts[status] = _raw_scope_count(reader, status)
        officers = [r for r in officers if r.scope_count > 0] or officers
        case_ids = _case_ids(officers, rng)
        common, rare = _words(rng)
        samples = _registration_samples(officers, rng)
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM petitions_petition WHERE 1 = 0")
            petition_columns = [c[0] for c in cursor.description]
            if connection.vendor == "postgresql":  # generated columns take no value
                cursor.execute(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_name = 'petitions_petition' AND is_generated = 'ALWAYS'"
                )
                generated = {row[0] for row in cursor.fetchall()}
                petition_columns = [c for c in petition_columns if c not in generated]
            cursor.execute("SELECT * FROM petitions_petitioner WHERE 1 = 0")
            petitioner_columns = [c[0] for c in cursor.description]
        return cls(
            seed=seed,
            officers=officers,
            wide=wide,
            case_ids=case_ids,
            common_words=common,
            rare_words=rare,
            samples=samples,
            petition_columns=petition_columns,
            petitioner_columns=petitioner_columns,
            today=timezone.localdate(),
        )

    def officer(self, i: int) -> Reader:
        return self.officers[i % len(self.officers)]

    def wide_reader(self, i: int) -> Reader:
        return self.wide[i % len(self.wide)]

    # ------------------------------------------------------------ operations

    def operations(self) -> list[Operation]:
        from django.urls import reverse

        list_url = reverse("petitions:petition_list")
        board_url = reverse("petitions:backlog")
        api_url = "/api/v1/petitions/"
        register_url = reverse("petitions:petition_create")
        statuses = STATUSES

        def api_page(reader: Reader, status: str, i: int) -> int:
            pages = max(1, math.ceil(reader.status_counts.get(status, 0) / PAGE_SIZE))
            return min(pages, i // len(self.officers) % 3 + 1)

        def last_page(reader: Reader) -> int:
            """The deepest page the list offers: the last one, or the last one the capped
            count reaches (`danvan.core.paging.COUNT_LIMIT`)."""
            from danvan.core.paging import COUNT_LIMIT

            return max(1, math.ceil(min(reader.scope_count, COUNT_LIMIT) / PAGE_SIZE))

        def list_first(i: int) -> Any:
            reader = self.officer(i)
            status = statuses[i // len(self.officers) % 2]
            return reader.client.get(list_url, {"status": status, "overdue": "on"})

        def list_first_raw(i: int) -> Any:
            reader = self.officer(i)
            status = statuses[i // len(self.officers) % 2]
            return self.raw_list(reader, status=status, overdue=True, page=1)

        def list_deep(i: int) -> Any:
            reader = self.officer(i)
            return reader.client.get(list_url, {"page": last_page(reader)})

        def list_deep_raw(i: int) -> Any:
            reader = self.officer(i)
            return self.raw_list(reader, page=last_page(reader))

        def api_list(i: int) -> Any:
            reader, status = self.officer(i), statuses[i % 2]
            params = {"status": status, "page": api_page(reader, status, i)}
            return reader.client.get(api_url, params, HTTP_AUTHORIZATION=f"Token {reader.token}")

        def api_list_raw(i: int) -> Any:
            reader, status = self.officer(i), statuses[i % 2]
            return self.raw_list(reader, status=status, page=api_page(reader, status, i), api=True)

        def search(words: list[str]) -> tuple[Callable[[int], Any], Callable[[int], Any]]:
            def web(i: int) -> Any:
                return self.wide_reader(i).client.get(list_url, {"q": words[i % len(words)]})

            def raw(i: int) -> Any:
                return self.raw_list(self.wide_reader(i), q=words[i % len(words)], page=1)

            return web, raw

        search_common, search_common_raw = search(self.common_words)
        search_rare, search_rare_raw = search(self.rare_words)

        def board_ward(i: int) -> Any:
            return self.officer(i).client.get(board_url)

        def board_province(i: int) -> Any:
            return self.wide_reader(i).client.get(board_url)

        def board_province_fresh(i: int) -> Any:
            return self.wide_reader(i).client.get(board_url, {"refresh": "1"})

        def register(i: int) -> Any:
            sample = self.samples[i % len(self.samples)]
            reader = sample["reader"]
            return reader.client.post(register_url, self.registration_form(sample, i))

        def register_raw(i: int) -> Any:
            with rolled_back():
                return self.raw_register(self.samples[i % len(self.samples)], i)

        def case_page(i: int) -> Any:
            public_id, reader = self.case_ids[i % len(self.case_ids)]
            return reader.client.get(f"{list_url}{public_id}/")

        def case_page_raw(i: int) -> Any:
            public_id, reader = self.case_ids[i % len(self.case_ids)]
            return self.raw_case(reader, public_id)

        return [
            Operation("list_first", list_first, list_first_raw),
            Operation("list_deep", list_deep, list_deep_raw),
            Operation("api_list", api_list, api_list_raw),
            Operation("search_common", search_common, search_common_raw),
            Operation("search_rare", search_rare, search_rare_raw),
            Operation("board_ward", board_ward, lambda i: self.raw_board(self.officer(i))),
            Operation(
                "board_province", board_province, lambda i: self.raw_board(self.wide_reader(i))
            ),
            Operation(
                "board_province_fresh",
                board_province_fresh,
                lambda i: self.raw_board(self.wide_reader(i)),
            ),
            Operation("register", register, register_raw, expected=(302,), wrap=rolled_back),
            Operation("case_page", case_page, case_page_raw),
        ]

    def registration_form(self, sample: dict[str, Any], i: int) -> dict[str, Any]:
        words = sample["content"].split()
        if len(words) > 8:  # a small edit: near-duplicate content
            words[i % len(words)] = "thêm"
        return {
            "kind": sample["kind"],
            "received_on": self.today.isoformat(),
            "channel": "in_person",
            "organization": str(sample["organization_id"]),
            "admin_unit": str(sample["admin_unit_id"] or ""),
            "content": " ".join(words),
            "title": "",
            "topic": "",
            "round": "1",
            "signatory_count": "",
            "p-TOTAL_FORMS": "1",
            "p-INITIAL_FORMS": "0",
            "p-MIN_NUM_FORMS": "0",
            "p-MAX_NUM_FORMS": "1000",
            "p-0-full_name": sample["full_name"],
            "p-0-address": sample["address"],
            "p-0-phone": sample["phone"],
            "p-0-id_number": "",
        }

    # ------------------------------------------------------------ raw SQL

    def scope_sql(self, reader: Reader) -> tuple[str, list[Any]]:
        """The reader's scope as a WHERE condition on `p` (petitions_petition)."""
        if reader.everything:
            return "1 = 1", []
        parts, params = [], []
        if reader.unit_ids:
            parts.append(f"p.admin_unit_id IN ({_placeholders(reader.unit_ids)})")
            params += reader.unit_ids
        if reader.organization_ids:
            orgs = _placeholders(reader.organization_ids)
            parts.append(f"p.organization_id IN ({orgs})")
            parts.append(
                "p.id IN (SELECT f.petition_id FROM petitions_forwarding f "
                f"WHERE f.to_organization_id IN ({orgs}))"
            )
            params += reader.organization_ids * 2
        parts.append(
            "p.id IN (SELECT a.petition_id FROM petitions_assignment a WHERE a.user_id = %s)"
        )
        params.append(reader.user.pk)
        return "(" + " OR ".join(parts) + ")", params

    def raw_list(
        self,
        reader: Reader,
        *,
        status: str = "",
        overdue: bool = False,
        q: str = "",
        page: int = 1,
        api: bool = False,
    ) -> list[Any]:
        from django.db import connection

        where, params = self.scope_sql(reader)
        conditions = [where]
        if status:
            conditions.append("p.status = %s")
            params.append(status)
        if overdue:
            conditions.append(
                "EXISTS (SELECT 1 FROM petitions_petitiondeadline d WHERE d.petition_id = p.id "
                "AND d.met_on IS NULL AND d.due_on < %s)"
            )
            params.append(self.today)
        if q:
            condition, extra = search_sql(q, connection.vendor)
            conditions.append(condition)
            params += extra
        where_sql = " AND ".join(conditions)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM petitions_petition p WHERE {where_sql}", params)
            total = cursor.fetchone()[0]
            cursor.execute(
                "SELECT p.id, p.public_id, p.register_year, p.number, p.kind, p.status, "
                "p.channel, p.received_on, p.title, p.anonymous, p.collective, "
                "o.name, u.name, t.name FROM petitions_petition p "
                "JOIN organizations_organization o ON o.id = p.organization_id "
                "LEFT JOIN places_adminunit u ON u.id = p.admin_unit_id "
                "LEFT JOIN petitions_topic t ON t.id = p.topic_id "
                f"WHERE {where_sql} ORDER BY p.received_on DESC, p.id DESC LIMIT %s OFFSET %s",
                [*params, PAGE_SIZE, (page - 1) * PAGE_SIZE],
            )
            rows = cursor.fetchall()
            ids = [row[0] for row in rows]
            if ids:
                marks = _placeholders(ids)
                cursor.execute(
                    "SELECT d.petition_id, d.step, d.starts_on, d.due_on, d.met_on "
                    f"FROM petitions_petitiondeadline d WHERE d.petition_id IN ({marks}) "
                    "ORDER BY d.starts_on, d.id",
                    ids,
                )
                cursor.fetchall()
                cursor.execute(
                    "SELECT pp.petition_id, pp.full_name, pp.address, pp.phone "
                    f"FROM petitions_petitioner pp WHERE pp.petition_id IN ({marks}) "
                    "ORDER BY pp.position, pp.id",
                    ids,
                )
                cursor.fetchall()
                cursor.execute(
                    "SELECT a.petition_id, a.role, us.full_name FROM petitions_assignment a "
                    "JOIN accounts_user us ON us.id = a.user_id "
                    f"WHERE a.petition_id IN ({marks})",
                    ids,
                )
                cursor.fetchall()
                if api:
                    cursor.execute(
                        "SELECT f.petition_id, f.to_organization_id, f.forwarded_on "
                        f"FROM petitions_forwarding f WHERE f.petition_id IN ({marks})",
                        ids,
                    )
                    cursor.fetchall()
        return [total, rows]

    def raw_board(self, reader: Reader) -> list[Any]:
        from django.db import connection

        today = self.today
        month_start = today.replace(day=1)
        soon = today + dt.timedelta(days=7)
        year_ago = today - dt.timedelta(days=365)
        where, params = self.scope_sql(reader)
        open_statuses = ("received", "accepted", "paused", "resolved")
        out: list[Any] = []
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT SUM(CASE WHEN p.status IN (%s, %s, %s, %s) THEN 1 ELSE 0 END), "
                "SUM(CASE WHEN p.received_on BETWEEN %s AND %s THEN 1 ELSE 0 END), "
                "SUM(CASE WHEN p.resolved_on BETWEEN %s AND %s THEN 1 ELSE 0 END) "
                f"FROM petitions_petition p WHERE {where}",
                [*open_statuses, month_start, today, month_start, today, *params],
            )
            out.append(cursor.fetchone())
            deadline_join = (
                "FROM petitions_petitiondeadline d JOIN petitions_petition p "
                f"ON p.id = d.petition_id WHERE {where}"
            )
            cursor.execute(
                "SELECT COUNT(DISTINCT CASE WHEN d.due_on < %s THEN d.petition_id END), "
                "COUNT(DISTINCT CASE WHEN d.due_on BETWEEN %s AND %s THEN d.petition_id END) "
                f"{deadline_join} AND d.met_on IS NULL AND d.due_on IS NOT NULL",
                [today, today, soon, *params],
            )
            out.append(cursor.fetchone())
            cursor.execute(
                "SELECT d.step, COUNT(*), SUM(CASE WHEN d.due_on < %s THEN 1 ELSE 0 END) "
                f"{deadline_join} AND d.met_on IS NULL AND d.due_on IS NOT NULL GROUP BY d.step",
                [today, *params],
            )
            out.append(cursor.fetchall())
            cursor.execute(
                "SELECT COUNT(*), SUM(CASE WHEN d.met_on <= d.due_on THEN 1 ELSE 0 END) "
                f"{deadline_join} AND d.met_on BETWEEN %s AND %s AND d.due_on IS NOT NULL",
                [*params, year_ago, today],
            )
            out.append(cursor.fetchone())
            cursor.execute(
                "SELECT p.admin_unit_id, "
                "SUM(CASE WHEN p.status IN (%s, %s, %s, %s) THEN 1 ELSE 0 END) "
                f"FROM petitions_petition p WHERE {where} GROUP BY p.admin_unit_id",
                [*open_statuses, *params],
            )
            out.append(cursor.fetchall())
            cursor.execute(
                "SELECT p.admin_unit_id, "
                "COUNT(DISTINCT CASE WHEN d.met_on IS NULL AND d.due_on < %s "
                "THEN d.petition_id END), "
                "SUM(CASE WHEN d.met_on IS NULL AND d.due_on < %s THEN 1 ELSE 0 END), "
                "SUM(CASE WHEN d.met_on BETWEEN %s AND %s THEN 1 ELSE 0 END), "
                "SUM(CASE WHEN d.met_on BETWEEN %s AND %s AND d.met_on <= d.due_on "
                "THEN 1 ELSE 0 END) "
                f"{deadline_join} AND d.due_on IS NOT NULL GROUP BY p.admin_unit_id",
                [today, today, year_ago, today, year_ago, today, *params],
            )
            out.append(cursor.fetchall())
            cursor.execute(
                "SELECT p.id, p.public_id, p.title, u.name, MIN(d.due_on) AS oldest "
                "FROM petitions_petition p "
                "JOIN petitions_petitiondeadline d ON d.petition_id = p.id "
                "LEFT JOIN places_adminunit u ON u.id = p.admin_unit_id "
                f"WHERE {where} AND d.met_on IS NULL AND d.due_on < %s "
                "GROUP BY p.id, p.public_id, p.title, u.name ORDER BY oldest, p.id LIMIT 10",
                [*params, today],
            )
            out.append(cursor.fetchall())
            cursor.execute(
                "SELECT o.name, COUNT(*) FROM petitions_citizenrating r "
                "JOIN petitions_petition p ON p.id = r.petition_id "
                "JOIN organizations_organization o ON o.id = p.organization_id "
                f"WHERE {where} AND r.rated_on BETWEEN %s AND %s GROUP BY o.name",
                [*params, year_ago, today],
            )
            out.append(cursor.fetchall())
        return out

    def raw_case(self, reader: Reader, public_id: str) -> list[Any]:
        from django.db import connection

        where, params = self.scope_sql(reader)
        out: list[Any] = []
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT p.*, o.name, u.name, t.name FROM petitions_petition p "
                "JOIN organizations_organization o ON o.id = p.organization_id "
                "LEFT JOIN places_adminunit u ON u.id = p.admin_unit_id "
                "LEFT JOIN petitions_topic t ON t.id = p.topic_id "
                f"WHERE p.public_id = %s AND {where}",
                [public_id, *params],
            )
            row = cursor.fetchone()
            if row is None:
                return out
            pk = row[0]
            for sql in (
                "SELECT d.*, r.title FROM petitions_petitiondeadline d "
                "JOIN deadlines_legalrule r ON r.id = d.rule_id WHERE d.petition_id = %s "
                "ORDER BY d.starts_on, d.id",
                "SELECT * FROM petitions_petitioner WHERE petition_id = %s ORDER BY position, id",
                "SELECT a.*, us.full_name FROM petitions_assignment a "
                "JOIN accounts_user us ON us.id = a.user_id WHERE a.petition_id = %s",
                "SELECT * FROM petitions_attachment WHERE petition_id = %s ORDER BY created_at, id",
                "SELECT * FROM petitions_duplicatecandidate WHERE petition_id = %s "
                "ORDER BY score DESC, id",
                "SELECT * FROM petitions_casenote WHERE petition_id = %s ORDER BY id",
                "SELECT * FROM petitions_forwarding WHERE petition_id = %s ORDER BY id",
            ):
                cursor.execute(sql, [pk])
                out.append(cursor.fetchall())
            cursor.execute(
                "SELECT e.*, us.full_name FROM audit_auditevent e "
                "JOIN django_content_type ct ON ct.id = e.target_type_id "
                "LEFT JOIN accounts_user us ON us.id = e.actor_id "
                "WHERE ct.app_label = %s AND ct.model = %s AND e.target_id = %s "
                "ORDER BY e.occurred_at DESC, e.id DESC LIMIT 200",
                ["petitions", "petition", str(pk)],
            )
            out.append(cursor.fetchall())
        return out

    def raw_register(self, sample: dict[str, Any], i: int) -> list[Any]:
        """The duplicate lookups and the inserts a registration makes, in plain SQL."""
        from django.db import connection

        from danvan.petitions import duplicates

        content = " ".join(self.registration_form(sample, i)["content"].split())
        b0, b1, b2, b3 = duplicates.bands(content)
        key = duplicates.name_key(sample["full_name"], sample["address"])
        out: list[Any] = []
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM petitions_petition WHERE fingerprint_band0 = %s OR "
                "fingerprint_band1 = %s OR fingerprint_band2 = %s OR fingerprint_band3 = %s "
                "LIMIT 200",
                [b0, b1, b2, b3],
            )
            ids = {row[0] for row in cursor.fetchall()}
            cursor.execute(
                "SELECT DISTINCT petition_id FROM petitions_petitioner WHERE phone = %s "
                "OR name_key = %s LIMIT 200",
                [sample["phone"], key],
            )
            ids |= {row[0] for row in cursor.fetchall()}
            cursor.execute(
                "SELECT id FROM petitions_petition WHERE admin_unit_id = %s "
                "ORDER BY received_on DESC, id DESC LIMIT 100",
                [sample["admin_unit_id"]],
            )
            ids |= {row[0] for row in cursor.fetchall()}
            if ids:
                marks = _placeholders(list(ids))
                cursor.execute(
                    f"SELECT id, content FROM petitions_petition WHERE id IN ({marks})", list(ids)
                )
                out.append(cursor.fetchall())
                cursor.execute(
                    "SELECT petition_id, id_number, phone, name_key FROM petitions_petitioner "
                    f"WHERE petition_id IN ({marks})",
                    list(ids),
                )
                out.append(cursor.fetchall())
            # The new case: a copy of the sample's row with its own identifiers.
            replace = {
                "public_id": "%s",
                "tracking_code": "%s",
                "number": "%s",
                "content": "%s",
            }
            columns = [c for c in self.petition_columns if c != "id"]
            select = ", ".join(replace.get(c, c) for c in columns)
            token = f"bn{self.seed}{i:08d}"[-16:]
            cursor.execute(
                f"INSERT INTO petitions_petition ({', '.join(columns)}) SELECT {select} "
                "FROM petitions_petition WHERE id = %s",
                [token, f"B-{token}", 900_000_000 + i, content, sample["petition_id"]],
            )
            cursor.execute(
                "SELECT id FROM petitions_petition WHERE public_id = %s",
                [token],
            )
            new_id = cursor.fetchone()[0]
            person_columns = [c for c in self.petitioner_columns if c != "id"]
            person_select = ", ".join("%s" if c == "petition_id" else c for c in person_columns)
            cursor.execute(
                f"INSERT INTO petitions_petitioner ({', '.join(person_columns)}) "
                f"SELECT {person_select} FROM petitions_petitioner WHERE petition_id = %s",
                [new_id, sample["petition_id"]],
            )
        return out


def _readers(rng: random.Random) -> tuple[list[Reader], list[Reader]]:
    """Ward officers (an officer of a commune's People's Committee) and province-wide readers
    (a specialist of a province-level organisation)."""
    from django.test import Client
    from django.utils import timezone

    from danvan.accounts.services import api_token_get_or_create
    from danvan.organizations.models import Membership
    from danvan.organizations.scope import scope_for

    active = Membership.objects.active(timezone.localdate()).select_related("user", "organization")
    ward = active.filter(
        role=Membership.Role.OFFICER, organization__level="commune", user__is_active=True
    ).order_by("user__username")
    wide_q = active.filter(
        role__in=[Membership.Role.SPECIALIST, Membership.Role.ADMINISTRATOR],
        organization__level="province",
        user__is_active=True,
    ).order_by("user__username")
    ward_users = list({m.user.pk: m.user for m in ward}.values())
    synthetic = [u for u in ward_users if u.username.startswith("syn.")]
    ward_users = synthetic or ward_users
    rng.shuffle(ward_users)
    ward_users = ward_users[:24]
    wide_users = list({m.user.pk: m.user for m in wide_q}.values())
    wide_users = [u for u in wide_users if u.username.startswith("syn.")] or wide_users
    wide_users = wide_users[:4]

    # One handler for every reader, as one web worker serves them all: a handler loads the
    # middleware (WhiteNoise lists the static files) on its first request, which a worker
    # does once at start, not once per user.
    handler = Client().handler

    def reader(user: Any) -> Reader:
        client = Client()
        client.handler = handler
        client.force_login(user)
        scope = scope_for(user)
        return Reader(
            user=user,
            client=client,
            token=api_token_get_or_create(user=user),
            unit_ids=sorted(scope.unit_ids),
            organization_ids=sorted(scope.organization_ids),
            everything=scope.everything,
        )

    return [reader(u) for u in ward_users], [reader(u) for u in wide_users]


def _raw_scope_count(reader: Reader, status: str = "") -> int:
    from django.db import connection

    world = World.__new__(World)
    where, params = World.scope_sql(world, reader)
    if status:
        where, params = f"{where} AND p.status = %s", [*params, status]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM petitions_petition p WHERE {where}", params)
        return int(cursor.fetchone()[0])


def _case_ids(officers: list[Reader], rng: random.Random) -> list[tuple[str, Reader]]:
    """Case files in each officer's scope, spread over the scope (not only the newest)."""
    from django.db import connection

    found: list[tuple[str, Reader]] = []
    world = World.__new__(World)
    for reader in officers:
        where, params = World.scope_sql(world, reader)
        with connection.cursor() as cursor:
            for _ in range(4):
                offset = rng.randrange(max(1, reader.scope_count))
                cursor.execute(
                    f"SELECT p.public_id FROM petitions_petition p WHERE {where} "
                    "ORDER BY p.id LIMIT 1 OFFSET %s",
                    [*params, offset],
                )
                row = cursor.fetchone()
                if row:
                    found.append((row[0], reader))
    if not found:
        raise RuntimeError("no case file in the officers' scope")
    rng.shuffle(found)
    return found


STOPWORDS = frozenset(
    {"cua", "cho", "voi", "cac", "nhung", "duoc", "khong", "trong", "theo", "nguoi", "viec"}
    | {"phuong", "thon", "chung"}
)


# A folded Vietnamese syllable (no f, j, w, z; a vowel), to keep codes out of the words.
SYLLABLE = re.compile(r"^(?=[a-eg-ik-vxy]{4,7}$)[^aeiouy]*[aeiouy]+(?:ch|nh|ng|[cmnpt])?$")


def _words(rng: random.Random) -> tuple[list[str], list[str]]:
    """Search words taken from the data: common ones (in many petitions) and rare ones
    (in a handful), accent-free as a resident or officer would type them."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT MIN(id), MAX(id), COUNT(*) FROM petitions_petition")
        low, high, total = cursor.fetchone()
        if not total:
            raise RuntimeError("no petitions")
        texts: list[str] = []
        for _ in range(min(300, total)):
            cursor.execute(
                "SELECT search_text, public_id, tracking_code FROM petitions_petition "
                "WHERE id >= %s ORDER BY id LIMIT 1",
                [rng.randint(low, high)],
            )
            row = cursor.fetchone()
            if row and row[0]:
                # The case's own codes are in search_text too; they are not words.
                codes = set(re.findall(r"[a-z0-9]+", f"{row[1]} {row[2]}".lower()))
                texts.append(" ".join(set(re.findall(r"[a-z]{4,}", row[0])) - codes))
    frequency: dict[str, int] = {}
    for text in texts:
        for word in set(re.findall(r"[a-z]{4,}", text)):
            if word not in STOPWORDS:
                frequency[word] = frequency.get(word, 0) + 1
    ranked = sorted(frequency.items(), key=lambda item: (-item[1], item[0]))
    common = [word for word, _ in ranked[:6]]
    # Rare: among the words seen least in the sample, the six found in fewest petitions.
    candidates = [word for word, n in ranked if n <= 2 and SYLLABLE.match(word)]
    rng.shuffle(candidates)
    cap = max(50, total // 100)
    counted: list[tuple[int, str]] = []
    with connection.cursor() as cursor:
        for word in candidates[:30]:
            cursor.execute(
                "SELECT COUNT(*) FROM (SELECT 1 FROM petitions_petition WHERE search_text "
                "LIKE %s LIMIT %s) found",
                [f"%{word}%", cap],
            )
            counted.append((int(cursor.fetchone()[0]), word))
    rare = [word for _, word in sorted(counted)[:6]]
    return common or ["dat"], rare or common[-1:] or ["dat"]


def _registration_samples(officers: list[Reader], rng: random.Random) -> list[dict[str, Any]]:
    """Existing petitions (with a petitioner) an officer's organisation registered, whose
    text and petitioner the registrations repeat with a small change."""
    from danvan.petitions import web_rules
    from danvan.petitions.models import Petitioner

    samples = []
    for reader in officers:
        organizations = web_rules.registering_organizations(reader.user)
        if not organizations:
            continue
        org_ids = [o.pk for o in organizations]
        people = list(
            Petitioner.objects.filter(
                petition__organization_id__in=org_ids, petition__admin_unit__isnull=False
            )
            .exclude(phone="")
            .select_related("petition")
            .order_by("-petition__received_on")[:3]
        )
        for person in people:
            petition = person.petition
            samples.append(
                {
                    "reader": reader,
                    "petition_id": petition.pk,
                    "organization_id": petition.organization_id,
                    "admin_unit_id": petition.admin_unit_id,
                    "kind": petition.kind,
                    "content": petition.content,
                    "full_name": person.full_name,
                    "address": person.address,
                    "phone": person.phone,
                }
            )
    if not samples:
        raise RuntimeError("no petition with a petitioner for the officers to register again")
    rng.shuffle(samples)
    return samples


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
