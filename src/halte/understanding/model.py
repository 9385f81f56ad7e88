"""The trained models: intent, sentiment and urgency, over one set of n-gram features.

Word 1–2-grams catch phrases ("niet ontvangen", "wrong address"); character 2–5-grams
within words catch typos, informal and Flemish spelling ("pakkie", "ontvange", "bezorgd
geweest"). One vectorizer feeds three logistic regressions, so a reading computes the
features once. The artefact in `trained/` is built by `python -m halte train_understanding`
and records the hash of the examples it learnt from; a test keeps it in step with the corpus.
"""

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import sklearn
from django.conf import settings
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion

from halte.understanding.corpus import Example, corpus_hash

PACKAGED_MODEL = Path(__file__).resolve().parent / "trained" / "understanding.joblib"
FORMAT = 1

_DIGITS = re.compile(r"\d")


def normalise(text: str) -> str:
    """Lower case, no accents, every digit a 0: numbers are details, not words."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _DIGITS.sub("0", text)


@dataclass(frozen=True)
class TrainedModel:
    features: FeatureUnion
    intent: LogisticRegression
    sentiment: LogisticRegression
    urgent: LogisticRegression
    corpus_hash: str
    examples: int
    extra_examples: int
    sklearn_version: str

    def vectors(self, texts: Sequence[str]) -> csr_matrix:
        return self.features.transform([normalise(text) for text in texts])

    def intent_scores(self, vectors: csr_matrix) -> list[dict[str, float]]:
        probabilities = self.intent.predict_proba(vectors)
        labels = [str(label) for label in self.intent.classes_]
        return [dict(zip(labels, map(float, row), strict=True)) for row in probabilities]

    def sentiments(self, vectors: csr_matrix) -> list[int]:
        return [int(label) for label in self.sentiment.predict(vectors)]

    def urgent_probabilities(self, vectors: csr_matrix) -> list[float]:
        column = list(self.urgent.classes_).index(True)
        return [float(row[column]) for row in self.urgent.predict_proba(vectors)]


def _features() -> FeatureUnion:
    return FeatureUnion(
        [
            (
                "words",
                TfidfVectorizer(
                    lowercase=False,
                    ngram_range=(1, 2),
                    token_pattern=r"(?u)\b\w+\b",  # noqa: S106 -- a regex, not a password
                    sublinear_tf=True,
                    min_df=2,
                    dtype=np.float32,
                ),
            ),
            (
                "characters",
                TfidfVectorizer(
                    lowercase=False,
                    analyzer="char_wb",
                    ngram_range=(2, 5),
                    sublinear_tf=True,
                    min_df=3,
                    max_features=60_000,
                    dtype=np.float32,
                ),
            ),
        ]
    )


def _classifier(*, balanced: bool = False) -> LogisticRegression:
    return LogisticRegression(C=8.0, max_iter=3000, class_weight="balanced" if balanced else None)


def train(examples: Sequence[Example], *, extra: int = 0) -> TrainedModel:
    """Fit the three models on `examples` (the last `extra` of them are corrections)."""
    features = _features()
    vectors = features.fit_transform([normalise(example.text) for example in examples])
    intent = _classifier().fit(vectors, [example.intent for example in examples])
    with_sentiment = [i for i, example in enumerate(examples) if example.sentiment is not None]
    sentiment = _classifier(balanced=True).fit(
        vectors[with_sentiment], [examples[i].sentiment for i in with_sentiment]
    )
    with_urgency = [i for i, example in enumerate(examples) if example.urgent is not None]
    urgent = _classifier(balanced=True).fit(
        vectors[with_urgency], [bool(examples[i].urgent) for i in with_urgency]
    )
    for classifier in (intent, sentiment, urgent):
        # Half the size on disk and in memory, the same answers to three decimals.
        classifier.coef_ = classifier.coef_.astype(np.float32)
    return TrainedModel(
        features=features,
        intent=intent,
        sentiment=sentiment,
        urgent=urgent,
        corpus_hash=corpus_hash(examples),
        examples=len(examples),
        extra_examples=extra,
        sklearn_version=sklearn.__version__,
    )


def save(model: TrainedModel, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump({"format": FORMAT, "model": model}, path, compress=("xz", 6))


def load(path: Path) -> TrainedModel:
    stored: Any = joblib.load(path)
    if not isinstance(stored, dict) or stored.get("format") != FORMAT:
        raise ValueError(f"{path} is not a model this version of Halte reads; retrain it")
    model = stored["model"]
    if not isinstance(model, TrainedModel):
        raise ValueError(f"{path} holds no trained model; retrain it")
    return model


def model_path() -> Path:
    """Where the model is read from: HALTE_UNDERSTANDING_MODEL, else the packaged one."""
    configured = str(settings.HALTE_UNDERSTANDING_MODEL)
    return Path(configured) if configured else PACKAGED_MODEL


_loaded: dict[Path, TrainedModel] = {}


def current_model() -> TrainedModel:
    """The model of this process, read once per path."""
    path = model_path()
    if path not in _loaded:
        _loaded[path] = load(path)
    return _loaded[path]


def forget_loaded_models() -> None:
    """After retraining in this process: read the new artefact on the next reading."""
    _loaded.clear()
    _scorers.clear()


@dataclass(frozen=True)
class Scores:
    intents: dict[str, float]
    sentiment: int
    urgent_probability: float


class Scorer:
    """One message scored with the trained weights, without scikit-learn's per-call checks.

    scikit-learn spends most of a single-message reading validating inputs and building
    sparse matrices; this does the same arithmetic (tf-idf with sublinear tf and l2 norm
    per n-gram kind, then the three linear models) over a dict and one weight matrix, in a
    tenth of the time. A test holds it to scikit-learn's answers.
    """

    def __init__(self, model: TrainedModel) -> None:
        self.blocks = []
        offset = 0
        for _, vectorizer in model.features.transformer_list:
            vocabulary = {term: offset + index for term, index in vectorizer.vocabulary_.items()}
            self.blocks.append((vectorizer.build_analyzer(), vocabulary, vectorizer.idf_))
            offset += len(vectorizer.vocabulary_)
        self.idf = np.concatenate([idf for _, _, idf in self.blocks]).astype(np.float64)
        heads = [model.intent, model.sentiment, model.urgent]
        self.weights = np.hstack([head.coef_.T for head in heads]).astype(np.float32)
        self.intercepts = np.concatenate([head.intercept_ for head in heads])
        self.intent_labels = [str(label) for label in model.intent.classes_]
        self.sentiment_labels = [int(label) for label in model.sentiment.classes_]
        n_intents, n_sentiments = len(self.intent_labels), len(self.sentiment_labels)
        self.sentiment_columns = slice(n_intents, n_intents + n_sentiments)
        # Binary logistic regression: one column, the probability of classes_[1].
        self.urgent_is_positive = bool(model.urgent.classes_[1])

    def score(self, text: str) -> Scores:
        normalised = normalise(text)
        indices: list[int] = []
        values: list[float] = []
        for analyzer, vocabulary, _ in self.blocks:
            counts: dict[int, int] = {}
            for term in analyzer(normalised):
                index = vocabulary.get(term)
                if index is not None:
                    counts[index] = counts.get(index, 0) + 1
            if not counts:
                continue
            block = np.fromiter(counts, dtype=np.intp, count=len(counts))
            weight = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64))) * self.idf[
                block
            ]
            weight /= np.sqrt(weight @ weight)
            indices += block.tolist()
            values += weight.tolist()
        decision = self.intercepts.copy()
        if indices:
            decision += np.asarray(values, dtype=np.float32) @ self.weights[indices]
        intent_decision = decision[: len(self.intent_labels)]
        exponent = np.exp(intent_decision - intent_decision.max())
        probabilities = exponent / exponent.sum()
        sentiment = self.sentiment_labels[int(np.argmax(decision[self.sentiment_columns]))]
        urgent = 1.0 / (1.0 + math.exp(-float(decision[-1])))
        return Scores(
            intents=dict(zip(self.intent_labels, map(float, probabilities), strict=True)),
            sentiment=sentiment,
            urgent_probability=urgent if self.urgent_is_positive else 1.0 - urgent,
        )


_scorers: dict[Path, Scorer] = {}


def current_scorer() -> Scorer:
    """The scorer of this process's model, built once per path."""
    path = model_path()
    if path not in _scorers:
        _scorers[path] = Scorer(current_model())
    return _scorers[path]
