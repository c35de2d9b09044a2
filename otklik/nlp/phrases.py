"""Matching of multi-word phrases on lemmas, shared by the lexicon, topics, offices and media cues."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence

from otklik.nlp.lemmas import Token, tokenize


@dataclasses.dataclass(frozen=True, slots=True)
class PhraseMatch:
    key: str  # what the phrase stands for (a topic code, an office code, "negative", ...)
    phrase: str  # the phrase as configured
    first: int  # index of the first matched token in the content-token list
    last: int  # index of the last matched token (inclusive)
    start: int  # character span in the text
    end: int


def content_tokens(tokens: Sequence[Token]) -> list[Token]:
    """Words and numbers: punctuation never takes part in a phrase, so «ОП № 3» ≡ «ОП №3» ≡ «ОП 3»."""
    return [t for t in tokens if t.is_word or t.norm.isdigit()]


def phrase_lemmas(phrase: str) -> tuple[str, ...]:
    return tuple(t.lemma for t in content_tokens(tokenize(phrase)))


class PhraseMatcher:
    """Finds every occurrence of configured phrases; one dict probe per token, longest phrase wins."""

    def __init__(self, phrases: Mapping[str, Iterable[str]]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
        for key, items in phrases.items():
            for phrase in items:
                lem = phrase_lemmas(phrase)
                if lem:
                    self._by_first.setdefault(lem[0], []).append((lem, key, phrase))
        for options in self._by_first.values():
            options.sort(key=lambda o: -len(o[0]))

    def __bool__(self) -> bool:
        return bool(self._by_first)

    def find(self, content: Sequence[Token], overlapping: bool = False) -> list[PhraseMatch]:
        """Matches in `content` (see `content_tokens`); without `overlapping`, scanning resumes after
        the longest match so that «электронная очередь» is not also counted as «очередь»."""
        out: list[PhraseMatch] = []
        lem = [t.lemma for t in content]
        i, n = 0, len(lem)
        while i < n:
            step = 1
            for phrase, key, raw in self._by_first.get(lem[i], ()):
                k = len(phrase)
                if tuple(lem[i : i + k]) == phrase:
                    out.append(PhraseMatch(key, raw, i, i + k - 1, content[i].start, content[i + k - 1].end))
                    if not overlapping:
                        step = k
                        break
            i += step
        return out
