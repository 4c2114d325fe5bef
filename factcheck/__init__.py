"""factcheck: follow an article through its revisions, keep its claims as versioned
records with sources and verdicts, diff revisions, flag inconsistencies and draft
correction notices.

The library is importable without the database layer; heavy modules (SQLAlchemy,
Alembic) load only when a function that needs them runs.
"""

from factcheck.findings import Finding, Span
from factcheck.text import Document, Sentence, segment

__all__ = ["Document", "Finding", "Sentence", "Span", "segment", "__version__"]
__version__ = "0.1.0"
