"""Why the tone model chose its class: each feature's share of the logit, mapped back to character spans.

A linear model's logit is a sum over features, so a feature's contribution is its value times its weight
(for the chosen class against the mean of the others). Word features belong to a token or a pair of
tokens, character n-grams to the token they came from (split among tokens that share one), lexicon counts to
the cue phrases; the strongest non-overlapping spans are the explanation a page highlights.

Only content words are shown: what a function word («и», «в», «что»), a lone negator or a punctuation
mark contributes goes to the content word beside it in a pair, and is otherwise left out, since a person
reads «и» as no reason at all.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from otklik.nlp.lemmas import Token

if TYPE_CHECKING:
    from otklik.nlp.features import ToneVectorizer


# Function words: conjunctions, prepositions, particles, pronouns and auxiliaries (lemmas).
_FUNCTION_WORDS = """и а но да или либо ни же ли бы то что чтобы как так также тоже если когда где куда
    откуда пока хотя будто ведь вот вон уж уже еще лишь только даже в во на с со к ко по о об обо от
    из у за для до при про через над под перед без между около после вокруг ради сквозь я ты он она
    оно мы вы они мой твой свой наш ваш его ее их этот тот такой весь сам себя кто кто-то что-то
    который какой чей это быть не нет"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())


def is_content(token: Token) -> bool:
    return token.is_word and len(token.norm) > 1 and token.lemma not in FUNCTION_WORDS


@dataclasses.dataclass(frozen=True, slots=True)
class Evidence:
    text: str
    start: int
    end: int
    weight: float  # contribution to the chosen class, in logit units


def explain_row(
    vec: ToneVectorizer,
    coef: NDArray[np.float64],
    x: sp.csr_matrix,
    row: int,
    tokens: Sequence[Token],
    text: str,
    k: int,
    top: int,
) -> tuple[Evidence, ...]:
    from otklik.nlp.features import LEXICON_FEATURES, char_tokens, word_features

    lo, hi = x.indptr[row], x.indptr[row + 1]
    cols = x.indices[lo:hi]
    weights = coef[k, cols] - (coef[:, cols].sum(axis=0) - coef[k, cols]) / (coef.shape[0] - 1)
    contrib = dict(zip(cols.tolist(), (x.data[lo:hi] * weights).tolist(), strict=True))
    spans: dict[tuple[int, int], float] = defaultdict(float)

    words = [t for t in tokens if t.is_word]
    feats = word_features(tokens)
    ids = [vec.word_vocab.get(f) for f in feats]
    occurrences = Counter(i for i in ids if i is not None)
    for n, fid in enumerate(ids):
        if fid is None:
            continue
        first = words[n] if n < len(words) else words[n - len(words)]
        last = first if n < len(words) else words[n - len(words) + 1]
        kept = [t for t in (first, last) if is_content(t)]
        if not kept:
            continue
        if len(kept) == 1 and first is not last and not _negated(first, last):
            first = last = kept[0]  # «и сотрудник» weighs as «сотрудник»
        spans[(first.start, last.end)] += contrib.get(fid, 0.0) / occurrences[fid]

    offset = len(vec.word_vocab)
    char_toks = char_tokens(tokens)
    per_token = [vec.char_ids(t.norm) + offset for t in char_toks]
    if per_token:
        share = _shares(np.concatenate(per_token), contrib)
        pos = 0
        for tok, tok_ids in zip(char_toks, per_token, strict=True):
            if is_content(tok):
                spans[(tok.start, tok.end)] += float(share[pos : pos + len(tok_ids)].sum())
            pos += len(tok_ids)

    cues = vec.lexicon.cues(tokens)
    per_polarity = Counter(c.polarity for c in cues)
    lex_offset = offset + len(vec.char_vocab)
    for cue in cues:
        if cue.phrase == "?" or cue.polarity == "lex_contrast":
            continue  # a mark or a conjunction is no reason a person would name
        fid = lex_offset + LEXICON_FEATURES.index(cue.polarity)
        spans[(cue.start, cue.end)] += contrib.get(fid, 0.0) / per_polarity[cue.polarity]

    chosen: list[Evidence] = []
    for (start, end), w in sorted(spans.items(), key=lambda kv: -kv[1]):
        if w <= 0 or len(chosen) >= top:
            break
        if all(end <= e.start or start >= e.end for e in chosen):
            chosen.append(Evidence(text[start:end], start, end, round(w, 4)))
    return tuple(chosen)


def _negated(first: Token, last: Token) -> bool:
    """«не ответили», «очереди нет»: a negator with its word is one reason, shown together."""
    negators = ("не", "нет", "ни")
    return (first.lemma in negators and is_content(last)) or (last.lemma in negators and is_content(first))


def _shares(ids: NDArray[np.int32], contrib: dict[int, float]) -> NDArray[np.float64]:
    uniq, inverse, counts = np.unique(ids, return_inverse=True, return_counts=True)
    values = np.array([contrib.get(int(u), 0.0) for u in uniq])
    result: NDArray[np.float64] = (values / counts)[inverse]
    return result
