"""Portal intake load test: gunicorn + locust on loopback, then a count in the database.

    .venv/bin/python benchmarks/portal_load.py --database-url URL [--prepare]
        [--users 40] [--spawn-rate N] [--run-time 60s] [--workers N] [--threads N]
        [--duplicate-ratio 0.05] [--profile FILE] [--keep DIR]

What it does:

1. With `--prepare`, runs `danvan demo --no-server` against the database (migrate, admin units,
   the demo's organisations — the portal offers only communes with a receiving People's
   Committee); without it the database must already be prepared.
2. Starts gunicorn with deploy/gunicorn.conf.py on a free 127.0.0.1 port. The portal's rate
   limits are lifted for this server only, through a settings module written to a temporary
   directory (DJANGO_SETTINGS_MODULE in the server's environment): production defaults are
   untouched.
3. Runs locust headless (benchmarks/locustfile.py) from this machine: each user GETs the form and
   POSTs a real submission with the form's own key; a share are posted twice at once.
4. Samples the resident memory (VmRSS in /proc) of every gunicorn worker during the run.
5. Stops the server and counts in the database, among the petitions created during the run
   (each one's title ends with `#<submission key>`): `lost` = submissions the portal accepted
   (302 to the receipt) for which no petition exists; `doubled` = extra petitions for one key.

Output: one JSON object on stdout (progress goes to stderr):

    {"seconds": float,        # from the first to the last request
     "users": int,            # concurrent simulated citizens
     "submitted": int,        # submissions attempted (distinct keys; duplicates counted once)
     "accepted": int,         # answered with a redirect to the receipt
     "failed": int,           # submitted - accepted
     "rps": float,            # accepted submissions per second
     "p50_ms": float, "p95_ms": float,   # server response time of the submission POST
     "lost": int, "doubled": int,
     "worker_rss_mb_max": float,         # largest VmRSS of one gunicorn worker seen
     "database": "sqlite" | "postgresql",
     # details:
     "form_p50_ms", "form_p95_ms",       # the form GET
     "http_rps",                         # all requests per second (GET + POST)
     "server_cpu_ms_per_submission",     # CPU of all workers / accepted (not skewed by
     "loadgen_cpu_ms_per_submission",    #   other load on the machine); locust's likewise
     "duplicates_sent", "statuses",      # double posts; POST status codes
     "registered_not_accepted",          # petitions whose POST the client saw fail (timeouts)
     "server_errors", "database_locked", # 5xx in the access log; "database is locked" in logs
     "phone_hash",                       # "project default", or the --fast-hash what-if
     "workers", "threads", "run_time",
     "loadavg_before", "loadavg_after"}      # other work competing for the 2 cores

Exit status: 0 when none lost and none doubled, 1 otherwise, 2 when the run itself failed.
`--fast-hash` is a what-if: the phone is hashed with a fast hasher for this run only, to show
what the rest of the submission path costs. `--profile FILE` records all workers with py-spy
(collapsed stacks, `--format raw`) and prints
the top functions by own and total time to stderr.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / "deploy" / "gunicorn.conf.py"
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
FORM_PATH = "/cong-dan/gui-don/"

LOAD_SETTINGS = '''"""Settings for one load test run only: the portal's per-IP limits lifted (every
simulated citizen comes from 127.0.0.1). Written by benchmarks/portal_load.py."""

from danvan.settings import *  # noqa: F403

PORTAL_SUBMIT_RATE = (1_000_000_000, 3600)
PORTAL_TRACK_RATE = (1_000_000_000, 600)
'''

# --fast-hash: a what-if, never a deployment setting. The portal keeps the phone as a salted slow
# hash (Django's first password hasher, PBKDF2 with 1,000,000 iterations, about 0.3 s of CPU);
# this measures what the rest of the submission costs.
FAST_HASH_SETTINGS = """
from django.conf import global_settings

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher", *global_settings.PASSWORD_HASHERS
]
"""


def log(message: str) -> None:
    print(f"[portal-load] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="the database to load (default: $DATABASE_URL)",
    )
    parser.add_argument("--prepare", action="store_true", help="migrate and load the demo first")
    parser.add_argument("--users", type=int, default=40, help="concurrent citizens (default 40)")
    parser.add_argument("--spawn-rate", type=float, default=0, help="users started per second")
    parser.add_argument("--run-time", default="60s", help="locust --run-time (default 60s)")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (conf default)")
    parser.add_argument("--threads", type=int, default=0, help="threads per worker (default 1)")
    parser.add_argument(
        "--duplicate-ratio", type=float, default=0.05, help="share of double posts (0.05)"
    )
    parser.add_argument(
        "--fast-hash",
        action="store_true",
        help="what-if only: hash phones with a fast hasher, to see the rest of the path",
    )
    parser.add_argument("--profile", default="", help="py-spy collapsed stacks to this file")
    parser.add_argument("--keep", default="", help="keep the server's logs in this directory")
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("give --database-url or set DATABASE_URL")
    if args.spawn_rate <= 0:
        args.spawn_rate = float(args.users)
    return args


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(args: argparse.Namespace, settings_dir: Path, port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": args.database_url,
            "DJANGO_SETTINGS_MODULE": "danvan_portal_load_settings",
            "PYTHONPATH": os.pathsep.join(
                [str(settings_dir), str(ROOT), env.get("PYTHONPATH", "")]
            ).rstrip(os.pathsep),
            "SECRET_KEY": env.get("SECRET_KEY") or secrets.token_urlsafe(50),
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_ACCESSLOG": str(settings_dir / "access.log"),
            "GUNICORN_ERRORLOG": str(settings_dir / "error.log"),
            "GUNICORN_LOGLEVEL": "warning",
            "LOG_LEVEL": "WARNING",
        }
    )
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    if args.threads:
        env["GUNICORN_THREADS"] = str(args.threads)
    return env


def prepare(database_url: str) -> None:
    log("preparing the database (migrate, admin units, demo organisations)…")
    env = dict(os.environ, DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="danvan.settings")
    subprocess.run(
        [sys.executable, "-m", "danvan", "demo", "--no-server"],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=sys.stderr,
    )


def wait_ready(port: int, server: subprocess.Popen[bytes], work: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    url = f"http://127.0.0.1:{port}{FORM_PATH}"
    while time.monotonic() < deadline:
        if server.poll() is not None:
            output = (work / "server.out").read_text(errors="replace")
            raise RuntimeError("gunicorn exited while starting:\n" + output[-3000:])
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                html = response.read().decode()
            if '<select name="commune"' not in html or 'option value="' not in html:
                raise RuntimeError("the form offers no commune: run with --prepare")
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer in time")


# ---------------------------------------------------------------- filling the form (locustfile)

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY = re.compile(r'name="key" value="([^"]+)"')
SELECT = re.compile(r'<select name="(commune|village)"[^>]*>(.*?)</select>', re.S)
OPTGROUP = re.compile(r'<optgroup label="([^"]*)">(.*?)</optgroup>', re.S)
OPTION = re.compile(r'<option value="(\d+)"[^>]*>([^<]*)</option>')

TOPICS = [
    "Đèn đường tổ dân phố bị hỏng nhiều ngày",
    "Rác thải tập kết sai nơi quy định gần chợ",
    "Đề nghị sửa chữa đoạn đường liên thôn xuống cấp",
    "Kiến nghị về thời gian cấp giấy chứng nhận quyền sử dụng đất",
    "Khiếu nại quyết định thu hồi đất làm đường",
    "Tiếng ồn từ xưởng sản xuất ban đêm",
    "Ngập úng cống thoát nước khu dân cư sau mưa",
    "Đề nghị bố trí thêm giờ tiếp công dân vào thứ Bảy",
]
SENTENCES = [
    "Sự việc kéo dài từ đầu tháng đến nay chưa được xử lý.",
    "Nhiều hộ gia đình trong khu phố bị ảnh hưởng, nhất là người già và trẻ nhỏ.",
    "Tôi đã phản ánh với trưởng thôn nhưng chưa thấy có kết quả.",
    "Đề nghị Ủy ban nhân dân phường kiểm tra và có biện pháp khắc phục sớm.",
    "Kính mong quý cơ quan xem xét, trả lời bằng văn bản.",
    "Vị trí cụ thể ở gần nhà văn hóa tổ dân phố, cạnh trường mầm non.",
]
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thị Dung", "Võ Minh Đức"]
PORTAL_KINDS = ["feedback", "recommendation", "complaint", "denunciation"]


def parse_places(html: str) -> list[tuple[str, list[str]]]:
    """[(commune id, [village ids of that commune])] from the form's two selects."""
    selects = dict(SELECT.findall(html))
    communes = OPTION.findall(selects.get("commune", ""))
    by_label: dict[str, list[str]] = {}
    for label, options in OPTGROUP.findall(selects.get("village", "")):
        by_label[label] = [value for value, _text in OPTION.findall(options)]
    return [(value, by_label.get(text.strip(), [])) for value, text in communes]


