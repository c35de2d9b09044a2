"""Features of the tone model: TF-IDF of lemma 1–2-grams and of character 2–5-grams within tokens, plus
counts of domain-lexicon cues.

Character n-grams never cross a token boundary, so they are a function of the token: each distinct token's
feature ids are computed once and cached, and a text costs one cache probe per token instead of a
thousand n-gram look-ups.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import scipy.sparse as sp
import yaml
from numpy.typing import NDArray

from otklik.nlp.lemmas import Token, tokenize
from otklik.nlp.phrases import PhraseMatch, PhraseMatcher, content_tokens, phrase_lemmas

LEXICON_PATH = Path(__file__).resolve().parent / "data" / "lexicon.yaml"
# Labelled taxpayer texts written for the product: questions, requests, thanks, complaints (data/README.md)
EXAMPLES_PATH = LEXICON_PATH.parent / "taxpayer_examples.yaml"
NEGATORS = frozenset({"не", "нет", "ни", "никто", "никак"})
# «нет» negates a noun («ответа нет», «нет помощи»), never a verb after it: «очереди нет приняли сразу»,
# written without a comma, does not say «не приняли».
VERB_NEGATORS = NEGATORS - {"нет"}
LEXICON_FEATURES = (
    "lex_negative",
    "lex_positive",
    "lex_negated_positive",
    "lex_negated_negative",
    "lex_request",  # a question, a request for an explanation or a document, thanks
    "lex_subject",  # a trouble named as the subject («ошибка», «блокировка»): a question may be about it
    "lex_contrast",  # «но», «однако», «жаль»: thanks followed by what went wrong
)
# What `transform_cues` counts per text: the lexicon features, then two kinds that are not features of
# the model but decide whether the text complains (`complaint_cues`).
CUE_COUNTS = (
    *LEXICON_FEATURES,
    "negated_verb",  # a neutral verb negated («не ответили», «не дали»), counted in lex_negated_positive too
    "praise",  # a positive cue of the lexicon's «praise» («молодцы», «рекомендую»), not a fact or thanks
)
_EMPTY = np.zeros(0, dtype=np.int32)


@dataclasses.dataclass(frozen=True, slots=True)
class Cue:
    polarity: str  # the lexicon feature it feeds (one of LEXICON_FEATURES)
    phrase: str
    start: int
    end: int
    kind: str = ""  # "negated_verb" or "praise" (CUE_COUNTS), for `complaint_cues` only


def complaint_cues(counts: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Whether each text holds a complaint in words (docs/tone-rules.md, «Жалоба в тексте»), from the rows
    of `transform_cues`: a negative cue not negated, a positive cue negated («не помогли»), a contrast
    («Спасибо за справку, но в ней неверный ИНН»), or a neutral verb negated («не ответили») in a text that
    does not praise. A text that praises without a contrast («Молодцы! Вообще не ждала…» with a typo
    that makes «не дала») does not complain by a bare negated verb."""
    col = CUE_COUNTS.index
    strong = (
        counts[:, col("lex_negative")]
        + counts[:, col("lex_contrast")]
        + counts[:, col("lex_negated_positive")]
        - counts[:, col("negated_verb")]
    )
    weak = (counts[:, col("negated_verb")] > 0) & (counts[:, col("praise")] == 0)
    result: NDArray[np.bool_] = (strong > 0) | weak
    return result


