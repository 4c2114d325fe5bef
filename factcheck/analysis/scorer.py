"""Check-worthiness scorers: what ``extract`` ranks body sentences by.

A scorer is any object with a ``name``, a ``version``, a default ``threshold``
on its own scale, and ``score(texts, facets)`` returning one number per sentence
(higher: more worth checking). Two ship with the package:

* :class:`LinearScorer`, the default: the logistic regression of
  :mod:`factcheck.analysis.linear_model`, weights in ``factcheck/analysis/model_data/``, numpy only.
* :class:`FacetRule`, the hand-weighted facet sum of :mod:`factcheck.analysis.candidates`;
  used when the weights file is missing or damaged, with a warning.

A newsroom with a larger model names it in ``factcheck.toml``::

    [extract]
    scorer = "newsroom_models.checkworthy:load"   # module:callable, or a name
    threshold = 0.5                              # optional; else the scorer's own

``module:callable`` is imported; a bare name is looked up in the
``factcheck.scorers`` entry-point group of installed packages. Either way it is
called with no arguments and returns the scorer.
"""

from __future__ import annotations

import importlib
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, Sequence, runtime_checkable

from factcheck.errors import InvalidInput

if TYPE_CHECKING:
    from factcheck.analysis.linear_model import LinearModel

__all__ = [
    "DEFAULT_WEIGHTS", "ENTRY_POINT_GROUP", "ExtractSettings", "FacetRule", "LinearScorer", "Scorer",
    "default_scorer", "load_plugin", "load_scorer", "parse_extract_settings",
]

DEFAULT_WEIGHTS = Path(__file__).parent / "model_data" / "checkworthy-linear.npz"
ENTRY_POINT_GROUP = "factcheck.scorers"


@runtime_checkable
class Scorer(Protocol):
    name: str
    version: str
    threshold: float

    def score(self, texts: Sequence[str], facets: Sequence[tuple[str, ...]]) -> Sequence[float]:
        """One score per sentence, in order; ``facets`` are :func:`factcheck.analysis.candidates.facets_of` of each."""
        ...


class FacetRule:
    """The facet weights added up (see :mod:`factcheck.analysis.candidates`): no model, nothing to load."""

    name = "facet-rule"
    version = "1"

    def __init__(self) -> None:
        from factcheck.analysis.candidates import MIN_SCORE

        self.threshold = MIN_SCORE

    def score(self, texts: Sequence[str], facets: Sequence[tuple[str, ...]]) -> list[float]:
        from factcheck.analysis.candidates import score_of

        return [score_of(f) for f in facets]


class LinearScorer:
    """The shipped model; ``threshold`` is the one chosen on dev when it was trained."""

    name = "checkworthy-linear"

    def __init__(self, model: LinearModel) -> None:
        self.model = model
        self.version = model.version
        self.threshold = model.threshold

    @classmethod
    def load(cls, path: Path = DEFAULT_WEIGHTS) -> "LinearScorer":
        from factcheck.analysis.linear_model import LinearModel

        return cls(LinearModel.load(path))

    def score(self, texts: Sequence[str], facets: Sequence[tuple[str, ...]]) -> list[float]:
        return [float(p) for p in self.model.probabilities(texts, facets)]


@dataclass(frozen=True)
class ExtractSettings:
    """The ``[extract]`` table of ``factcheck.toml``; every key may be left out."""

    threshold: float | None = None
    scorer: str | None = None
    weights: Path | None = None


def parse_extract_settings(table: Any, origin: Path) -> ExtractSettings:
    """Check and read the ``[extract]`` table of the configuration file at ``origin``."""
    if table is None:
        return ExtractSettings()
    if not isinstance(table, dict):
        raise InvalidInput(f"{origin}: [extract] must be a table (threshold, scorer, weights).")
    unknown = sorted(set(table) - {"threshold", "scorer", "weights"})
    if unknown:
        raise InvalidInput(f"{origin}: [extract] has no setting {unknown[0]!r}; use threshold, scorer or weights.")
    threshold = table.get("threshold")
    if threshold is not None and (isinstance(threshold, bool) or not isinstance(threshold, (int, float))
                                  or not 0 <= threshold <= 1):
        raise InvalidInput(f"{origin}: [extract] threshold must be a number from 0 to 1, e.g. 0.5.")
    scorer = table.get("scorer")
    if scorer is not None and (not isinstance(scorer, str) or not scorer.strip()):
        raise InvalidInput(f'{origin}: [extract] scorer must name a Python entry point, e.g. "package.module:load".')
    weights = table.get("weights")
    if weights is not None and not isinstance(weights, str):
        raise InvalidInput(f"{origin}: [extract] weights must be the path of a weights file.")
    return ExtractSettings(
        threshold=float(threshold) if threshold is not None else None,
        scorer=scorer.strip() if scorer else None,
        weights=(origin.parent / weights) if weights else None,
    )


def _entry_point(reference: str) -> Any:
    if ":" in reference:
        module_name, _, attribute = reference.partition(":")
        module = importlib.import_module(module_name.strip())
        target: Any = module
        for part in attribute.strip().split("."):
            target = getattr(target, part)
        return target
    from importlib.metadata import entry_points

    found = entry_points(group=ENTRY_POINT_GROUP, name=reference)
    if not found:
        raise LookupError(f"no installed package offers {reference!r} in the {ENTRY_POINT_GROUP} entry points")
    return next(iter(found)).load()


def load_plugin(reference: str) -> Scorer:
    """The scorer a configured entry point makes; a broken one is a configuration error."""
    try:
        scorer = _entry_point(reference)()
    except Exception as error:  # an import error, a missing name, or the factory failing
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise InvalidInput(f"the scorer {reference!r} named in [extract] cannot be loaded ({reason}); "
                           "install it or remove the setting.") from None
    if not isinstance(scorer, Scorer):
        raise InvalidInput(f"the scorer {reference!r} named in [extract] is not a scorer (it needs name, version, "
                           "threshold and score(texts, facets)).")
    return scorer


def load_scorer(settings: ExtractSettings = ExtractSettings()) -> tuple[Scorer, str | None]:
    """The scorer to use and, when the shipped model could not be loaded, a one-line warning."""
    if settings.scorer:
        return load_plugin(settings.scorer), None
    from factcheck.analysis.linear_model import WeightsError

    path = settings.weights or DEFAULT_WEIGHTS
    try:
        return LinearScorer.load(path), None
    except WeightsError as error:
        return FacetRule(), (f"the check-worthiness weights {path.name} cannot be used: {error}; "
                             f"scoring with the facet rule instead (reinstall factcheck to restore them).")


_default: Scorer | None = None


def default_scorer() -> Scorer:
    """The shipped scorer, loaded once per process (a fallback is announced as a ``RuntimeWarning``)."""
    global _default
    if _default is None:
        scorer, warning = load_scorer()
        if warning:
            warnings.warn(warning, RuntimeWarning, stacklevel=2)
        _default = scorer
    return _default
