"""Cell-level parsing rules shared by every tabular source.

CONTRACTS: a blank cell, `—`, `-`, `…` or `...` means *not reported* (NULL), never zero.
Numbers may be text with thousands separators; units sit in headers in ASCII or full-width
parentheses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MISSING_MARKERS = frozenset({"", "—", "——", "-", "--", "－", "…", "……", "...", "．．．"})
_FULLWIDTH = str.maketrans({"（": "(", "）": ")", "，": ",", "．": ".", "\u3000": " ", "－": "-"})
_HEADER = re.compile(r"^(?P<name>[^()]*?)\s*\((?P<unit>[^()]*)\)\s*$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


class CellError(ValueError):
    """A cell that should hold a number holds something else."""


def normalise_text(value: str | None) -> str:
    """Strip, fold full-width punctuation and inner whitespace runs."""
    if value is None:
        return ""
    return re.sub(r"\s+", " ", value.translate(_FULLWIDTH)).strip()


def is_missing(value: str | None) -> bool:
    return normalise_text(value) in MISSING_MARKERS


def parse_number(value: str | None) -> float | None:
    """Parse a yearbook number cell: None when not reported, CellError when not a number."""
    text = normalise_text(value)
    if text in MISSING_MARKERS:
        return None
    compact = text.replace(",", "").replace(" ", "")
    if not _NUMBER.match(compact):
        raise CellError(f"not a number: {value!r}")
    return float(compact)


@dataclass(frozen=True)
class Header:
    """A column header split into its name and its unit (unit None when the header has none)."""

    raw: str
    name: str
    unit: str | None


def split_header(value: str | None) -> Header:
    """`原煤(万吨)` / `天然气（亿立方米）` -> name and unit."""
    text = normalise_text(value)
    match = _HEADER.match(text)
    if match:
        return Header(value or "", match.group("name").strip(), match.group("unit").strip())
    return Header(value or "", text, None)
