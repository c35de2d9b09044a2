"""Near-identical texts and the same address: cheap keys an index can look up, and the exact check after.

Two texts are near-identical when their sets of three-word shingles (words cut to five letters, so that
«налога» and «налогу» agree) overlap by a Jaccard index of 0.9 or more. Comparing every pair is quadratic;
instead each text gets a few band keys of a MinHash signature, and only texts sharing a key are compared.
With 16 hashes in 4 bands of 4, a pair with Jaccard 0.9 shares a key with probability 1 − (1 − 0.9⁴)⁴ ≈
0.9996, a pair with 0.3 with probability 0.03.
"""

from __future__ import annotations

import re
import zlib
from urllib.parse import parse_qsl, urlencode, urlsplit

import numpy as np

NEAR_IDENTICAL = 0.9
BANDS, ROWS = 4, 4
# A text of fewer shingles is too short for its band keys to mean anything («Спасибо!»).
MIN_SHINGLES = 8
_WORD = re.compile(r"\w{2,}")
_PRIME = (1 << 61) - 1
_rng = np.random.default_rng(20260401)
_A = _rng.integers(1, 1 << 31, size=BANDS * ROWS, dtype=np.uint64)
_B = _rng.integers(0, 1 << 31, size=BANDS * ROWS, dtype=np.uint64)
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|yclid|from|ref)$")


def stems(text: str) -> list[str]:
    return [w[:5] for w in _WORD.findall(text.lower().replace("ё", "е"))]


def shingles(text: str) -> set[str]:
    words = stems(text)
    return {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def containment(a: set[str], b: set[str]) -> float:
    """The share of the shorter text's shingles found in the longer: a reprint with a dateline or an
    editor's line added is still the same text, though its Jaccard index may fall below 0.9."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def band_keys(shingled: set[str]) -> list[str]:
    """The MinHash band keys of a shingle set; none for a text too short to compare."""
    if len(shingled) < MIN_SHINGLES:
        return []
    hashes = np.fromiter((zlib.crc32(s.encode()) for s in shingled), dtype=np.uint64, count=len(shingled))
    # (a·h + b) mod p with a, b < 2³¹ and h < 2³² stays below 2⁶⁴.
    signature = ((hashes[None, :] * _A[:, None] + _B[:, None]) % _PRIME).min(axis=1)
    return [
        f"{band}:{zlib.crc32(signature[band * ROWS : (band + 1) * ROWS].tobytes()):08x}"
        for band in range(BANDS)
    ]


def normal_url(url: str) -> str:
    """One spelling of an address: no scheme, «www.», tracking parameters, fragment or trailing slash."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    if not host:
        return ""
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k)))
    path = parts.path.rstrip("/") or ""
    return f"{host}{path}{'?' + query if query else ''}"


def normal_title(title: str) -> str:
    return " ".join(_WORD.findall(title.lower().replace("ё", "е")))
