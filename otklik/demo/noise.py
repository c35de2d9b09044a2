"""The ways people spoil text: typos, no capitals, no punctuation, caps lock, missing spaces.

The amount is a parameter of the stream: reviews and comments are typed on a phone in a hurry, written
appeals are mostly clean, operator notes are terse.
"""

from __future__ import annotations

import random

_NEIGHBOURS = {
    "а": "вып", "б": "ью", "в": "аыц", "г": "нш", "д": "лж", "е": "кн", "ж": "дэ", "з": "щх", "и": "мт",
    "й": "ц", "к": "уе", "л": "од", "м": "си", "н": "ег", "о": "рл", "п": "ар", "р": "по", "с": "чм",
    "т": "иь", "у": "цк", "ф": "ыя", "х": "зъ", "ц": "йу", "ч": "яс", "ш": "гщ", "щ": "шз", "ы": "фв",
    "ь": "тб", "э": "ж", "ю": "б", "я": "фч",
}  # fmt: skip
_PUNCT = str.maketrans("", "", ".,!?;:«»")


def typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 2)
    ch = text[i]
    if not ch.isalpha():
        return text
    roll = rng.random()
    if roll < 0.3:
        return text[:i] + text[i + 1] + ch + text[i + 2 :]
    if roll < 0.55:
        return text[:i] + text[i + 1 :]
    if roll < 0.7:
        return text[:i] + ch + text[i:]
    near = _NEIGHBOURS.get(ch.lower())
    return text[:i] + rng.choice(near) + text[i + 1 :] if near else text


def spoil(rng: random.Random, text: str, level: float) -> str:
    """Spoil `text`; `level` 0 leaves it clean, 1 is a hurried phone message."""
    if level <= 0 or not text:
        return text
    roll = rng.random()
    if roll < 0.25 * level:
        text = text.lower()
    elif roll < 0.25 * level + 0.04 * level:
        text = text.upper()
    if rng.random() < 0.15 * level:
        text = text.translate(_PUNCT)
    if rng.random() < 0.1 * level:
        text = text.replace(", ", ",")
    typos = int(rng.random() * level * (1 + len(text) / 80))
    for _ in range(typos):
        text = typo(rng, text)
    if rng.random() < 0.06 * level:
        text += rng.choice(("!!!", ")))", "!!", " ((", "..."))
    return text
