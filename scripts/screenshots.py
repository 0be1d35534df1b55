"""
Screenshots of the portal's main pages for the README, taken from the demo data.

    .venv/bin/python scripts/screenshots.py [--language en|id] [--out docs/screenshots]

Seeds the demo data into a temporary SQLite database, serves it with the development server on
a free local port, and photographs each page with Debian's Chromium (/usr/bin/chromium, through
Playwright; no browser is downloaded) in a 1280x800 window. Each PNG is reduced to 256 colours
with Pillow, so it stays small in git (about 150 KB at most). The temporary database and files
are removed at the end. `make screenshots` runs it.
"""

import argparse
import io
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 800}
DEMO_PASSWORD = "demo-depok-2026"
MAX_BYTES = 150_000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--language", choices=["en", "id"], default="en")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    return parser.parse_args()


def environment(data_dir):
    """The portal's settings for a throwaway local run: SQLite and files under `data_dir`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in ("DATABASE_URL", "REDIS_URL", "MEDIA_ROOT", "PRIVATE_MEDIA_ROOT", "SECRET_KEY")
    }
    env.update(DEBUG="1", DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="depok_csr.settings")
    return env


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url, server, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("screenshots: the development server stopped on its own.")
        try:
            with urllib.request.urlopen(url + "healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"screenshots: the development server did not answer within {seconds} s.")


def a_need_with_its_ledger(env):
    """A published need that is partly pledged by several partners: the ledger says most."""
    code = (
        "from django.db.models import Count, Q\n"
        "from programs.models import Opportunity\n"
        "need = (Opportunity.objects.open().with_ledger()"
        ".annotate(n=Count('commitments', filter=Q(commitments__status='approved')))"
        ".filter(gap_value__gt=0).order_by('-n', 'pk').first())\n"
        "print(need.pk)\n"
    )
    result = manage(env, "shell", "-c", code, capture_output=True, text=True)
    return int(result.stdout.strip().splitlines()[-1])


def small_png(png_bytes, path):
    """Save as a 256-colour PNG; the portal's flat colours survive it."""
    from PIL import Image

    image = Image.open(io.BytesIO(png_bytes)).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    return path.stat().st_size


def sign_in(page, username, admin=False):
    page.goto("/admin/login/" if admin else "/akun/masuk/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_load_state()


def shoot(base_url, language, out, need_pk):
    from playwright.sync_api import sync_playwright

    shots = [
        ("home", None, "/"),
        ("directory", None, "/direktori/"),
        ("opportunity-ledger", None, f"/peluang/{need_pk}/"),
        ("statistics", None, "/statistik/"),
        ("gap-map", None, "/peta-kebutuhan/"),
        ("partner-dashboard", "mitra", "/dasbor/"),
        ("admin-waiting-for-bappeda", "bappeda", "/admin/"),
    ]
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        for name, user, path in shots:
            context = browser.new_context(
                base_url=base_url, viewport=VIEWPORT, reduced_motion="reduce"
            )
            context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
            page = context.new_page()
            if user:
                sign_in(page, user, admin=path.startswith("/admin/"))
            page.goto(path)
            size = small_png(page.screenshot(), out / f"{name}.png")
            print(f"screenshots: {out / f'{name}.png'} ({size // 1024} KB)")
            if size > MAX_BYTES:
                print(f"screenshots: warning: {name}.png is over {MAX_BYTES // 1000} KB")
            context.close()
        browser.close()


def main():
    args = parse_args()
    if not os.access(CHROMIUM, os.X_OK):
        raise SystemExit(f"screenshots: {CHROMIUM} is missing; `make services` installs it.")
    with tempfile.TemporaryDirectory(prefix="depok-screenshots-") as data_dir:
        env = environment(data_dir)
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "seed_demo", stdout=subprocess.DEVNULL)
        need_pk = a_need_with_its_ledger(env)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base_url = f"http://127.0.0.1:{port}/"
            wait_until_up(base_url, server)
            shoot(base_url, args.language, args.out, need_pk)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
