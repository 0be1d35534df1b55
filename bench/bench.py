"""
The portal's benchmark: production settings under gunicorn on PostgreSQL and Redis, key pages
driven by wrk on loopback, at several data sizes. Run it through bench/run.sh, which installs
wrk and starts the services first; `bench/run.sh --help` lists the options.

For each size it makes a database (bench_<commitments>), migrates, fills it with
`seed_scale` (organisations, needs and reports in proportion to the pledges), collects the
static files, starts gunicorn (2 workers) on 127.0.0.1, checks every page answers 200, warms
each page up, then drives it with wrk. It prints, and writes to bench/RESULTS.md, per page:
requests/s, p50 and p99 latency, errors (non-2xx/3xx and socket errors) and the ratio of the
page's requests/s to /healthz in the same run, then gunicorn's worker memory at the end.

PAGE_CACHE is passed through to gunicorn (`--page-cache off,on` runs both); the bench's Redis
database is emptied before each run, so a run with the cache on starts cold and its warm-up
fills it. `--layouts direct,nginx-1,nginx-2` also measures the pages through nginx in front of
one or two gunicorn instances (2 workers each) sharing PostgreSQL and Redis: the scale-out of
several hosts, shown on one machine.
"""

import argparse
import datetime
import json
import math
import os
import platform
import re
import shlex
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"

# Finds what the pages need from the seeded database, printed as JSON.
FIND_TARGETS = """
import json, math
from django.db.models import Count, Q
from companies.models import Organization
from companies.views import PAGE_SIZE
from programs.models import Commitment, Opportunity, Theme
from regions.models import Kecamatan

public = Q(commitments__status__in=Commitment.COUNTED_STATUSES)
partner = (Organization.objects.active().partners().annotate(n=Count("commitments", filter=public))
           .order_by("-n", "pk").first())
received = Q(received_commitments__status__in=Commitment.COUNTED_STATUSES)
agency = (Organization.objects.active().agencies().filter(is_demo=True)
          .annotate(n=Count("received_commitments", filter=received)).order_by("-n", "pk").first())
need = (Opportunity.objects.public().annotate(n=Count("commitments", filter=public))
        .order_by("-n", "-pk").first())
pages = math.ceil(Organization.objects.active().count() / PAGE_SIZE)
print(json.dumps({
    "partner": partner.slug, "partner_pledges": partner.n,
    "agency": agency.slug, "agency_received": agency.n,
    "need": need.pk, "need_pledges": need.n,
    "directory_pages": pages,
    "kecamatan": Kecamatan.objects.order_by("code").first().slug,
    "theme": Theme.objects.order_by("number").first().slug,
    "public_pledges": Commitment.objects.public().count(),
}))
"""


@dataclass
class Page:
    name: str
    path: str


@dataclass
class Result:
    page: Page
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    app_cpu_ms: float = math.nan  # gunicorn workers' CPU time per request
    db_cpu_ms: float = math.nan  # PostgreSQL backends' CPU time per request
    ratio: float = 0.0


def pages_for(targets: dict, deepest: int) -> list[Page]:
    return [
        Page("/healthz", "/healthz"),
        Page("home", "/"),
        Page("directory, page 1", "/direktori/"),
        Page("directory, filtered", f"/direktori/?kind=company&kecamatan={targets['kecamatan']}"),
        Page(f"directory, page {deepest} (deepest)", f"/direktori/?page={deepest}"),
        Page(
            f"profile: partner ({targets['partner_pledges']} pledges)",
            f"/direktori/{targets['partner']}/",
        ),
        Page(
            f"profile: agency ({targets['agency_received']} pledges)",
            f"/direktori/{targets['agency']}/",
        ),
        Page("opportunity list", "/peluang/"),
        Page(
            f"opportunity detail ({targets['need_pledges']} pledges)",
            f"/peluang/{targets['need']}/",
        ),
        Page("commitment list", "/komitmen/"),
        Page("statistics", "/statistik/"),
    ]


def downloads_for(targets: dict) -> list[Page]:
    """Open-data files: generated on every request (never cached), measured with the cache off."""
    pledges = targets["public_pledges"]
    return [
        Page(f"CSV: all {pledges} public pledges", "/data/commitments.csv"),
        Page(f"XLSX: all {pledges} public pledges", "/data/commitments.xlsx"),
    ]


# --- processes --------------------------------------------------------------------------------