class Lexicon:
    def __init__(
        self,
        negative: Iterable[str],
        positive: Iterable[str],
        negatable: Iterable[str],
        requests: Iterable[str] = (),
        subjects: Iterable[str] = (),
        contrasts: Iterable[str] = (),
        praise: Iterable[str] = (),
    ) -> None:
        positive = tuple(positive)
        self.matcher = PhraseMatcher({"negative": negative, "positive": positive, "subject": subjects})
        self.negatable = PhraseMatcher({"negatable": negatable})
        self.requests = PhraseMatcher({"request": requests, "contrast": contrasts})
        praised = {phrase_lemmas(p) for p in praise}
        self.praise = frozenset(p for p in positive if phrase_lemmas(p) in praised)

    @classmethod
    def load(cls, path: Path = LEXICON_PATH) -> Lexicon:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return cls(
            data["negative"],
            data["positive"],
            data.get("negatable", []),
            data.get("requests", []),
            data.get("subjects", []),
            data.get("contrasts", []),
            data.get("praise", []),
        )

    def cues(self, tokens: Sequence[Token]) -> list[Cue]:
        content = content_tokens(tokens)
        clause = _clauses(tokens)
        out = []
        for m in self.matcher.find(content):
            # «не очень вежливо» flips a positive; a negative flips only right after the negator
            # («не хамили»), since «трубку никто не берёт» must stay negative
            j = _negator(content, clause, m, reach=2 if m.key == "positive" else 1)
            key = "negative" if m.key == "subject" and j is not None else m.key
            polarity = f"lex_{'negated_' if j is not None else ''}{key}"
            praise = polarity == "lex_positive" and m.phrase in self.praise
            start = m.start if j is None else content[j].start
            out.append(Cue(polarity, m.phrase, start, m.end, "praise" if praise else ""))
        for m in self.negatable.find(content):
            # right after the negator: «не ответили», but not «не могу прийти»
            j = _negator(content, clause, m, reach=1, negators=VERB_NEGATORS)
            if j is not None and not any(c.start <= m.start < c.end for c in out):
                out.append(Cue("lex_negated_positive", m.phrase, content[j].start, m.end, "negated_verb"))
        out += [Cue(f"lex_{m.key}", m.phrase, m.start, m.end) for m in self.requests.find(content)]
        out += [Cue("lex_request", "?", t.start, t.end) for t in tokens if t.norm == "?"]
        return out


def _clauses(tokens: Sequence[Token]) -> list[int]:
    """For each content token, the number of punctuation marks before it: a negator never reaches
    across one («Очереди нет, приняли сразу» is not «не приняли»)."""
    out, marks = [], 0
    for t in tokens:
        if t.is_word or t.norm.isdigit():
            out.append(marks)
        elif t.norm not in ("-", "«", "»", '"'):
            marks += 1
    return out


def _negator(
    content: Sequence[Token],
    clause: Sequence[int],
    m: PhraseMatch,
    reach: int,
    negators: frozenset[str] = NEGATORS,
) -> int | None:
    if content[m.first].lemma in NEGATORS:
        return None
    for j in range(m.first - 1, max(-1, m.first - reach - 1), -1):
        if clause[j] != clause[m.first]:
            return None
        if content[j].lemma in negators:
            return j
    return None


def load_examples(paths: Sequence[Path] = (LEXICON_PATH, EXAMPLES_PATH)) -> list[tuple[str, str]]:
    """(text, label) of the product's own example sentences: the lexicon's and the labelled set."""
    out = []
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out += [(text, label) for label, texts in data.get("examples", {}).items() for text in texts]
    return out


def word_features(tokens: Sequence[Token]) -> list[str]:
    words = [t.lemma for t in tokens if t.is_word]
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


def _char_ngrams(norm: str) -> list[str]:
    padded = f" {norm} "
    return [padded[i : i + n] for n in range(2, 6) for i in range(len(padded) - n + 1)]


def char_tokens(tokens: Sequence[Token]) -> list[Token]:
    """Tokens that give character n-grams: all but bare numbers, which only add noise."""
    return [t for t in tokens if not t.norm.isdigit()]


