"""`make screenshots`: the product page on the bundled demo data, at desktop and phone widths.

Builds a throw-away database and model (in a temp folder), serves it with `runserver`, and
writes docs/product-desktop.png, docs/product-phone.png and docs/product-explain.png (explain
mode on). The images are committed on purpose: the README shows them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SHOPPER_PERSONA = "footwear"  # a shopper who likes the product's category
CATEGORY = "footwear"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, *, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def main() -> int:
    from tests.browser.conftest import CHROMIUM, LAUNCH_ARGS, browser_unavailable

    reason = browser_unavailable()
    if reason:
        print(f"cannot take screenshots: {reason}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="retaildemo-shots-") as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3",
            "RECOMMENDATIONS_MODEL_DIR": f"{tmp}/models",
            "RECOMMENDATIONS_BACKEND": "local",
            "DEBUG": "false",
            "EXPERIMENTS_ENABLED": "false",
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        for command in (["migrate", "-v0"], ["load_demo"], ["train_recommendations"]):
            subprocess.run([*manage, *command], env=env, cwd=ROOT, check=True)
        picked = subprocess.run(
            [
                *manage,
                "shell",
                "-c",
                "from catalog.models import Product, Shopper;"
                f"p = Product.objects.visible().filter(category__name={CATEGORY!r})"
                ".order_by('-featured', 'name').first();"
                "s = Shopper.objects.filter(selectable=True,"
                f" persona__contains={SHOPPER_PERSONA!r}).order_by('id').first();"
                "print(p.id, s.id)",
            ],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        product_id, shopper_id = picked[-2], picked[-1]
        port = free_port()
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(f"{base}/health")
            shoot(
                base,
                product_id=product_id,
                shopper_id=shopper_id,
                chromium=str(CHROMIUM),
                args=LAUNCH_ARGS,
            )
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


def shoot(base: str, *, product_id: str, shopper_id: str, chromium: str, args: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    DOCS.mkdir(exist_ok=True)
    product = f"/product/{product_id}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=args, headless=True)
        for name, options in (
            ("desktop", {"viewport": {"width": 1280, "height": 900}}),
            (
                "phone",
                {
                    "viewport": {"width": 390, "height": 844},
                    "device_scale_factor": 2,
                    "is_mobile": True,
                    "has_touch": True,
                },
            ),
        ):
            context = browser.new_context(**options)
            page = context.new_page()
            page.goto(f"{base}/shoppers/?q={shopper_id}&next={product}")
            page.locator(f'[data-shopper-id="{shopper_id}"] [data-testid="use-shopper"]').click()
            page.wait_for_url(f"{base}{product}")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(DOCS / f"product-{name}.png"), full_page=True)
            print(f"wrote docs/product-{name}.png")
            if name == "desktop":
                page.goto(f"{base}{product}?explain=1")
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(DOCS / "product-explain.png"), full_page=True)
                print("wrote docs/product-explain.png")
            context.close()
        browser.close()


if __name__ == "__main__":
    sys.exit(main())