def log(message: str) -> None:
    print(f"bench: {message}", flush=True)


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def psql(admin_url: str, sql: str) -> None:
    subprocess.run(["psql", admin_url, "-qXc", sql], check=True, stdout=subprocess.DEVNULL)


def database_exists(admin_url: str, name: str) -> bool:
    found = subprocess.run(
        ["psql", admin_url, "-tAXc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        check=True,
        text=True,
        stdout=subprocess.PIPE,
    )
    return found.stdout.strip() == "1"


def fetch(url: str, timeout: float = 120) -> int:
    request = urllib.request.Request(url, headers={"Host": "127.0.0.1"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_for_healthz(server, name: str, seconds: int) -> None:
    """Until `server` (with .process, .port, .log) answers /healthz; exit if it dies or stalls."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise SystemExit(f"{name} exited early; see {server.log.name}")
        try:
            if fetch(f"http://127.0.0.1:{server.port}/healthz", timeout=2) == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{name} did not answer /healthz in {seconds}s; see {server.log.name}")


# A page with fewer requests than this in --duration is measured again, four times as long.
MIN_REQUESTS = 20
TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def cpu_ms(pids) -> float:
    """User and system CPU time of the processes, in milliseconds (gone ones count 0)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total * TICK_MS


def backends(database: str) -> list[int]:
    """PostgreSQL server processes serving `database` (the workers' persistent connections)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if command.startswith("postgres: ") and f" {database} " in command:
                found.append(int(entry.name))
    return found


class Gunicorn:
    def __init__(self, env: dict, port: int, workers: int, log_file: Path):
        self.port = port
        self.log = log_file.open("w")
        command = [
            str(GUNICORN),
            "depok_csr.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "--error-logfile",
            "-",
        ]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log, stderr=self.log
        )

    def wait_ready(self, seconds: int = 30) -> None:
        wait_for_healthz(self, "gunicorn", seconds)

    def workers(self) -> list[int]:
        pid = self.process.pid
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]

    def drain(self, seconds: int = 180) -> None:
        """Wait until the workers are idle: wrk leaves requests queued when it stops."""
        deadline = time.monotonic() + seconds
        quick = 0
        while quick < 3 and time.monotonic() < deadline:
            started = time.monotonic()
            fetch(f"http://127.0.0.1:{self.port}/healthz", timeout=seconds)
            quick = quick + 1 if time.monotonic() - started < 0.05 else 0

    def worker_rss_mb(self) -> list[float]:
        sizes = []
        for child in self.workers():
            status = Path(f"/proc/{child}/status").read_text()
            kilobytes = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))
            sizes.append(kilobytes / 1024)
        return sizes

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


NGINX_CONF = """
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
daemon off;
user root;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {work}/nginx-body;
    proxy_temp_path {work}/nginx-proxy;
    fastcgi_temp_path {work}/nginx-fastcgi;
    uwsgi_temp_path {work}/nginx-uwsgi;
    scgi_temp_path {work}/nginx-scgi;
    upstream portal {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://portal;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 120s;
        }}
    }}
}}
"""


class Nginx:
    """nginx on `port`, spreading requests over gunicorn instances (round robin)."""

    def __init__(self, port: int, upstream_ports: list[int], work_dir: Path):
        self.port = port
        servers = "\n".join(f"        server 127.0.0.1:{p};" for p in upstream_ports)
        conf = work_dir / "nginx.conf"
        conf.write_text(NGINX_CONF.format(work=work_dir, servers=servers, port=port))
        self.log = (work_dir / "nginx.log").open("w")
        self.process = subprocess.Popen(
            ["nginx", "-c", str(conf), "-p", str(work_dir)], stdout=self.log, stderr=self.log
        )

    def pids(self) -> list[int]:
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [pid, *(int(p) for p in children)]

    def wait_ready(self, seconds: int = 30) -> None:
        wait_for_healthz(self, "nginx", seconds)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


LAYOUTS = {
    "direct": "gunicorn on 127.0.0.1 (no proxy)",
    "nginx-1": "nginx in front of 1 gunicorn instance",
    "nginx-2": "nginx in front of 2 gunicorn instances (round robin)",
}


def flush_redis(url: str) -> None:
    subprocess.run(["redis-cli", "-u", url, "FLUSHDB"], check=True, stdout=subprocess.DEVNULL)


# --- wrk --------------------------------------------------------------------------------------

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def to_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS_MS[unit]


def wrk(url: str, *, seconds: int, connections: int, threads: int) -> dict:
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "60s",
        "-H",
        "Host: 127.0.0.1",
        url,
    ]
    output = subprocess.run(command, check=True, text=True, stdout=subprocess.PIPE).stdout
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "p50": to_ms(percentiles["50"]) if "50" in percentiles else math.nan,
        "p99": to_ms(percentiles["99"]) if "99" in percentiles else math.nan,
        "errors": (int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(int(n) for n in socket.groups()) if socket else 0),
    }


# --- one size ---------------------------------------------------------------------------------


def counts_for(commitments: int) -> dict:
    """Everything in proportion to the pledges, as the defaults of seed_scale are."""
    return {
        "organizations": max(30, commitments // 20),
        "opportunities": max(60, commitments // 5),
        "commitments": commitments,
        "realizations": commitments // 2,
    }


def prepare(size: int, args, env: dict) -> dict:
    """A migrated, seeded database for `size` pledges; returns the pages' targets."""
    name = f"{args.db_prefix}_{size}"
    env["DATABASE_URL"] = f"{args.pg_url}/{name}"
    reuse = args.reuse_db and database_exists(f"{args.pg_url}/postgres", name)
    if not reuse:
        log(f"database {name}: creating")
        psql(f"{args.pg_url}/postgres", f"DROP DATABASE IF EXISTS {name}")
        psql(f"{args.pg_url}/postgres", f"CREATE DATABASE {name}")
    manage(env, "migrate", "--noinput", "-v0")
    if not reuse:
        seed = [f"--{key}={value}" for key, value in counts_for(size).items()]
        started = time.monotonic()
        manage(env, "seed_scale", *seed)
        log(f"seed_scale {' '.join(seed)}: {time.monotonic() - started:.1f} s")
    else:
        log(f"database {name}: reused (--reuse-db), migrations applied")
    return json.loads(manage(env, "shell", "-c", FIND_TARGETS, capture=True).splitlines()[-1])


