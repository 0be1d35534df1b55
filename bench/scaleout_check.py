"""
Two portal instances sharing one PostgreSQL and one Redis, as two hosts behind a load balancer
would: a session signed in through one continues on the other, and an approval made through one
shows at once on the pages the other has cached. Run through bench/run.sh's environment:

    .venv/bin/python bench/scaleout_check.py --database-url postgres://.../bench_1000

It starts gunicorn twice (ports --port and --port+1, production settings), adds a staff member
and a proposed pledge to a public need in that database (names start with "scaleout-"), then
prints each step and exits non-zero if one fails. Use a benchmark database, never a real one.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import PYTHON, ROOT, Gunicorn  # noqa: E402

SETUP = """
import json, os
from datetime import date
from django.contrib.auth.models import Group
from accounts.models import User
from companies.models import Organization
from programs.models import Commitment, Opportunity

password = os.environ["SCALEOUT_PASSWORD"]
staff, _ = User.objects.update_or_create(
    username="scaleout-staff", defaults={"is_staff": True, "email": "scaleout@example.org"}
)
staff.set_password(password)
staff.save()
staff.groups.add(Group.objects.get(name="Bappeda"))
need = Opportunity.objects.public().order_by("pk").first()
partner = Organization.objects.active().partners().order_by("pk").first()
pledge = Commitment.objects.create(
    title="scaleout-pledge " + password[:8], partner=partner, opportunity=need,
    agency=need.agency, theme=need.theme, value=1_234_567, start_date=date(2026, 1, 1),
    end_date=date(2026, 12, 31), status=Commitment.Status.PROPOSED,
)
print(json.dumps({"pledge": pledge.pk, "title": pledge.title, "need": need.pk}))
"""


class Browser:
    """A client with its own cookies (sent by hand: the cookies are Secure, the loopback is
    plain HTTP), talking to whichever instance each request names."""

    def __init__(self):
        self.cookies = {}

    def request(self, port, method, path, data=None):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{port}{path}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode(errors="replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        connection.close()
        return response, content


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def check(ok, message):
    print(("  ok    " if ok else "  FAIL  ") + message)
    if not ok:
        raise SystemExit(1)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/1")
    parser.add_argument("--port", type=int, default=8301)
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="depok-scaleout-"))
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DATABASE_URL", "REDIS_URL", "DATA_DIR", "PAGE_CACHE"}
    }
    env |= {
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-secret-key-never-used-in-production",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "DATA_DIR": str(work / "data"),
        "STATIC_ROOT": str(work / "static"),
        "LOG_LEVEL": "WARNING",
        "PAGE_CACHE": "on",
    }
    subprocess.run(
        [str(PYTHON), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    password = secrets.token_urlsafe(16)
    setup = subprocess.run(
        [str(PYTHON), "manage.py", "shell", "-c", SETUP],
        cwd=ROOT,
        env={**env, "SCALEOUT_PASSWORD": password},
        check=True,
        text=True,
        stdout=subprocess.PIPE,
    )
    made = json.loads(setup.stdout.strip().splitlines()[-1])
    a, b = args.port, args.port + 1
    servers = [Gunicorn(env, port, 2, work / f"gunicorn-{port}.log") for port in (a, b)]
    try:
        for server in servers:
            server.wait_ready()
        print(f"Two instances: A on 127.0.0.1:{a}, B on 127.0.0.1:{b}; {args.database_url}")

        print("1. Visitors read the need and the pledge list through B; B caches them.")
        visitor = Browser()
        pages = [f"/peluang/{made['need']}/", "/komitmen/?q=scaleout-pledge"]
        for path in pages:
            visitor.request(b, "GET", path)
            response, html = visitor.request(b, "GET", path)
            check(response.getheader("X-Page-Cache") == "hit", f"B answers {path} from the cache")
            check(made["title"] not in html, f"{path} does not list the proposed pledge yet")

        print("2. Staff sign in through A; the session continues on B.")
        staff = Browser()
        _, html = staff.request(a, "GET", "/akun/masuk/")
        response, _ = staff.request(
            a,
            "POST",
            "/akun/masuk/",
            {
                "csrfmiddlewaretoken": csrf_token(html),
                "username": "scaleout-staff",
                "password": password,
            },
        )
        check(response.status == 302 and "sessionid" in staff.cookies, "signed in through A")
        response, html = staff.request(b, "GET", "/admin/programs/commitment/")
        check(
            response.status == 200 and "scaleout-staff" in html,
            "B shows the admin's pledge list to the same session (no new sign-in)",
        )

        print("3. Staff approve the pledge through A; B's cached pages show it at once.")
        _, html = staff.request(a, "GET", "/admin/programs/commitment/")
        response, _ = staff.request(
            a,
            "POST",
            "/admin/programs/commitment/",
            {
                "csrfmiddlewaretoken": csrf_token(html),
                "action": "approve_commitments",
                "_selected_action": str(made["pledge"]),
            },
        )
        check(response.status == 302, "A took the approval")
        for path in pages:
            response, html = visitor.request(b, "GET", path)
            check(
                made["title"] in html and response.getheader("X-Page-Cache") != "hit",
                f"B's {path} lists the approved pledge at once",
            )
        print("All checks passed.")
    finally:
        for server in servers:
            server.stop()


if __name__ == "__main__":
    main()
