"""Unified social credit code (统一社会信用代码, GB 32100-2015): format and check character.

An 18-character code:

| position | meaning |
|---|---|
| 1 | registration authority (1 机构编制, 5 民政, 9 工商 / market regulation, Y other …) |
| 2 | organisation type within that authority |
| 3-8 | administrative division of the registration authority (GB/T 2260, e.g. 150600 Ordos) |
| 9-17 | organisation code (GB 11714) |
| 18 | check character |

The character set is the digits and the upper-case letters except I, O, S, V and Z (31
characters, each worth its index 0..30). The check character is computed over the first 17
characters with weights 3^(i) mod 31 (i = 0..16, i.e. 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25,
13, 8, 24, 10, 30, 28):

    check value = 31 - (sum of value(c_i) x weight_i) mod 31, with 31 written as 0.

Example: 91350100M000100Y43 (the standard's example) has check character 3.

Only the GB 32100 check character is verified here; the GB 11714 check digit inside the
organisation code (position 17) is not (old codes were issued before it was enforced
everywhere). Lower-case input is not accepted: the standard prints codes in upper case.
"""

from __future__ import annotations

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
LENGTH = 18
_VALUE = {char: index for index, char in enumerate(CHARSET)}


def check_character(first17: str) -> str:
    """The GB 32100 check character of the first 17 characters of a code."""
    if len(first17) != LENGTH - 1:
        raise ValueError(f"need the first 17 characters, got {len(first17)}")
    try:
        total = sum(_VALUE[char] * weight for char, weight in zip(first17, WEIGHTS))
    except KeyError as exc:
        raise ValueError(f"character {exc.args[0]!r} is not allowed in a credit code") from exc
    return CHARSET[(31 - total % 31) % 31]


def credit_code_error(code: object) -> str | None:
    """Why `code` is not a valid unified social credit code, or None when it is valid."""
    if not isinstance(code, str):
        return f"credit code must be a string, got {type(code).__name__}"
    if len(code) != LENGTH:
        return f"credit code must have {LENGTH} characters, got {len(code)} ({code!r})"
    bad = sorted({char for char in code if char not in _VALUE})
    if bad:
        return (f"credit code {code!r} contains characters not allowed by GB 32100: "
                f"{', '.join(repr(c) for c in bad)} (allowed: digits and A-Y without I, O, S, V, Z)")
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"credit code {code!r} has check character {code[17]!r}, GB 32100 gives {expected!r}"
    return None


def is_valid_credit_code(code: object) -> bool:
    """True when `code` is an 18-character code with a valid GB 32100 check character."""
    return credit_code_error(code) is None
