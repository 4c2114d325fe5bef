"""The desk over HTTP (Starlette's test client, no browser): sign-in, roles, CSRF,
every action signed by the signed-in user, and the bad input of issue 14."""

from __future__ import annotations

import re

import pytest

from tests.desk_helpers import PASSWORDS, seed_desk, sign_in, story, token
from factcheck.app import claims

# Starlette 1.x prefers httpx2 for its test client; httpx works the same here.
pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx`")


@pytest.fixture
def desk(db_url):
    from starlette.testclient import TestClient

    from factcheck.store.engine import make_engine
    from factcheck.desk.app import create_app

    seed_desk(db_url)
    engine = make_engine(db_url)
    app = create_app(engine, secret_key="test-secret")
    clients = []

    def client():
        made = TestClient(app)
        clients.append(made)
        return made

    client.engine = engine
    yield client
    for made in clients:
        made.close()
    engine.dispose()


def _notice(engine, notice_id=1):
    from factcheck.store.ledger import Ledger
    from factcheck.store.notices import get_notice, notice_view

    ledger = Ledger(engine)
    try:
        return notice_view(ledger, get_notice(ledger, notice_id), history=True)
    finally:
        ledger.session.close()


def _claim(engine, claim_id):
    from factcheck.store.listings import Reader

    return Reader(engine).claim_payload(claim_id)


def _findings(engine):
    from factcheck.store.desk import findings_of

    return findings_of(engine, "khadr-wikileaks", ["v3"])


def test_anonymous_requests_go_to_sign_in_and_come_back(desk):
    c = desk()
    for path in ["/", "/articles/khadr-wikileaks", "/claims/1", "/notices/1", "/search?q=Khadr",
                 "/articles/khadr-wikileaks/diff/v1/v2"]:
        response = c.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login?next=")
    assert c.get("/static/desk.css").status_code == 200
    page = c.get("/login?next=/claims/8")
    response = c.post("/login", data={"username": "ed", "password": PASSWORDS["ed"], "csrf_token": token(page.text),
                                      "next": "/claims/8"}, follow_redirects=False)
    assert response.headers["location"] == "/claims/8"
    cookie = response.headers["set-cookie"]
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
    # Only local paths are followed after sign-in.
    c2 = desk()
    page = c2.get("/login")
    response = c2.post("/login", data={"username": "ed", "password": PASSWORDS["ed"], "csrf_token": token(page.text),
                                       "next": "//evil.example/"}, follow_redirects=False)
    assert response.headers["location"] == "/"


def test_pages_carry_a_content_security_policy_and_escape_article_text(desk):
    c = desk()
    csrf = sign_in(c, "rita")
    response = c.get("/")
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    hostile = "Council <script>alert('x')</script> votes on the <b>zoning</b> bylaw.\n\nThe vote was 7-2 on Monday."
    made = c.post("/articles", data={"slug": "zoning-vote", "text": hostile, "csrf_token": csrf, "back": "/"})
    assert made.status_code == 200
    page = c.get("/articles/zoning-vote").text
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "<b>zoning</b>" not in page


def test_a_post_without_the_csrf_token_is_refused(desk):
    c = desk()
    csrf = sign_in(c, "ed")
    for data in ({}, {"csrf_token": "forged"}, {"csrf_token": ""}):
        response = c.post("/notices/1/approve", data=data)
        assert response.status_code == 403
        assert "security token" in response.text
    assert _notice(desk.engine)["state"] == "draft"
    # The sign-in form needs it too.
    assert desk().post("/login", data={"username": "ed", "password": PASSWORDS["ed"]}).status_code == 403
    assert c.post("/notices/1/approve", data={"csrf_token": csrf}).status_code == 200


def test_editor_approves_and_publishes_signed_by_name_and_a_reporter_cannot(desk):
    reporter = desk()
    csrf = sign_in(reporter, "rita")
    refused = reporter.post("/notices/1/approve", data={"csrf_token": csrf})
    assert refused.status_code == 403 and "you are signed in as a reporter" in refused.text
    assert reporter.post("/claims/8/status", data={"csrf_token": csrf, "status": "checked", "verdict": "false",
                                                   "note": "x"}).status_code == 403
    assert _notice(desk.engine)["state"] == "draft"

    editor = desk()
    csrf = sign_in(editor, "ed")
    page = editor.get("/notices/1")
    assert 'action="/notices/1/approve"' in page.text
    done = editor.post("/notices/1/approve", data={"csrf_token": csrf, "expect_version": "1", "back": "/notices/1"})
    assert done.status_code == 200 and "Notice #1 approved" in done.text
    done = editor.post("/notices/1/publish", data={"csrf_token": csrf, "back": "/notices/1"})
    assert "Notice #1 published" in done.text
    notice = _notice(desk.engine)
    assert notice["state"] == "published"
    assert [(v["state"], v["by"]) for v in notice["versions"]] == [("draft", "seed"), ("approved", "ed"), ("published", "ed")]


def test_verdicts_claims_and_sources_are_signed_by_the_signed_in_user(desk):
    editor = desk()
    csrf = sign_in(editor, "ed")
    version = _claim(desk.engine, 8)["claim"]["version"]
    done = editor.post("/claims/8/status", data={
        "csrf_token": csrf, "status": "checked", "verdict": "false", "expect_version": str(version),
        "note": "The French paper gives 15; he was 22 at the meeting by his birth date.", "back": "/claims/8"})
    assert done.status_code == 200 and "Claim #8 is checked (false)" in done.text
    claim = _claim(desk.engine, 8)
    assert (claim["claim"]["status"], claim["claim"]["verdict"], claim["claim"]["by"]) == ("checked", "false", "ed")

    reporter = desk()
    csrf = sign_in(reporter, "rita")
    added = reporter.post("/articles/khadr-wikileaks/claims", data={
        "csrf_token": csrf, "text": "Clinton called the U.S. detention centre at Guantanamo Bay a cancer",
        "source": "https://wikileaks.example/cable/09PARIS170", "back": "/articles/khadr-wikileaks"})
    assert added.status_code == 200
    new_id = int(re.search(r"Claim #(\d+) added", added.text)[1])
    sourced = reporter.post(f"/claims/{new_id}/sources", data={
        "csrf_token": csrf, "ref": "Interview with a State Department spokesperson, Dec. 3, 2010",
        "kind": "interview", "stance": "context", "back": f"/claims/{new_id}"})
    assert "Source added" in sourced.text
    history = _claim(desk.engine, new_id)["versions"]
    assert [v["by"] for v in history] == ["rita", "rita"]
    assert len(history[-1]["sources"]) == 2


def test_editor_dismisses_a_finding_with_a_note(desk):
    open_ = [f for f in _findings(desk.engine) if f["state"] == "open"]
    assert open_, "the seed's v3 has findings"
    finding = open_[0]
    reporter = desk()
    csrf = sign_in(reporter, "rita")
    assert reporter.post(f"/findings/{finding['id']}/dismiss", data={"csrf_token": csrf, "note": "n"}).status_code == 403
    editor = desk()
    csrf = sign_in(editor, "ed")
    missing = editor.post(f"/findings/{finding['id']}/dismiss", data={"csrf_token": csrf, "note": " ",
                                                                     "back": "/articles/khadr-wikileaks"})
    assert missing.status_code == 400 and "say why the finding needs no correction" in missing.text
    done = editor.post(f"/findings/{finding['id']}/dismiss", data={
        "csrf_token": csrf, "note": "The 15 is the French paper's, quoted as printed.", "back": "/articles/khadr-wikileaks"})
    assert f"Finding #{finding['id']} dismissed." in done.text
    after = {f["id"]: f for f in _findings(desk.engine)}[finding["id"]]
    assert (after["state"], after["by"]) == ("dismissed", "ed")


def test_a_stale_form_shows_the_conflict_and_keeps_what_was_typed(desk):
    from factcheck.store.ledger import Ledger

    editor = desk()
    csrf = sign_in(editor, "ed")
    seen = _claim(desk.engine, 8)["claim"]["version"]
    ledger = Ledger(desk.engine)  # another editor changes the claim meanwhile
    claims.change_status(ledger, 8, "in-review", note="Re-reading the cable.", by="other editor")
    ledger.session.close()
    typed = "Checked against the cable: the French paper says fifteen."
    response = editor.post("/claims/8/status", data={
        "csrf_token": csrf, "status": "checked", "verdict": "mostly-false", "note": typed,
        "expect_version": str(seen), "back": "/claims/8", "target": "claim-8-status"})
    assert response.status_code == 409
    assert "other editor" in response.text and f"version {seen}" in response.text
    assert typed.replace("'", "&#39;") in response.text  # nothing lost: the note is still in the form
    assert '<option selected>mostly-false</option>' in response.text
    # The notice edit form keeps the new wording the same way.
    ledger = Ledger(desk.engine)
    from factcheck.app.notice_workflow import edit_notice

    edit_notice(ledger, 1, "Correction: an earlier version misstated Khadr's age at the meeting.", by="other editor")
    ledger.session.close()
    wording = "Correction: An earlier version of this article said Omar Khadr was 22 at the meeting. He was 23."
    stale = editor.post("/notices/1/edit", data={"csrf_token": csrf, "text": wording, "expect_version": "1",
                                                 "back": "/notices/1", "target": "notice-1-edit"})
    assert stale.status_code == 409 and wording.replace("'", "&#39;") in stale.text


def test_unknown_slugs_and_ids_are_a_404_page(desk):
    c = desk()
    sign_in(c, "rita")
    for path in ["/articles/no-such-story", "/claims/424242", "/notices/424242", "/claims/99999999999",
                 "/articles/khadr-wikileaks/diff/v1/v9", "/no/such/page", "/articles/no-such-story/diff/v1/v2"]:
        response = c.get(path)
        assert response.status_code == 404, path
        assert "Not found" in response.text and "<html" in response.text


def test_a_huge_post_body_is_refused_with_413(desk):
    c = desk()
    csrf = sign_in(c, "rita")
    huge = "The council met on Monday. " * 100_000  # ~2.7 MB
    response = c.post("/articles/khadr-wikileaks/revisions", data={"csrf_token": csrf, "text": huge})
    assert response.status_code == 413 and "larger than the desk accepts" in response.text


def test_five_wrong_passwords_slow_the_name_down(desk, monkeypatch):
    from factcheck.desk import routes

    monkeypatch.setattr(routes, "FAILED_SIGN_IN_PAUSE", 0.0)
    c = desk()
    for _ in range(5):
        page = c.get("/login")
        wrong = c.post("/login", data={"username": "ed", "password": "guess", "csrf_token": token(page.text)})
        assert wrong.status_code == 401 and "Wrong user name or password." in wrong.text
    page = c.get("/login")
    right = c.post("/login", data={"username": "ed", "password": PASSWORDS["ed"], "csrf_token": token(page.text)})
    assert right.status_code == 429 and "Too many wrong passwords. Wait 3" in right.text


def test_a_removed_user_or_a_new_password_signs_the_browser_out(desk):
    from factcheck.store.users import remove_user, set_password

    c = desk()
    sign_in(c, "rita")
    assert c.get("/", follow_redirects=False).status_code == 200
    remove_user(desk.engine, "rita")
    gone = c.get("/", follow_redirects=False)
    assert gone.status_code == 303 and gone.headers["location"].startswith("/login")
    e = desk()
    sign_in(e, "ed")
    set_password(desk.engine, "ed", "a new editor password")
    assert e.get("/claims/1", follow_redirects=False).status_code == 303


def test_the_desk_pages_show_the_ledger(desk):
    c = desk()
    sign_in(c, "ed")
    home = c.get("/").text
    assert "Notices waiting" in home and 'href="/notices/1"' in home and 'href="/claims/8"' in home
    article = c.get("/articles/khadr-wikileaks").text
    assert "diff v1 → v2" in article and 'action="/findings/' in article and "Draft notices for v2 → v3" in article
    diff = c.get("/articles/khadr-wikileaks/diff/v1/v2").text
    # Moves link both ways, to anchors that exist.
    for href in re.findall(r'class="move" href="#([^"]+)"', diff):
        assert f'id="{href}"' in diff
    assert "moved to paragraph" in diff and "moved from paragraph" in diff
    assert 'id="change-1"' in diff and 'rel="next"' in diff
    assert "number-changed" in diff and "<ins>23</ins>" in diff.replace(" </ins>", "</ins>")
    inline = c.get("/articles/khadr-wikileaks/diff/v1/v2?view=inline").text
    assert "<del>" in inline and "<ins>" in inline
    found = c.get("/search?q=Guantanamo+cancer").text
    assert 'href="/articles/khadr-wikileaks' in found and "cancer" in found
    bad = c.get("/search?q=...")
    assert bad.status_code == 400 and "give some words to search for" in bad.text


def test_a_new_story_from_the_desk_and_its_checks(desk):
    c = desk()
    csrf = sign_in(c, "rita")
    text = story("planted-duplicate-lede")
    made = c.post("/articles", data={"slug": "duplicate-lede", "text": text, "csrf_token": csrf, "back": "/"})
    assert made.status_code == 200 and "Stored v1" in made.text
    checked = c.post("/articles/duplicate-lede/check", data={"csrf_token": csrf})
    assert "Checks ran:" in checked.text and "duplicate-paragraph" in checked.text
    same = c.post("/articles/duplicate-lede/revisions", data={"csrf_token": csrf, "text": text})
    assert "Identical to v1; nothing stored." in same.text
    bad = c.post("/articles", data={"slug": "Bad Slug!", "text": text, "csrf_token": csrf, "back": "/",
                                    "target": "new-article"})
    assert bad.status_code == 400 and "not a usable article slug" in bad.text
    first = next(line for line in text.splitlines() if len(line) > 40)
    assert first.replace("'", "&#39;").replace('"', "&#34;") in bad.text  # the pasted text is still in the form
