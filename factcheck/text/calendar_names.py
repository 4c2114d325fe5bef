"""Month and weekday names as news copy writes them, lower-case, to their numbers.

Plain data on its own: segmentation needs the names (a sentence ends after "p.m."
unless a weekday or month follows), and importing :mod:`factcheck.text.dates` for them
would compile its date patterns in every command that only lists a ledger.
"""

from __future__ import annotations

__all__ = ["MONTHS", "WEEKDAYS"]

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
    "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}