def petition_data(csrf: str, key: str, places: list[tuple[str, list[str]]]) -> dict[str, str]:
    commune, villages = random.choice(places)
    kind = random.choice(PORTAL_KINDS)
    anonymous = kind == "feedback" and random.random() < 0.2
    data = {
        "csrfmiddlewaretoken": csrf,
        "key": key,
        "website": "",
        "kind": kind,
        "commune": commune,
        "village": random.choice(villages) if villages and random.random() < 0.7 else "",
        "title": f"{random.choice(TOPICS)} #{key}",
        "content": " ".join(random.sample(SENTENCES, k=random.randint(2, len(SENTENCES)))),
        "full_name": "" if anonymous else random.choice(NAMES),
        "phone": "09" + "".join(random.choices("0123456789", k=8)),
        "email": "",
        "address": "" if anonymous else f"Số {random.randint(1, 200)}, tổ dân phố 3",
        "latitude": "",
        "longitude": "",
        "consent": "on",
    }
    if anonymous:
        data["anonymous"] = "on"
    return data


# ---------------------------------------------------------------- memory of the workers


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces: ppid is after the last ")".
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class RssSampler(threading.Thread):
    """Samples each worker's resident memory and CPU time while the load runs. The CPU time
    does not depend on what else the machine is doing, unlike the throughput."""

    def __init__(self, master: int, every: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.master, self.every = master, every
        self.max_worker = 0.0
        self.cpu_at_start: dict[int, float] = {}
        self.cpu_last: dict[int, float] = {}
        self.stopped = threading.Event()

    def sample(self) -> None:
        for pid in children(self.master):
            self.max_worker = max(self.max_worker, rss_mb(pid))
            cpu = cpu_seconds(pid)
            self.cpu_at_start.setdefault(pid, cpu)
            if cpu:
                self.cpu_last[pid] = cpu

    def worker_cpu_seconds(self) -> float:
        return sum(self.cpu_last[pid] - self.cpu_at_start[pid] for pid in self.cpu_last)

    def run(self) -> None:
        while not self.stopped.is_set():
            self.sample()
            self.stopped.wait(self.every)

    def stop(self) -> None:
        self.stopped.set()
        self.join()


# ---------------------------------------------------------------- counting in the database


def tally(titles: Iterable[str], accepted: list[str], failed: list[str]) -> dict[str, int]:
    """From the titles of the petitions created during the run (each ends with `#<key>`):
    `lost` accepted keys without a petition, `doubled` petitions beyond one per key, and
    `registered_not_accepted` keys the client saw fail that were registered all the same."""
    per_key: collections.Counter[str] = collections.Counter()
    for title in titles:
        if "#" in title:
            per_key[title.rsplit("#", 1)[1]] += 1
    accepted_set = set(accepted)
    return {
        "lost": sum(1 for key in accepted_set if per_key[key] == 0),
        "doubled": sum(n - 1 for n in per_key.values() if n > 1),
        "registered_not_accepted": sum(1 for key in set(failed) - accepted_set if per_key[key] > 0),
    }


def count(database_url: str, accepted: list[str], failed: list[str], since: int) -> dict[str, Any]:
    """Tally the petitions created after id `since` (Django set up in this process, last)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    import django

    django.setup()
    from django.db import connection

    from danvan.petitions.models import Petition

    titles = Petition.objects.filter(pk__gt=since).values_list("title", flat=True)
    return {
        **tally(titles.iterator(chunk_size=5000), accepted, failed),
        "database": connection.vendor,
    }


def last_petition_id(database_url: str) -> int:
    """Read in a child process, so this process opens no connection before the run."""
    code = (
        "import django;django.setup();"
        "from django.db.models import Max;"
        "from danvan.petitions.models import Petition;"
        "print(Petition.objects.aggregate(m=Max('pk'))['m'] or 0)"
    )
    env = dict(os.environ, DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="danvan.settings")
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True
    )
    return int(out.stdout.decode().strip().splitlines()[-1])


# ---------------------------------------------------------------- the logs


def access_log_errors(path: Path) -> int:
    errors = 0
    if path.exists():
        for line in path.read_text(errors="replace").splitlines():
            match = re.search(r'" (\d{3}) ', line)
            if match and match.group(1).startswith("5"):
                errors += 1
    return errors


def database_locked(path: Path) -> int:
    if not path.exists():
        return 0
    # One per failed request: Django's error (the sqlite3 error printed above it is its cause).
    return path.read_text(errors="replace").count(
        "django.db.utils.OperationalError: database is locked"
    )


def summarize_profile(path: Path, top: int = 25) -> None:
    """Own and total time per function from py-spy's collapsed stacks."""
    own: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    samples = 0
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not count_text.isdigit():
            continue
        weight = int(count_text)
        samples += weight
        frames = stack.split(";")
        own[frames[-1]] += weight
        for frame in set(frames):
            total[frame] += weight
    if not samples:
        log("profile: no samples")
        return
    log(f"profile: {samples} samples; top by own time:")
    for frame, n in own.most_common(top):
        log(f"  {100 * n / samples:5.1f}%  {frame}")
    log("top by total time (including callees):")
    for frame, n in total.most_common(top):
        log(f"  {100 * n / samples:5.1f}%  {frame}")


def build_report(
    args: argparse.Namespace,
    load: dict[str, Any],
    checked: dict[str, Any],
    *,
    worker_rss_mb: float,
    server_cpu: float = 0.0,
    loadgen_cpu: float = 0.0,
    workers: int,
    logs: Path,
    load_before: float,
) -> dict[str, Any]:
    """The JSON object printed on stdout (its keys are listed in this module's docstring)."""
    post = load["requests"].get("POST submission", {})
    form = load["requests"].get("GET form", {})
    seconds = max(float(load["last_request"]) - float(load["first_request"]), 1e-9)
    accepted, failed = len(load["keys_accepted"]), len(load["keys_failed"])
    total_requests = sum(entry["count"] for entry in load["requests"].values())
    report = {
        "seconds": round(seconds, 1),
        "users": args.users,
        "submitted": accepted + failed,
        "accepted": accepted,
        "failed": failed,
        "rps": round(accepted / seconds, 1),
        "p50_ms": post.get("p50_ms"),
        "p95_ms": post.get("p95_ms"),
        "lost": checked["lost"],
        "doubled": checked["doubled"],
        "worker_rss_mb_max": round(worker_rss_mb, 1),
        "database": checked["database"],
        "form_p50_ms": form.get("p50_ms"),
        "form_p95_ms": form.get("p95_ms"),
        "http_rps": round(total_requests / seconds, 1),
        # CPU spent per accepted submission (form GET + POST), by the workers and by locust.
        "server_cpu_ms_per_submission": round(1000 * server_cpu / max(accepted, 1), 1),
        "loadgen_cpu_ms_per_submission": round(1000 * loadgen_cpu / max(accepted, 1), 1),
        "duplicates_sent": load["duplicates"],
        "statuses": load["statuses"],
        "registered_not_accepted": checked["registered_not_accepted"],
        "server_errors": access_log_errors(logs / "access.log"),
        "database_locked": database_locked(logs / "error.log")
        + database_locked(logs / "server.out"),
        "phone_hash": "md5 (what-if, --fast-hash)" if args.fast_hash else "project default",
        "workers": workers,
        "threads": args.threads or 1,
        "run_time": args.run_time,
        # Other work on the machine competes with the run: the 1-minute load average.
        "loadavg_before": load_before,
        "loadavg_after": round(os.getloadavg()[0], 2),
    }
    return report


# ---------------------------------------------------------------- the run


def py_spy() -> str:
    beside = Path(sys.executable).parent / "py-spy"
    found = str(beside) if beside.exists() else shutil.which("py-spy")
    if not found:
        raise RuntimeError("py-spy is not installed: pip install -e '.[bench]'")
    return found


def run(args: argparse.Namespace) -> int:
    if args.prepare:
        prepare(args.database_url)
    since = last_petition_id(args.database_url)
    load_before = round(os.getloadavg()[0], 2)
    work = Path(tempfile.mkdtemp(prefix="danvan-portal-load-"))
    settings_text = LOAD_SETTINGS
    if args.fast_hash:
        settings_text += FAST_HASH_SETTINGS
    (work / "danvan_portal_load_settings.py").write_text(settings_text)
    port = free_port()
    env = server_env(args, work, port)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(CONF), "danvan.wsgi:application"],
        env=env,
        cwd=ROOT,
        stdout=open(work / "server.out", "wb"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )
    sampler: RssSampler | None = None
    profiler: subprocess.Popen[bytes] | None = None
    try:
        wait_ready(port, server, work)
        workers = len(children(server.pid))
        log(f"gunicorn {server.pid} ready on 127.0.0.1:{port} with {workers} workers")
        sampler = RssSampler(server.pid)
        sampler.start()
        result_path = work / "locust.json"
        locust_env = dict(
            os.environ,
            PORTAL_LOAD_RESULT=str(result_path),
            PORTAL_LOAD_DUPLICATE_RATIO=str(args.duplicate_ratio),
        )
        if args.profile:
            profiler = subprocess.Popen(
                [
                    py_spy(), "record", "--pid", str(server.pid), "--subprocesses",
                    "--format", "raw", "--rate", "100", "--nonblocking",
                    "--output", str(Path(args.profile).resolve()),
                ],
                stdout=subprocess.DEVNULL,
                stderr=open(work / "py-spy.log", "wb"),  # noqa: SIM115
            )  # fmt: skip
        log(f"locust: {args.users} users, spawn rate {args.spawn_rate}/s, {args.run_time}")
        children_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
        locust = subprocess.run(
            [
                sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
                "--host", f"http://127.0.0.1:{port}", "--users", str(args.users),
                "--spawn-rate", str(args.spawn_rate), "--run-time", args.run_time,
                "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "30",
            ],
            env=locust_env,
            cwd=ROOT,
            stdout=open(work / "locust.out", "wb"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        if not result_path.exists():
            log(f"locust wrote no result (exit {locust.returncode}); see {work}/locust.out")
            return 2
        load = json.loads(result_path.read_text())
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        loadgen_cpu = (after.ru_utime + after.ru_stime) - (
            children_cpu.ru_utime + children_cpu.ru_stime
        )
        sampler.sample()
    finally:
        if profiler is not None:
            profiler.send_signal(signal.SIGINT)
            try:
                profiler.wait(timeout=60)
            except subprocess.TimeoutExpired:
                profiler.kill()
        if sampler is not None:
            sampler.stop()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
    checked = count(args.database_url, load["keys_accepted"], load["keys_failed"], since)
    report = build_report(
        args,
        load,
        checked,
        worker_rss_mb=sampler.max_worker if sampler else 0.0,
        server_cpu=sampler.worker_cpu_seconds() if sampler else 0.0,
        loadgen_cpu=loadgen_cpu,
        workers=workers,
        logs=work,
        load_before=load_before,
    )
    print(json.dumps(report))
    if args.profile and Path(args.profile).exists():
        summarize_profile(Path(args.profile))
    if args.keep:
        shutil.copytree(work, args.keep, dirs_exist_ok=True)
    shutil.rmtree(work, ignore_errors=True)
    return 1 if report["lost"] or report["doubled"] else 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return run(args)
    except (RuntimeError, subprocess.CalledProcessError) as error:
        log(f"failed: {error}")
        return 2


if __name__ == "__main__":
    sys.exit(main())
