"""factcheck user add|list|passwd|remove: desk accounts with Argon2id hashes."""

from __future__ import annotations

import json

from tests.conftest import counts


def test_add_with_a_generated_password_shows_it_once_and_stores_only_a_hash(run, db_url):
    result = run("user", "add", "ana.ruiz", "--role", "editor")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "added ana.ruiz (editor)"
    password = lines[1].split()[1]
    assert len(password) == 23 and password.count("-") == 3

    from factcheck.store.engine import make_engine
    from factcheck.store.users import authenticate

    engine = make_engine(db_url)
    with engine.connect() as connection:
        from sqlalchemy import text

        stored = connection.execute(text("SELECT password_hash FROM users WHERE name = 'ana.ruiz'")).scalar_one()
    assert stored.startswith("$argon2id$") and password not in stored
    assert authenticate(engine, "ana.ruiz", password).role == "editor"
    assert authenticate(engine, "ana.ruiz", password + "x") is None
    assert authenticate(engine, "nobody", password) is None
    engine.dispose()


def test_password_from_stdin_list_passwd_and_remove(run, db_url):
    assert run("user", "add", "sam", "--role", "reporter", "--password-stdin", input="correct horse battery\n").output == (
        "added sam (reporter)\n"
    )
    run("user", "add", "lee", "--role", "admin", "--password-stdin", input="another long password\n")
    assert run("user", "list").output == "lee\tadmin\nsam\treporter\n"
    listing = json.loads(run("user", "list", "--format", "json").output)
    assert [(u["name"], u["role"]) for u in listing["users"]] == [("lee", "admin"), ("sam", "reporter")]

    from factcheck.store.engine import make_engine
    from factcheck.store.users import authenticate, get_user

    engine = make_engine(db_url)
    key_before = get_user(engine, "sam").session_key
    result = run("user", "passwd", "sam", "--password-stdin", input="a brand new passphrase\n")
    assert result.exit_code == 0 and "signed out" in result.output
    assert authenticate(engine, "sam", "correct horse battery") is None
    assert authenticate(engine, "sam", "a brand new passphrase") is not None
    assert get_user(engine, "sam").session_key != key_before  # old sessions no longer match

    assert run("user", "remove", "sam").output == "removed sam\n"
    assert run("user", "list").output == "lee\tadmin\n"
    engine.dispose()


def test_bad_input_is_one_line_and_changes_nothing(run, db_url):
    run("user", "add", "ana", "--role", "editor", "--password-stdin", input="long enough password\n")
    before = counts(db_url)
    cases = [
        (("user", "add", "ana", "--role", "editor"), "Error: user 'ana' already exists; change the password with "
                                                     "factcheck user passwd ana.\n", 2),
        (("user", "add", "bo", "--role", "reporter", "--password-stdin"), "Error: the password is too short; use at "
                                                                         "least 10 characters.\n", 2),
        (("user", "add", "bad name", "--role", "reporter"), "Error: 'bad name' is not a user name: use letters, "
         "digits, '.', '_', '@' or '-' (up to 100), starting with a letter or digit.\n", 2),
        (("user", "passwd", "ghost"), "Error: no user 'ghost'; list them with factcheck user list.\n", 1),
        (("user", "remove", "ghost"), "Error: no user 'ghost'; list them with factcheck user list.\n", 1),
    ]
    for args, message, code in cases:
        result = run(*args, input="short\n")
        assert (result.exit_code, result.output) == (code, message), args
    empty = run("user", "add", "cy", "--role", "reporter", "--password-stdin", input="")
    assert empty.exit_code == 2 and empty.output.startswith("Error: --password-stdin read nothing")
    role = run("user", "add", "cy", "--role", "boss")
    assert role.exit_code == 2 and "'boss' is not one of 'reporter', 'editor', 'admin'" in role.output
    assert len(role.output.splitlines()) == 1
    assert counts(db_url) == before
