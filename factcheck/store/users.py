"""Desk accounts: names, roles and password hashes (table ``users``, migration 0008).

Passwords are hashed with Argon2id (argon2-cffi, the OWASP recommendation: slow,
salted, memory-hard). A hash is never compared by hand: ``PasswordHasher.verify``
does it in constant time. Each account has a ``session_key`` that the desk's signed
cookie carries; a new password draws a new key and removing the account deletes it,
so every browser signed in with the old one is signed out on its next request.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from factcheck.errors import InvalidInput, NotFound
from factcheck.store.schema import users as _USERS, utcnow

__all__ = [
    "ROLES", "Account", "add_user", "authenticate", "generate_password", "list_users", "remove_user",
    "session_user", "set_password", "can",
]

#: Roles in order of what they may do: each may do what the one before it may.
ROLES = ("reporter", "editor", "admin")
MIN_PASSWORD = 10
MAX_PASSWORD = 1024  # Argon2 hashes anything, but a megabyte "password" is an attack
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$")

_hasher: Any = None


def _ph() -> Any:
    global _hasher
    if _hasher is None:
        from argon2 import PasswordHasher

        _hasher = PasswordHasher()
    return _hasher


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    role: str
    session_key: str
    created_at: Any = None

    def to_json(self) -> dict[str, Any]:
        from factcheck.store.records import when

        return {"name": self.name, "role": self.role, "created": when(self.created_at)}


def can(role: str, needed: str) -> bool:
    """Whether ``role`` may do what needs ``needed``."""
    return role in ROLES and ROLES.index(role) >= ROLES.index(needed)


def check_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidInput(f"unknown role {role!r}; use one of {', '.join(ROLES)}.")
    return role


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise InvalidInput(
            f"{name!r} is not a user name: use letters, digits, '.', '_', '@' or '-' (up to 100), "
            "starting with a letter or digit."
        )
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"the password is too short; use at least {MIN_PASSWORD} characters.")
    if len(password) > MAX_PASSWORD:
        raise InvalidInput(f"the password is longer than {MAX_PASSWORD} characters; use a shorter one.")
    return password


def generate_password() -> str:
    """Four groups of five from an alphabet without look-alikes (0/O, 1/l)."""
    alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(4))


def _account(row: Any) -> Account:
    return Account(row.id, row.name, row.role, row.session_key, row.created_at)


def add_user(engine: Any, name: str, role: str, password: str) -> Account:
    check_name(name)
    check_role(role)
    check_password(password)
    now = utcnow()
    try:
        with engine.begin() as connection:
            connection.execute(insert(_USERS).values(
                name=name, role=role, password_hash=_ph().hash(password), session_key=secrets.token_hex(16),
                created_at=now, password_changed_at=now,
            ))
    except IntegrityError:
        raise InvalidInput(f"user {name!r} already exists; change the password with factcheck user passwd {name}.") from None
    return get_user(engine, name)


def get_user(engine: Any, name: str) -> Account:
    with engine.connect() as connection:
        row = connection.execute(select(_USERS).where(_USERS.c.name == name)).first()
    if row is None:
        raise NotFound(f"no user {name!r}; list them with factcheck user list.")
    return _account(row)


def list_users(engine: Any) -> list[Account]:
    with engine.connect() as connection:
        return [_account(r) for r in connection.execute(select(_USERS).order_by(_USERS.c.name))]


def set_password(engine: Any, name: str, password: str) -> Account:
    check_password(password)
    with engine.begin() as connection:
        done = connection.execute(update(_USERS).where(_USERS.c.name == name).values(
            password_hash=_ph().hash(password), session_key=secrets.token_hex(16), password_changed_at=utcnow(),
        )).rowcount
    if not done:
        raise NotFound(f"no user {name!r}; list them with factcheck user list.")
    return get_user(engine, name)


def remove_user(engine: Any, name: str) -> None:
    with engine.begin() as connection:
        if connection.execute(delete(_USERS).where(_USERS.c.name == name)).rowcount:
            return
    raise NotFound(f"no user {name!r}; list them with factcheck user list.")


def count_users(engine: Any) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(_USERS)).scalar_one()


# A hash of a random password, verified against when the name is unknown so that
# a wrong name takes as long as a wrong password (no probing for account names).
_DUMMY: list[str] = []


def authenticate(engine: Any, name: str, password: str) -> Account | None:
    """The account when ``password`` is its password, else None."""
    from argon2.exceptions import InvalidHashError, VerificationError

    if len(password) > MAX_PASSWORD:
        return None
    with engine.connect() as connection:
        row = connection.execute(select(_USERS).where(_USERS.c.name == name)).first()
    if row is None:
        if not _DUMMY:
            _DUMMY.append(_ph().hash(secrets.token_hex(16)))
        try:
            _ph().verify(_DUMMY[0], password)
        except VerificationError:
            pass
        return None
    try:
        _ph().verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if _ph().check_needs_rehash(row.password_hash):
        with engine.begin() as connection:
            connection.execute(update(_USERS).where(_USERS.c.id == row.id).values(password_hash=_ph().hash(password)))
    return _account(row)


def session_user(engine: Any, name: str, session_key: str) -> Account | None:
    """The account a session cookie names, if it still exists with that key."""
    with engine.connect() as connection:
        row = connection.execute(select(_USERS).where(_USERS.c.name == name)).first()
    if row is None or not secrets.compare_digest(row.session_key, session_key):
        return None
    return _account(row)
