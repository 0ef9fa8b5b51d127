"""Certificate codes: random, unguessable, easy to read aloud and to type.

A code is 100 random bits written in Crockford's base32 (digits and capitals without I, L, O and U,
so nothing reads as another character): 20 characters, stored in that normalised form and shown in
groups of four (``7KQ2-M9XH-…``). Typing is forgiving: spaces, dashes and dots are dropped, lower
case is raised, and the look-alikes O, I and L are read as 0, 1 and 1.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BITS = 100
LENGTH = BITS // 5  # 20 characters of 5 bits
GROUP = 4

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.·/]+")
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_VALID = re.compile(rf"[{ALPHABET}]{{{LENGTH}}}\Z")


def new_code() -> str:
    """A fresh random code (normalised)."""
    number = secrets.randbits(BITS)
    return "".join(ALPHABET[(number >> (5 * position)) & 31] for position in reversed(range(LENGTH)))


def normalise(text: str) -> str | None:
    """The stored form of what someone typed or scanned, or None if it cannot be a code."""
    candidate = _SEPARATORS.sub("", (text or "").strip()).upper().translate(_LOOK_ALIKES)
    return candidate if _VALID.match(candidate) else None


def grouped(code: str) -> str:
    """``7KQ2M9XH…`` → ``7KQ2-M9XH-…`` for reading."""
    return "-".join(code[start : start + GROUP] for start in range(0, len(code), GROUP))