class ToneVectorizer:
    """Fitted once per model; `transform` is batch-oriented and allocation-light."""

    def __init__(self, lexicon: Lexicon, min_df: int = 2, lexicon_scale: float = 0.5) -> None:
        self.lexicon = lexicon
        self.min_df = min_df
        self.lexicon_scale = lexicon_scale
        self.word_vocab: dict[str, int] = {}
        self.char_vocab: dict[str, int] = {}
        self.word_idf: NDArray[np.float64] = np.zeros(0)
        self.char_idf: NDArray[np.float64] = np.zeros(0)
        self._char_cache: dict[str, NDArray[np.int32]] = {}

    def __getstate__(self) -> dict[str, object]:
        state = self.__dict__.copy()
        state["_char_cache"] = {}
        return state

    @property
    def n_features(self) -> int:
        return len(self.word_vocab) + len(self.char_vocab) + len(LEXICON_FEATURES)

    def feature_names(self) -> list[str]:
        names = [""] * self.n_features
        for w, i in self.word_vocab.items():
            names[i] = w
        offset = len(self.word_vocab)
        for c, i in self.char_vocab.items():
            names[offset + i] = f"«{c}»"
        names[offset + len(self.char_vocab) :] = LEXICON_FEATURES
        return names

    def fit(self, texts: Sequence[str]) -> ToneVectorizer:
        word_df: Counter[str] = Counter()
        char_df: Counter[str] = Counter()
        for text in texts:
            tokens = tokenize(text)
            word_df.update(set(word_features(tokens)))
            char_df.update({g for tok in {t.norm for t in char_tokens(tokens)} for g in _char_ngrams(tok)})
        n = len(texts)
        self.word_vocab, self.word_idf = _vocab(word_df, self.min_df, n)
        self.char_vocab, self.char_idf = _vocab(char_df, self.min_df, n)
        self._char_cache = {}
        return self

    def char_ids(self, norm: str) -> NDArray[np.int32]:
        ids = self._char_cache.get(norm)
        if ids is None:
            vocab = self.char_vocab
            ids = np.fromiter((vocab[g] for g in _char_ngrams(norm) if g in vocab), dtype=np.int32)
            if len(self._char_cache) > 500_000:
                self._char_cache.clear()
            self._char_cache[norm] = ids
        return ids

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        return self.transform_tokens([tokenize(t) for t in texts])

    def transform_tokens(self, docs: Sequence[Sequence[Token]]) -> sp.csr_matrix:
        return self.transform_cues(docs)[0]

    def transform_cues(self, docs: Sequence[Sequence[Token]]) -> tuple[sp.csr_matrix, NDArray[np.float64]]:
        """The features of each text and its raw count of each kind of cue (CUE_COUNTS)."""
        word_rows: list[NDArray[np.int32]] = []
        char_rows: list[NDArray[np.int32]] = []
        counts = np.zeros((len(docs), len(CUE_COUNTS)))
        column = {name: j for j, name in enumerate(CUE_COUNTS)}
        wv = self.word_vocab
        for r, tokens in enumerate(docs):
            word_rows.append(np.fromiter((wv[f] for f in word_features(tokens) if f in wv), dtype=np.int32))
            chars = [self.char_ids(t.norm) for t in char_tokens(tokens)]
            char_rows.append(np.concatenate(chars) if chars else _EMPTY)
            for cue in self.lexicon.cues(tokens):
                counts[r, column[cue.polarity]] += 1.0
                if cue.kind:
                    counts[r, column[cue.kind]] += 1.0
        word = _tfidf(word_rows, self.word_idf)
        char = _tfidf(char_rows, self.char_idf)
        lexicon = sp.csr_matrix(np.log1p(counts[:, : len(LEXICON_FEATURES)]) * self.lexicon_scale)
        return sp.hstack([word, char, lexicon], format="csr"), counts


def _vocab(df: Counter[str], min_df: int, n: int) -> tuple[dict[str, int], NDArray[np.float64]]:
    kept = sorted(f for f, c in df.items() if c >= min_df)
    idf = np.array([math.log((1 + n) / (1 + df[f])) + 1.0 for f in kept])
    return {f: i for i, f in enumerate(kept)}, idf


def _tfidf(rows: list[NDArray[np.int32]], idf: NDArray[np.float64]) -> sp.csr_matrix:
    """Sublinear tf × idf, rows L2-normalised: the same weighting as scikit-learn's TfidfVectorizer."""
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(r) for r in rows], out=indptr[1:])
    indices = np.concatenate(rows) if rows else _EMPTY
    m = sp.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), len(idf)))
    m.sum_duplicates()
    m.data = (1.0 + np.log(m.data)) * idf[m.indices]
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    m.data /= np.repeat(norms, np.diff(m.indptr))
    return m
