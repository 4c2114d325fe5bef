"""Regenerate the desk screenshots in docs/ (shown in the README).

Builds a throwaway SQLite ledger from the worked example in claims/ (three
revisions, the claims, the checks' findings, drafted notices), starts the real
desk, and photographs the desk, the article page and the v1 → v2 diff with the
system Chromium through Playwright.

    python docs/screenshots.py            # needs chromium (apt-get install chromium)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("FACTCHECK_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


def factcheck(db: str, *args: str, stdin: str | None = None) -> None:
    subprocess.run([sys.executable, "-m", "factcheck", "--db", db, *args], check=True, cwd=ROOT,
                   input=stdin, text=True, stdout=subprocess.DEVNULL)


def seed(db: str) -> None:
    factcheck(db, "import", "claims/khadr-wikileaks.yaml")
    for label in ("v2", "v3"):
        factcheck(db, "add-revision", "khadr-wikileaks", f"claims/khadr-wikileaks-{label}.txt")
    factcheck(db, "check", "khadr-wikileaks", "v1")
    factcheck(db, "check", "khadr-wikileaks")
    factcheck(db, "notice", "draft", "khadr-wikileaks", "v1", "v2", "--by", "Copy desk")
    factcheck(db, "user", "add", "editor", "--role", "editor", "--password-stdin", stdin="screenshot-password\n")


def main() -> int:
    if not Path(CHROMIUM).exists():
        print(f"no browser at {CHROMIUM}; install chromium (apt-get install chromium) or set FACTCHECK_CHROMIUM",
              file=sys.stderr)
        return 1
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from factcheck.desk.launch import running_desk

    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{Path(tmp) / 'desk.db'}"
        seed(db)
        with running_desk(db) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(f"{base}/login")
            page.fill("input[name=username]", "editor")
            page.fill("input[name=password]", "screenshot-password")
            page.click("button[type=submit]")
            for name, path in [("desk", "/"), ("article", "/articles/khadr-wikileaks"),
                               ("diff", "/articles/khadr-wikileaks/diff/v1/v2")]:
                page.goto(base + path)
                page.screenshot(path=str(ROOT / "docs" / f"desk-{name}.png"), full_page=False)
                print(f"docs/desk-{name}.png")
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
