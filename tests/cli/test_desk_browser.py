"""The desk in a real headless Chromium (Debian's), driven by Playwright's Python
API against the real server (``factcheck serve`` on a free loopback port).

Skipped, with the reason shown, only where no browser is installed; CI installs
one with .ci/desk-deps.sh.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.desk_helpers import PASSWORDS, seed_desk

CHROMIUM = os.environ.get("FACTCHECK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


def _no_browser() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium, or run .ci/desk-deps.sh)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return None


pytestmark = pytest.mark.skipif(bool(_no_browser()), reason=f"browser tests skipped: {_no_browser()}")


@pytest.fixture
def browser_page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        page.set_default_timeout(30_000)
        yield page
        browser.close()


def _sign_in(page, base: str, name: str) -> None:
    page.goto(f"{base}/")
    assert "/login" in page.url
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORDS[name])
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(f"{base}/")


def _flash(page) -> str:
    return page.locator(".flash").inner_text()


def test_an_editor_reviews_a_story_in_the_browser(db_url, browser_page):
    from factcheck.store.engine import make_engine
    from factcheck.desk.launch import running_desk
    from factcheck.store.desk import findings_of
    from factcheck.store.listings import Reader

    seed_desk(db_url)
    page = browser_page
    with running_desk(db_url) as base:
        _sign_in(page, base, "ed")
        assert page.locator("h1").inner_text() == "The desk"
        assert page.locator("#notices a[href='/notices/1']").count() == 1

        # Review a finding: dismiss it with the reason, beside the sentence it names.
        page.click("a[href='/articles/khadr-wikileaks']")
        form = page.locator("form.dismiss").first
        finding_id = int(form.get_attribute("action").split("/")[2])
        form.locator("input[name=note]").fill("The 15 is the French paper's own error, quoted as printed.")
        form.locator("button").click()
        assert _flash(page) == f"Finding #{finding_id} dismissed."

        # Change a verdict on the claim's page.
        page.goto(f"{base}/claims/8")
        status = page.locator("form.status-form")
        status.locator("select[name=status]").select_option("checked")
        status.locator("select[name=verdict]").select_option("false")
        status.locator("input[name=note]").fill("The cable gives 15; the court record gives his birth date.")
        status.locator("button").click()
        assert _flash(page).startswith("Claim #8 is checked (false)")

        # Approve, then publish the drafted correction.
        page.goto(f"{base}/notices/1")
        page.click("button.approve")
        assert _flash(page).startswith("Notice #1 approved")
        page.click("button.publish")
        assert _flash(page).startswith("Notice #1 published")
        assert page.locator("h1 .state").inner_text() == "published"

        # Search from the header box.
        page.fill("header input[name=q]", "Guantanamo cancer")
        page.press("header input[name=q]", "Enter")
        page.wait_for_url(f"{base}/search?q=Guantanamo+cancer")
        results = page.locator("ol.results li.result")
        assert results.count() >= 1
        assert "cancer" in results.first.locator(".match").inner_text()

        # The diff page: next-change navigation and moves linked both ways.
        page.goto(f"{base}/articles/khadr-wikileaks/diff/v1/v2")
        page.click("a[href='#change-1']")
        assert page.url.endswith("#change-1")
        page.locator("a.move").first.click()
        assert "#new-" in page.url or "#old-" in page.url

    engine = make_engine(db_url)
    finding = {f["id"]: f for f in findings_of(engine, "khadr-wikileaks", ["v3"])}[finding_id]
    assert (finding["state"], finding["by"]) == ("dismissed", "ed")
    claim = Reader(engine).claim_payload(8)["claim"]
    assert (claim["status"], claim["verdict"], claim["by"]) == ("checked", "false", "ed")
    engine.dispose()


def test_a_reporter_cannot_approve_and_a_form_without_its_token_is_refused(sqlite_url, browser_page):
    from factcheck.desk.launch import running_desk

    seed_desk(sqlite_url)
    page = browser_page
    with running_desk(sqlite_url) as base:
        _sign_in(page, base, "rita")
        page.goto(f"{base}/notices/1")
        assert page.locator("button.approve").count() == 0  # no button for a reporter
        # Even a hand-made request with the right token is refused for the role...
        token = page.locator("input[name=csrf_token]").first.get_attribute("value")
        answer = page.request.post(f"{base}/notices/1/approve", form={"csrf_token": token})
        assert answer.status == 403
        # ...and one without the token for want of it.
        answer = page.request.post(f"{base}/notices/1/approve", form={"note": "x"})
        assert answer.status == 403 and "security token" in answer.text()