def measure(
    size: int, page_cache: str, layout: str, args, env: dict, targets: dict
) -> tuple[list, list, tuple]:
    env = {**env, "PAGE_CACHE": page_cache}
    if args.pg_options:
        env["PGOPTIONS"] = args.pg_options
    deepest = min(1000, targets["directory_pages"])
    pages = pages_for(targets, deepest)
    if page_cache == "off" and layout == "direct" and not args.no_downloads:
        pages += downloads_for(targets)
    flush_redis(args.redis_url)  # a cold cache, and no page of another database
    instances = {"direct": 1, "nginx-1": 1, "nginx-2": 2}[layout]
    ports = [args.port] if layout == "direct" else [args.port + 1 + i for i in range(instances)]
    servers, proxy = [], None
    load_start = os.getloadavg()[0]
    try:
        for i, port in enumerate(ports):
            log_file = args.work_dir / f"gunicorn-{size}-{page_cache}-{layout}-{i}.log"
            servers.append(Gunicorn(env, port, args.workers, log_file))
        for server in servers:
            server.wait_ready()
        if layout != "direct":
            proxy = Nginx(args.port, ports, args.work_dir)
            proxy.wait_ready()

        def drain():
            for server in servers:
                server.drain()

        base = f"http://127.0.0.1:{args.port}"
        for page in pages:
            status = fetch(base + page.path)
            if status != 200:
                raise SystemExit(f"{page.path} answered {status}, not 200: fix before measuring")
        log(f"{size} pledges, PAGE_CACHE={page_cache}, {layout}: warming up")
        for page in pages:
            wrk(base + page.path, seconds=1, connections=2, threads=1)
            drain()
        results = []
        database = env["DATABASE_URL"].rsplit("/", 1)[1]
        for page in pages:
            app = [pid for server in servers for pid in server.workers()]
            app += proxy.pids() if proxy else []
            db = backends(database)
            app_before, db_before = cpu_ms(app), cpu_ms(db)
            measured = wrk(
                base + page.path,
                seconds=args.duration,
                connections=args.connections,
                threads=args.threads,
            )
            if measured["requests"] < MIN_REQUESTS:
                # Seconds a request: run longer, so the percentiles rest on enough requests.
                drain()
                app_before, db_before = cpu_ms(app), cpu_ms(db)
                measured = wrk(
                    base + page.path,
                    seconds=args.duration * 4,
                    connections=args.connections,
                    threads=args.threads,
                )
            if measured["requests"] < 3:
                # A download that takes longer than the run: one client, one after another.
                drain()
                app_before, db_before = cpu_ms(app), cpu_ms(db)
                measured = wrk(
                    base + page.path, seconds=args.duration * 12, connections=1, threads=1
                )
                page = Page(f"{page.name} [1 connection]", page.path)
            drain()
            result = Result(
                page,
                measured["rps"],
                measured["p50"],
                measured["p99"],
                measured["requests"],
                measured["errors"],
            )
            if measured["requests"]:
                result.app_cpu_ms = (cpu_ms(app) - app_before) / measured["requests"]
                result.db_cpu_ms = (cpu_ms(db) - db_before) / measured["requests"]
            results.append(result)
            log(
                f"  {page.name:<45} {result.requests_per_second:9.1f} req/s  "
                f"p50 {result.p50_ms:8.1f} ms  p99 {result.p99_ms:8.1f} ms  "
                f"errors {result.errors}  CPU/req app {result.app_cpu_ms:6.1f} ms "
                f"db {result.db_cpu_ms:6.1f} ms  load {os.getloadavg()[0]:.1f}"
            )
        rss = [mb for server in servers for mb in server.worker_rss_mb()]
    finally:
        if proxy:
            proxy.stop()
        for server in servers:
            server.stop()
    loads = (load_start, os.getloadavg()[0])
    healthz = results[0].requests_per_second
    for result in results:
        result.ratio = result.requests_per_second / healthz if healthz else 0.0
    return results, rss, loads


