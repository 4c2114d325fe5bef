"""Newsroom configuration: who publishes, and what its verdicts are called.

Where: the file named by ``FACTCHECK_CONFIG``, else ``factcheck.toml`` in the
working directory, else ``~/.config/factcheck/config.toml``. Everything has a
default, so no file is needed. Example::

    [organisation]
    name = "The Daily Example"
    url = "https://daily.example"

    [verdicts.false]          # rename what readers see, and its 1-5 rating
    name = "Pants on fire"
    rating = 1

    [notices]
    templates = "house-style/"   # overrides the notice templates (see --templates)

    [extract]
    threshold = 0.5              # check-worthiness cut (see factcheck.analysis.scorer)
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from factcheck.errors import InvalidInput
from factcheck.analysis.scorer import ExtractSettings, parse_extract_settings
from factcheck.vocabulary import RATINGS, VERDICTS, Rating

__all__ = ["Config", "load_config", "config_path"]


@dataclass(frozen=True)
class Config:
    organisation_name: str = "Newsroom"
    organisation_url: str | None = None
    ratings: dict[str, Rating] = field(default_factory=lambda: dict(RATINGS))
    templates: Path | None = None
    origin: str | None = None
    extract: ExtractSettings = field(default_factory=ExtractSettings)


def config_path() -> Path | None:
    named = os.environ.get("FACTCHECK_CONFIG")
    if named:
        return Path(named)
    for candidate in (Path("factcheck.toml"), Path.home() / ".config" / "factcheck" / "config.toml"):
        if candidate.is_file():
            return candidate
    return None


def load_config(path: Path | None = None) -> Config:
    path = path or config_path()
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInput(f"configuration file {path} does not exist; fix FACTCHECK_CONFIG or create it.") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InvalidInput(f"configuration file {path} is not valid TOML ({error}); fix it.") from None
    org = data.get("organisation", {})
    ratings = dict(RATINGS)
    for key, override in (data.get("verdicts") or {}).items():
        if key not in VERDICTS:
            raise InvalidInput(f"{path}: [verdicts.{key}] is not a verdict; use one of: {', '.join(VERDICTS)}.")
        rating = override.get("rating", ratings[key].value)
        if not isinstance(rating, int) or not 1 <= rating <= 5:
            raise InvalidInput(f"{path}: [verdicts.{key}] rating must be a whole number from 1 to 5.")
        ratings[key] = Rating(rating, str(override.get("name", ratings[key].alternate_name)))
    templates = (data.get("notices") or {}).get("templates")
    return Config(
        organisation_name=str(org.get("name", Config.organisation_name)),
        organisation_url=org.get("url"),
        ratings=ratings,
        templates=(path.parent / templates) if templates else None,
        origin=str(path),
        extract=parse_extract_settings(data.get("extract"), path),
    )
