"""
Fault runs: the portal under load on gunicorn and PostgreSQL while things break. Run it through
bench/faults.sh, which installs wrk and starts the services first; `--help` lists the options.

It makes its own database (faults_<pledges>, seeded like the benchmark's), starts gunicorn with
production settings (2 sync workers, page cache off so every request needs the database) and
drives a mix of pages with wrk (home, directory, an organisation, opportunity list and detail,
commitments, statistics), three times:

1. steady: nothing breaks; every answer must be a 2xx/3xx and no socket error;
2. kill: one gunicorn worker gets SIGKILL mid-load; the share of failed requests (target
   <= 0.1%) and whether gunicorn replaced the worker and every page answers 200 afterwards;
   kill-cached: the same with the page cache on, as production runs by default;
3. pg: PostgreSQL is stopped for 10 s (pg_ctlcluster stop, then start) mid-load; the 503
   answers are counted, their bodies checked for the friendly page (and no traceback), and every
   page must answer 200 again afterwards from the same gunicorn processes.

Run 3 stops the whole PostgreSQL cluster: every other client of that server (other test runs)
loses its connections for those seconds. `--pg-cluster`/`--pg-port` point it at another cluster.
The figures are printed and written to bench/FAULTS.md with the date, machine and command.
"""

import argparse
import datetime
import json
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import redis

import bench  # bench/bench.py: gunicorn, manage.py, psql and machine helpers shared with it

ROOT = bench.ROOT
RUNS = ("steady", "kill", "kill-cached", "pg")
# The text of the 503 page (templates/503.html) every answer must carry, and what must not leak.
FRIENDLY_MARKER = 'id="portal-unavailable"'
LEAKS = ("Traceback", "OperationalError", "InterfaceError", "psycopg")

# wrk: one request after another through the pages' paths; counts answers by status and reads
# the bodies of 503s. Each wrk thread has its own Lua state: done() adds the threads' counts.
WRK_SCRIPT = """
local paths = {%(paths)s}
local threads = {}

function setup(thread)
    thread:set("offset", #threads)
    table.insert(threads, thread)
end

function init(args)
    counter = offset
    statuses = {}
    friendly, leaked = 0, 0
end

function request()
    counter = counter + 1
    return wrk.format("GET", paths[(counter %% #paths) + 1], {["Host"] = "127.0.0.1"})
end

function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
    if status == 503 then
        if string.find(body, '%(marker)s', 1, true) then friendly = friendly + 1 end
        for _, leak in ipairs({%(leaks)s}) do
            if string.find(body, leak, 1, true) then leaked = leaked + 1 break end
        end
    end
end

function done(summary, latency, requests)
    local totals, f, l = {}, 0, 0
    for _, thread in ipairs(threads) do
        for status, n in pairs(thread:get("statuses")) do
            totals[status] = (totals[status] or 0) + n
        end
        f = f + thread:get("friendly")
        l = l + thread:get("leaked")
    end
    for status, n in pairs(totals) do io.write(string.format("STATUS %%d %%d\\n", status, n)) end
    io.write(string.format("FRIENDLY503 %%d\\nLEAKED503 %%d\\n", f, l))
    local e = summary.errors
    io.write(string.format("SOCKET %%d %%d %%d %%d\\n", e.connect, e.read, e.write, e.timeout))
    io.write(string.format("TOTAL %%d\\n", summary.requests))
end
"""


def log(message: str) -> None:
    stamp = datetime.datetime.now(datetime.UTC).strftime("%H:%M:%S")
    print(f"faults [{stamp} UTC]: {message}", flush=True)


def pages_for(targets: dict) -> list[tuple[str, str]]:
    return [
        ("home", "/"),
        ("directory", "/direktori/"),
        ("organisation", f"/direktori/{targets['partner']}/"),
        ("opportunity list", "/peluang/"),
        ("opportunity detail", f"/peluang/{targets['need']}/"),
        ("commitments", "/komitmen/"),
        ("statistics", "/statistik/"),
    ]