# --- report -----------------------------------------------------------------------------------


def machine() -> dict:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    versions = subprocess.run(
        ["psql", "--version"], check=False, text=True, stdout=subprocess.PIPE
    ).stdout.strip()
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"],
        cwd=ROOT,
        check=False,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    ).stdout.strip()
    return {
        "date": f"{datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} (start)",
        "commit": commit or "unknown",
        "uname": " ".join(platform.uname()),
        "cpu": f"{cpu}, {os.cpu_count()} CPUs",
        "python": platform.python_version(),
        "postgresql": versions,
    }


def table(results: list[Result]) -> list[str]:
    lines = [
        "| page | path | req/s | p50 ms | p99 ms | errors | ratio to /healthz "
        "| app CPU ms/req | db CPU ms/req |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.page.name} | `{r.page.path}` | {r.requests_per_second:.1f} | {r.p50_ms:.1f} "
            f"| {r.p99_ms:.1f} | {r.errors} | {r.ratio:.3f} | {r.app_cpu_ms:.1f} "
            f"| {r.db_cpu_ms:.1f} |"
        )
    return lines


def _is_download(result: Result) -> bool:
    return result.page.name.startswith(("CSV", "XLSX"))


def growth(runs: dict) -> list[str]:
    """Each page at the largest size against the smallest (same PAGE_CACHE and layout)."""
    lines = []
    for page_cache, layout in sorted({(cache, layout) for _, cache, layout in runs}):
        sizes = sorted(size for size, c, lay in runs if (c, lay) == (page_cache, layout))
        if len(sizes) < 2:
            continue
        small = runs[(sizes[0], page_cache, layout)][0]
        large = runs[(sizes[-1], page_cache, layout)][0]
        lines += [
            f"### Growth from {sizes[0]:,} to {sizes[-1]:,} pledges "
            f"(PAGE_CACHE={page_cache}, {layout})",
            "",
            "CPU per request (app + db) does not depend on the machine's other load; req/s does.",
            "",
            f"| page | req/s at {sizes[0]:,} | req/s at {sizes[-1]:,} | change "
            f"| CPU ms/req at {sizes[0]:,} | CPU ms/req at {sizes[-1]:,} | cost change |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for a, b in zip(small, large, strict=True):
            change = (b.requests_per_second / a.requests_per_second - 1) * 100
            cpu_a, cpu_b = a.app_cpu_ms + a.db_cpu_ms, b.app_cpu_ms + b.db_cpu_ms
            cost = (cpu_b / cpu_a - 1) * 100 if cpu_a else math.nan
            lines.append(
                f"| {a.page.name.split(' (')[0]} | {a.requests_per_second:.1f} "
                f"| {b.requests_per_second:.1f} | {change:+.0f}% | {cpu_a:.1f} | {cpu_b:.1f} "
                f"| {cost:+.0f}% |"
            )
        lines.append("")
    return lines


LIST_AND_DETAIL = ("directory", "profile", "opportunity", "commitment")


def target_checks(runs: dict) -> list[str]:
    """The targets of the performance issue, per run: the worst page against each."""
    lines = [
        "## Targets",
        "",
        "Per run, the worst page against each target (downloads excluded: they grow with their "
        "rows by nature and are never cached).",
        "",
        "| pledges | PAGE_CACHE | layout | target | worst | met |",
        "|---:|---|---|---|---|---|",
    ]

    def row(key, target, worst, met):
        size, cache, layout = key
        lines.append(
            f"| {size:,} | {cache} | {layout} | {target} | {worst} | {'yes' if met else '**no**'} |"
        )

    for key, (results, rss, _loads) in sorted(runs.items(), key=_run_order):
        pages = [r for r in results[1:] if not _is_download(r)]
        statistics = next(r for r in pages if r.page.name == "statistics")
        if key[1] == "on":
            worst = min(pages, key=lambda r: r.ratio)
            row(key, "every page ≥ 0.80 of /healthz", f"{worst.page.name}: {worst.ratio:.3f}",
                worst.ratio >= 0.80)  # fmt: skip
        else:
            row(key, "statistics ≥ 0.10 of /healthz", f"{statistics.ratio:.3f}",
                statistics.ratio >= 0.10)  # fmt: skip
            lists = [r for r in pages if r.page.name.startswith(LIST_AND_DETAIL)]
            worst = min(lists, key=lambda r: r.ratio)
            row(key, "list and detail pages ≥ 0.20 of /healthz",
                f"{worst.page.name}: {worst.ratio:.3f}", worst.ratio >= 0.20)  # fmt: skip
            slowest = max(lists, key=lambda r: r.p99_ms)
            row(key, "list and detail pages p99 < 100 ms",
                f"{slowest.page.name}: {slowest.p99_ms:.0f} ms", slowest.p99_ms < 100)  # fmt: skip
        first = next(r for r in pages if r.page.name == "directory, page 1")
        deepest = next(r for r in pages if r.page.name.endswith("(deepest)"))
        slower = first.requests_per_second / deepest.requests_per_second
        row(key, "deepest directory page within 1.5× of page 1", f"{slower:.2f}×", slower <= 1.5)
        errors = sum(r.errors for r in results)
        row(key, "zero errors", str(errors), errors == 0)
        row(key, "worker RSS < 150 MB", f"{max(rss):.0f} MB", max(rss) < 150)
    lines.append("")
    return lines


def _run_order(item):
    size, page_cache, layout = item[0]
    return size, page_cache, list(LAYOUTS).index(layout)


def write_report(path: Path, runs: dict, args, command: str, info: dict) -> None:
    lines = [
        "# Benchmark results",
        "",
        f"- Date: {info['date']}",
        f"- Machine: `{info['uname']}`",
        f"- CPU: {info['cpu']}; Python {info['python']}; {info['postgresql']}",
        f"- Command: `{command}`",
        f"- Code: `{info['commit']}` (git describe --always --dirty)",
        f"- gunicorn {args.workers} workers (sync) on 127.0.0.1; wrk -t{args.threads} "
        f"-c{args.connections} -d{args.duration}s per page after a 1 s warm-up; wrk, gunicorn, "
        "PostgreSQL and Redis share the same CPUs.",
        "- Production settings: DEBUG off, SECRET_KEY set, ALLOWED_HOSTS=127.0.0.1, "
        "SECURE_SSL_REDIRECT=0 (plain http on loopback), DATABASE_URL (PostgreSQL), "
        "REDIS_URL (Redis).",
        f"- PostgreSQL options of the portal's connections (PGOPTIONS): "
        f"{args.pg_options or 'none (server defaults)'}.",
        "- PAGE_CACHE=on: the bench's Redis database is emptied before the run; the warm-up "
        "fills the cache, so the measured requests are answered from it (anonymous visitors, as "
        "wrk is). PAGE_CACHE=off: every request renders from the database.",
        "- Layouts: "
        + "; ".join(f"{name}: {text}" for name, text in LAYOUTS.items())
        + f". gunicorn {args.workers} workers per instance; app CPU includes nginx's.",
        "- Errors: non-2xx/3xx responses plus socket errors (connect, read, write, timeout).",
        "- CPU ms/req: user+system CPU time of the gunicorn workers (app) and of their "
        "PostgreSQL backends (db) during the page's wrk run, divided by the requests served. "
        "It does not depend on what else runs on the machine, unlike req/s and latency; a "
        "load average above ~3 means other processes took CPU from the run.",
        "",
    ]
    if args.note:
        lines += [f"**Note:** {args.note}", ""]
    for (size, page_cache, layout), (results, rss, loads) in sorted(runs.items(), key=_run_order):
        counts = counts_for(size)
        lines += [
            f"## {size:,} pledges, PAGE_CACHE={page_cache}, {layout}",
            "",
            f"Data: {counts['organizations']:,} organisations, {counts['opportunities']:,} "
            f"needs, {counts['commitments']:,} pledges, {counts['realizations']:,} reports "
            "(plus the reference data).",
            "",
            *table(results),
            "",
            "gunicorn worker memory (RSS) at the end: "
            + ", ".join(f"{mb:.0f} MB" for mb in rss)
            + f". Load average (1 min): {loads[0]:.1f} at the start, {loads[1]:.1f} at the end.",
            "",
        ]
    lines += target_checks(runs)
    lines += growth(runs)
    path.write_text("\n".join(lines).rstrip() + "\n")


# --- main -------------------------------------------------------------------------------------


def parse(argv):
    parser = argparse.ArgumentParser(prog="bench/run.sh", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="pledges per run")
    parser.add_argument(
        "--page-cache",
        default=os.environ.get("PAGE_CACHE", "off"),
        help="PAGE_CACHE values to run, comma-separated (e.g. off,on); default $PAGE_CACHE or off",
    )
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8000")))
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("BENCH_PG_URL", "postgres://postgres:postgres@127.0.0.1:5432"),
        help="PostgreSQL server (no database name); databases <prefix>_<size> are made there",
    )
    parser.add_argument(
        "--pg-options",
        default=os.environ.get("BENCH_PG_OPTIONS", ""),
        help="PGOPTIONS for gunicorn's connections, e.g. '-c jit=off' (default: none)",
    )
    parser.add_argument("--db-prefix", default=os.environ.get("BENCH_DB_PREFIX", "bench"))
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1")
    )
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        help="keep an existing bench database (migrate only) instead of re-seeding it",
    )
    parser.add_argument(
        "--layouts",
        default="direct",
        help=f"comma-separated, of: {', '.join(LAYOUTS)} (nginx-2: two gunicorn instances)",
    )
    parser.add_argument(
        "--no-downloads", action="store_true", help="skip the CSV and XLSX downloads"
    )
    parser.add_argument("--note", default="", help="a line for the report (e.g. machine shared)")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument(
        "--work-dir", type=Path, default=Path(os.environ.get("BENCH_WORK_DIR", "/tmp/depok-bench"))
    )
    return parser.parse_args(argv)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    args = parse(argv)
    args.work_dir.mkdir(parents=True, exist_ok=True)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DATABASE_URL", "REDIS_URL", "DATA_DIR", "PAGE_CACHE", "PGOPTIONS"}
    }
    env |= {
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-secret-key-never-used-in-production",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "REDIS_URL": args.redis_url,
        "DATA_DIR": str(args.work_dir / "data"),
        "STATIC_ROOT": str(args.work_dir / "static"),
        "LOG_LEVEL": "WARNING",
    }
    manage({**env, "DATABASE_URL": f"{args.pg_url}/postgres"}, "collectstatic", "--noinput", "-v0")
    command = "bash bench/run.sh " + shlex.join(argv)
    runs = {}
    info = machine()  # the code and the date the run started with
    started = time.monotonic()
    for size in (int(size) for size in args.sizes.split(",")):
        targets = prepare(size, args, env)
        for page_cache in args.page_cache.split(","):
            for layout in args.layouts.split(","):
                runs[(size, page_cache, layout)] = measure(
                    size, page_cache, layout, args, env, targets
                )
                write_report(args.output, runs, args, command.strip(), info)
    log(f"done in {time.monotonic() - started:.0f} s; table written to {args.output}")
    print(args.output.read_text())


if __name__ == "__main__":
    main()
