"""Tokens and lemmas of Russian text: razdel for tokens, pymorphy3 for lemmas, both cached.

Every analysis step starts here, so this is the hot path. razdel never joins atoms across whitespace,
so a text's tokens are the tokens of its whitespace-separated chunks; chunks repeat (Zipf), which lets an
LRU cache per chunk and per word form do nearly all of the work on real feedback.
"""

from __future__ import annotations

import functools
import re
import threading
from typing import NamedTuple

import pymorphy3
import razdel

_CHUNK = re.compile(r"\S+")
_WORD = re.compile(r"[^\W\d_]", re.UNICODE)
# pymorphy3 gives up on Latin words and numbers anyway; skip the call for them.
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
# A link or a @mention would fall apart into a dozen meaningless tokens; keep each as one placeholder.
_OPAQUE = re.compile(r"^(?:(https?://|www\.)\S+|(@)\w+[.,:;!?)]*)$", re.IGNORECASE)

_morph_lock = threading.Lock()
_morph: pymorphy3.MorphAnalyzer | None = None


class Token(NamedTuple):
    """A tuple, not a dataclass: a text has hundreds of tokens and tuples are several times cheaper."""

    text: str  # as written
    start: int
    end: int
    norm: str  # lower case, ё→е
    lemma: str
    is_word: bool


def morph() -> pymorphy3.MorphAnalyzer:
    """The one shared analyser: loading the dictionaries takes ~0.5 s and ~15 MB, so do it once."""
    global _morph
    if _morph is None:
        with _morph_lock:
            if _morph is None:
                _morph = pymorphy3.MorphAnalyzer()
    return _morph


def normalise(word: str) -> str:
    return word.lower().replace("ё", "е")


@functools.lru_cache(maxsize=300_000)
def lemma(word: str) -> str:
    """Dictionary form of a word form, lower-cased, ё→е; non-Cyrillic tokens are only normalised."""
    norm = normalise(word)
    if not _CYRILLIC.search(norm):
        return norm
    return normalise(morph().parse(norm)[0].normal_form)


@functools.lru_cache(maxsize=300_000)
def _chunk_tokens(chunk: str) -> tuple[tuple[int, int, str, str, str, bool], ...]:
    opaque = _OPAQUE.match(chunk)
    if opaque:
        norm = "<url>" if opaque.group(1) else "<mention>"
        return ((0, len(chunk), chunk, norm, norm, False),)
    out = []
    for t in razdel.tokenize(chunk):
        is_word = bool(_WORD.search(t.text))
        norm = normalise(t.text)
        out.append((t.start, t.stop, t.text, norm, lemma(t.text) if is_word else norm, is_word))
    return tuple(out)


def tokenize(text: str) -> list[Token]:
    """Tokens with character spans into `text`, their normalised form and lemma."""
    return [
        Token(raw, m.start() + start, m.start() + end, norm, lem, is_word)
        for m in _CHUNK.finditer(text)
        for start, end, raw, norm, lem, is_word in _chunk_tokens(m.group())
    ]


def lemmas(text: str) -> list[str]:
    """Lemmas of the words of `text` (punctuation and numbers dropped)."""
    return [lem for m in _CHUNK.finditer(text) for *_, lem, w in _chunk_tokens(m.group()) if w]


def lemma_string(text: str) -> str:
    """Lemmas joined by single spaces: the form that key phrases are matched against."""
    return " ".join(lemmas(text))


def sentences(text: str) -> list[tuple[int, int, str]]:
    """Sentences with their spans (razdel)."""
    return [(s.start, s.stop, s.text) for s in razdel.sentenize(text)]