def get(url: str, timeout: float = 30) -> tuple[int, dict, str]:
    """Status, headers and body of a GET (an error status is an answer, not an exception)."""
    request = urllib.request.Request(url, headers={"Host": "127.0.0.1"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


class Wrk:
    """wrk over the pages' mix in the background; `result()` waits and parses its report."""

    def __init__(self, base: str, paths: list[str], args, work_dir: Path):
        script = work_dir / "faults.lua"
        script.write_text(
            WRK_SCRIPT
            % {
                "paths": ", ".join(json.dumps(p) for p in paths),
                "marker": FRIENDLY_MARKER,
                "leaks": ", ".join(json.dumps(leak) for leak in LEAKS),
            }
        )
        command = [
            "wrk",
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{args.duration}s",
            "--timeout",
            "30s",
            "-s",
            str(script),
            base + paths[0],
        ]
        self.started = time.monotonic()
        self.process = subprocess.Popen(command, text=True, stdout=subprocess.PIPE)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def result(self) -> dict:
        output, _ = self.process.communicate()
        if self.process.returncode != 0:
            raise SystemExit(f"wrk failed:\n{output}")
        statuses, counts = {}, {}
        for line in output.splitlines():
            word, *numbers = line.split()
            if word == "STATUS":
                statuses[int(numbers[0])] = int(numbers[1])
            elif word in ("FRIENDLY503", "LEAKED503", "TOTAL"):
                counts[word] = int(numbers[0])
            elif word == "SOCKET":
                counts["socket"] = dict(
                    zip(("connect", "read", "write", "timeout"), map(int, numbers), strict=True)
                )
        ok = sum(n for status, n in statuses.items() if 200 <= status < 400)
        socket_errors = sum(counts["socket"].values())
        return {
            "requests": counts["TOTAL"],
            "statuses": dict(sorted(statuses.items())),
            "ok": ok,
            "non_2xx_3xx": sum(statuses.values()) - ok,
            "socket": counts["socket"],
            "socket_errors": socket_errors,
            "errors": sum(statuses.values()) - ok + socket_errors,
            "friendly_503": counts["FRIENDLY503"],
            "leaked_503": counts["LEAKED503"],
            "rps": counts["TOTAL"] / self.elapsed(),
        }


def wait_until(condition, seconds: float, step: float = 0.2) -> float | None:
    """Seconds until `condition()` held, or None when it did not within `seconds`."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if condition():
            return time.monotonic() - started
        time.sleep(step)
    return None


def all_pages_answer(base: str, pages) -> dict:
    return {path: get(base + path)[0] for _, path in pages}


# --- the three runs --------------------------------------------------------------------------


def run_steady(server, base, pages, args) -> dict:
    load = Wrk(base, [p for _, p in pages], args, args.work_dir)
    result = load.result()
    result["passed"] = result["errors"] == 0
    return result


def run_kill(server, base, pages, args) -> dict:
    before = server.workers()
    load = Wrk(base, [p for _, p in pages], args, args.work_dir)
    time.sleep(args.fault_at)
    victim = before[0]
    os.kill(victim, signal.SIGKILL)
    killed_at = load.elapsed()
    log(f"killed worker {victim} with SIGKILL at {killed_at:.1f} s of the run")
    replaced = wait_until(
        lambda: len([w for w in server.workers() if w != victim]) >= args.workers, 60
    )
    result = load.result()
    server.drain()
    after = server.workers()
    answers = all_pages_answer(base, pages)
    share = result["errors"] / result["requests"] if result["requests"] else 1.0
    result |= {
        "killed_worker": victim,
        "killed_at_s": killed_at,
        "replaced_after_s": replaced,
        "workers_before": before,
        "workers_after": after,
        "failed_share": share,
        "pages_after": answers,
        "recovered": replaced is not None and all(s == 200 for s in answers.values()),
    }
    result["passed"] = share <= 0.001 and result["recovered"]
    return result


def pg_ctl(args, action: str) -> None:
    subprocess.run(
        [
            "pg_ctlcluster",
            "--skip-systemctl-redirect",
            args.pg_version,
            args.pg_cluster,
            action,
        ],
        check=True,
    )


def pg_ready(args) -> bool:
    return (
        subprocess.run(
            ["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(args.pg_port)], check=False
        ).returncode
        == 0
    )


def sample_during_outage(base: str, path: str, samples: list, stop: threading.Event) -> None:
    """One request a second while PostgreSQL is down: status, Retry-After and the body."""
    while not stop.is_set():
        try:
            status, headers, body = get(base + path, timeout=10)
            samples.append((status, headers.get("Retry-After"), body))
        except OSError as error:
            samples.append((None, None, str(error)))
        stop.wait(1)


def run_pg(server, base, pages, args) -> dict:
    master = server.process.pid
    before = server.workers()
    load = Wrk(base, [p for _, p in pages], args, args.work_dir)
    time.sleep(args.fault_at)
    stopped_wall = datetime.datetime.now(datetime.UTC)
    stopped_at = load.elapsed()
    pg_ctl(args, "stop")
    down_wall = datetime.datetime.now(datetime.UTC)
    log(f"PostgreSQL {args.pg_version}/{args.pg_cluster} down at {load.elapsed():.1f} s of the run")
    samples, stop = [], threading.Event()
    sampler = threading.Thread(
        target=sample_during_outage, args=(base, pages[0][1], samples, stop), daemon=True
    )
    sampler.start()
    time.sleep(args.pg_down)
    stop.set()
    sampler.join()
    pg_ctl(args, "start")
    ready = wait_until(lambda: pg_ready(args), 60)
    started_wall = datetime.datetime.now(datetime.UTC)
    ready = f"{ready:.1f} s" if ready is not None else "never (within 60 s)"
    log(f"PostgreSQL started again at {load.elapsed():.1f} s of the run (ready after {ready})")
    # The first page that answers 200 after the restart, from the same gunicorn.
    first_ok = wait_until(lambda: get(base + pages[0][1])[0] == 200, 60, step=0.1)
    result = load.result()
    server.drain()
    answers = all_pages_answer(base, pages)
    statuses = result["statuses"]
    other_errors = result["non_2xx_3xx"] - statuses.get(503, 0)
    sample_503 = [s for s in samples if s[0] == 503]
    result |= {
        "stopped_utc": stopped_wall.strftime("%Y-%m-%d %H:%M:%S"),
        "down_utc": down_wall.strftime("%H:%M:%S"),
        "started_utc": started_wall.strftime("%Y-%m-%d %H:%M:%S"),
        "stopped_at_s": stopped_at,
        "down_s": args.pg_down,
        "count_503": statuses.get(503, 0),
        "other_errors": other_errors,
        "samples": len(samples),
        "samples_503": len(sample_503),
        "samples_retry_after": sorted({s[1] for s in sample_503 if s[1]}),
        "samples_friendly": sum(FRIENDLY_MARKER in s[2] for s in sample_503),
        "samples_leaked": sum(any(leak in s[2] for leak in LEAKS) for s in sample_503),
        "first_200_after_start_s": first_ok,
        "same_master": server.process.poll() is None and server.process.pid == master,
        "workers_before": before,
        "workers_after": server.workers(),
        "pages_after": answers,
    }
    result["recovered"] = first_ok is not None and all(s == 200 for s in answers.values())
    result["passed"] = (
        result["count_503"] > 0
        and result["friendly_503"] == result["count_503"]
        and result["leaked_503"] == 0
        and result["samples_leaked"] == 0
        and result["recovered"]
        and result["same_master"]
    )
    return result


# --- report ----------------------------------------------------------------------------------


def describe(name: str, r: dict) -> list[str]:
    verdict = "PASS" if r["passed"] else "FAIL"
    statuses = ", ".join(f"{status}: {n:,}" for status, n in r["statuses"].items())
    socket = ", ".join(f"{kind} {n}" for kind, n in r["socket"].items())
    lines = [
        f"### {name}: {verdict}",
        "",
        f"- Requests: {r['requests']:,} ({r['rps']:.1f}/s); answers by status: {statuses}.",
        f"- Errors: {r['errors']:,} ({r['non_2xx_3xx']:,} non-2xx/3xx, socket errors: {socket}).",
    ]
    if name.startswith("2"):
        replaced = r["replaced_after_s"]
        replaced = f"{replaced:.1f} s later" if replaced is not None else "never"
        lines += [
            f"- Worker {r['killed_worker']} killed with SIGKILL {r['killed_at_s']:.1f} s into the "
            f"run; gunicorn had a new worker {replaced} (workers {r['workers_before']} → "
            f"{r['workers_after']}).",
            f"- Failed share: {r['failed_share']:.4%} (target ≤ 0.1000%).",
            f"- Every page after the run: {fmt_pages(r['pages_after'])}.",
        ]
    if name.startswith("3"):
        first = r["first_200_after_start_s"]
        first = f"{first:.1f} s" if first is not None else "never"
        lines += [
            f"- `pg_ctlcluster stop` {r['stopped_at_s']:.1f} s into the run ({r['stopped_utc']} "
            f"UTC; down at {r['down_utc']}), `start` {r['down_s']} s later; accepting "
            f"connections again at {r['started_utc']} UTC.",
            f"- 503 answers: {r['count_503']:,}; with the friendly page: {r['friendly_503']:,}; "
            f"with a traceback or driver error in the body: {r['leaked_503']}. Other errors: "
            f"{r['other_errors']:,}.",
            f"- Sampled once a second during the outage: {r['samples']} requests, "
            f"{r['samples_503']} answered 503, Retry-After {r['samples_retry_after']}, "
            f"{r['samples_friendly']} with the friendly page, {r['samples_leaked']} leaking.",
            f"- First 200 after PostgreSQL was back: "
            f"{first}; same gunicorn master: "
            f"{r['same_master']} (workers {r['workers_before']} → {r['workers_after']}); every "
            f"page after the run: {fmt_pages(r['pages_after'])}.",
        ]
    return lines + [""]


def fmt_pages(answers: dict) -> str:
    return ", ".join(f"`{path}` {status}" for path, status in answers.items())


NAMES = {
    "steady": "1. Steady load",
    "kill": "2. One worker killed (SIGKILL)",
    "kill-cached": "2b. One worker killed (SIGKILL), page cache on (the production default)",
    "pg": "3. PostgreSQL stopped",
}


def write_report(path: Path, results: dict, args, command: str, targets: dict) -> None:
    info = bench.machine()
    counts = bench.counts_for(args.size)
    lines = [
        "# Fault runs",
        "",
        f"- Date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- Machine: `{info['uname']}`",
        f"- CPU: {info['cpu']}; Python {info['python']}; {info['postgresql']}",
        f"- Command: `{command}`",
        f"- Code: `{info['commit']}` (git describe --always --dirty)",
        f"- gunicorn {args.workers} sync workers on 127.0.0.1:{args.port}, production settings "
        "(DEBUG off, SECURE_SSL_REDIRECT=0 on loopback), PostgreSQL database "
        f"`{args.db}` ({counts['commitments']:,} pledges, {counts['organizations']:,} "
        f"organisations, {counts['opportunities']:,} needs), Redis cache, "
        f"PAGE_CACHE={args.page_cache} (run 2b: on; Redis database emptied before each run).",
        f"- Load: wrk -t{args.threads} -c{args.connections} -d{args.duration}s, requests "
        "taking turns through: " + ", ".join(f"{name} `{p}`" for name, p in pages_for(targets)),
        f"- Faults {args.fault_at} s into a run. Errors: non-2xx/3xx answers plus socket errors "
        "(connect, read, write, timeout).",
        "",
    ]
    for run, result in results.items():
        lines += describe(NAMES[run], result)
    path.write_text("\n".join(lines).rstrip() + "\n")


# --- main ------------------------------------------------------------------------------------


def newest_pg_version() -> str:
    """The newest PostgreSQL with a cluster configured, as scripts/services.sh picks it."""
    versions = os.listdir("/etc/postgresql") if os.path.isdir("/etc/postgresql") else []
    return max(versions, key=lambda v: [int(x) for x in v.split(".")], default="15")


def parse(argv):
    parser = argparse.ArgumentParser(prog="bench/faults.sh", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", default=",".join(RUNS), help="which runs, e.g. steady,kill")
    parser.add_argument("--duration", type=int, default=60, help="seconds of wrk per run")
    parser.add_argument("--fault-at", type=int, default=20, help="seconds into a run")
    parser.add_argument("--pg-down", type=int, default=10, help="seconds PostgreSQL is stopped")
    parser.add_argument("--size", type=int, default=1000, help="pledges in the database")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2 or more)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("FAULTS_PORT", "8010")))
    parser.add_argument("--page-cache", default="off", help="PAGE_CACHE for gunicorn")
    parser.add_argument("--pg-cluster", default="main", help="pg_ctlcluster cluster name")
    parser.add_argument("--pg-port", type=int, default=5432)
    parser.add_argument("--pg-version", default=newest_pg_version())
    parser.add_argument("--db", default=None, help="database name (default faults_<size>)")
    parser.add_argument("--reuse-db", action="store_true", help="keep an existing database")
    parser.add_argument(
        "--redis-url", default=os.environ.get("FAULTS_REDIS_URL", "redis://127.0.0.1:6379/4")
    )
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "FAULTS.md")
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=Path(os.environ.get("FAULTS_WORK_DIR", Path(tempfile.gettempdir()) / "faults")),
    )
    args = parser.parse_args(argv)
    args.db = args.db or f"faults_{args.size}"
    if args.workers < 2:
        parser.error("--workers must be 2 or more: one is killed in the second run")
    return args


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    args = parse(argv)
    runs = [run for run in args.runs.split(",") if run]
    unknown = set(runs) - set(RUNS)
    if unknown:
        raise SystemExit(f"unknown runs: {', '.join(sorted(unknown))}")
    args.work_dir.mkdir(parents=True, exist_ok=True)
    pg_url = f"postgres://postgres:postgres@127.0.0.1:{args.pg_port}"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DATABASE_URL", "REDIS_URL", "DATA_DIR", "PAGE_CACHE", "PGOPTIONS"}
    }
    env |= {
        "DEBUG": "0",
        "SECRET_KEY": "fault-runs-only-secret-key-never-used-in-production",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "REDIS_URL": args.redis_url,
        "DATA_DIR": str(args.work_dir / "data"),
        "STATIC_ROOT": str(args.work_dir / "static"),
        "LOG_LEVEL": "WARNING",
        "PAGE_CACHE": args.page_cache,
        "DATABASE_URL": f"{pg_url}/{args.db}",
    }
    command = "bash bench/faults.sh " + shlex.join(argv)
    bench.manage({**env, "DATABASE_URL": f"{pg_url}/postgres"}, "collectstatic", "--noinput", "-v0")
    reuse = args.reuse_db and bench.database_exists(f"{pg_url}/postgres", args.db)
    if not reuse:
        log(f"database {args.db}: creating and seeding {args.size} pledges")
        bench.psql(f"{pg_url}/postgres", f"DROP DATABASE IF EXISTS {args.db}")
        bench.psql(f"{pg_url}/postgres", f"CREATE DATABASE {args.db}")
    bench.manage(env, "migrate", "--noinput", "-v0")
    if not reuse:
        bench.manage(
            env, "seed_scale", *[f"--{k}={v}" for k, v in bench.counts_for(args.size).items()]
        )
    found = bench.manage(env, "shell", "-c", bench.FIND_TARGETS, capture=True)
    targets = json.loads(found.strip().splitlines()[-1])
    pages = pages_for(targets)
    base = f"http://127.0.0.1:{args.port}"

    results = {}
    for run in runs:
        run_env = {**env, "PAGE_CACHE": "on"} if run == "kill-cached" else env
        redis.Redis.from_url(args.redis_url).flushdb()  # no page from an earlier run
        log_file = args.work_dir / f"gunicorn-{run}.log"
        server = bench.Gunicorn(run_env, args.port, args.workers, log_file)
        try:
            server.wait_ready()
            for _, path in pages:
                status = get(base + path)[0]
                if status != 200:
                    raise SystemExit(f"{path} answered {status}, not 200: fix before the runs")
            log(f"run {run}: {args.duration} s of wrk over {len(pages)} pages")
            handler = {"steady": run_steady, "kill": run_kill, "pg": run_pg}[run.split("-")[0]]
            results[run] = handler(server, base, pages, args)
        finally:
            if not pg_ready(args):  # never leave PostgreSQL down, whatever happened
                pg_ctl(args, "start")
            server.stop()
        for line in describe(NAMES[run], results[run]):
            print(line, flush=True)
        write_report(args.output, results, args, command.strip(), targets)
    log(f"written to {args.output}")
    failed = [run for run, result in results.items() if not result["passed"]]
    if failed:
        raise SystemExit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
