"""Shared by the desk's tests: a seeded ledger with accounts, and sign-in."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import CLAIMS, SEED_LEDGER

PASSWORDS = {"rita": "reporter password 1", "ed": "editor password 22", "ada": "admin password 333"}
ROLES = {"rita": "reporter", "ed": "editor", "ada": "admin"}


def seed_desk(db_url: str) -> None:
    """The worked example: v1..v3, its claims, stored findings, a drafted notice, accounts."""
    from factcheck.store.engine import make_engine
    from factcheck.desk import actions
    from factcheck.store.ledger import Ledger
    from factcheck.app.ledger_files import import_ledger_file
    from factcheck.store.users import add_user

    ledger = Ledger.open(db_url)
    try:
        import_ledger_file(ledger, str(SEED_LEDGER))
        for label in ("v2", "v3"):
            text = (CLAIMS / f"khadr-wikileaks-{label}.txt").read_text(encoding="utf-8")
            actions.add_revision(ledger, "khadr-wikileaks", text, by="seed")
        actions.run_checks(ledger, "khadr-wikileaks")
        actions.draft_notices(ledger, "khadr-wikileaks", "v1", "v2", by="seed")
    finally:
        ledger.close()
    engine = make_engine(db_url)
    for name, password in PASSWORDS.items():
        add_user(engine, name, ROLES[name], password)
    engine.dispose()


def token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no csrf_token in the page"
    return match[1]


def sign_in(client, name: str) -> str:
    """Sign ``client`` in as ``name``; returns the session's CSRF token."""
    page = client.get("/login")
    response = client.post("/login", data={"username": name, "password": PASSWORDS[name], "csrf_token": token(page.text)},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return token(client.get("/").text)


def story(name: str) -> str:
    return (Path(__file__).parent / "corpus" / f"{name}.txt").read_text(encoding="utf-8")
