"""The corpus, the held-out set and the shipped model agree; retraining is one command."""

import json
from collections import Counter
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from halte.understanding.checks import model_file_exists
from halte.understanding.corpus import (
    ExampleError,
    corpus_hash,
    example_from,
    heldout_examples,
    training_examples,
    written_examples,
)
from halte.understanding.intents import Intent
from halte.understanding.model import PACKAGED_MODEL, Scorer, load, normalise


def test_the_shipped_model_was_trained_on_the_corpus_as_it_is() -> None:
    model = load(PACKAGED_MODEL)
    assert model.extra_examples == 0
    assert model.corpus_hash == corpus_hash(training_examples()), (
        "the corpus changed: run `python -m halte train_understanding` and commit the model"
    )


def test_every_intent_has_hundreds_of_training_examples_in_both_languages() -> None:
    counts = Counter(example.intent for example in training_examples())
    assert set(counts) == set(Intent.values)
    assert min(counts.values()) >= 100, counts


def test_no_held_out_message_is_trained_on() -> None:
    trained = {normalise(example.text).strip() for example in written_examples()}
    held_out = [normalise(example.text).strip() for example in heldout_examples()]
    assert not trained.intersection(held_out)


def test_the_held_out_set_covers_every_intent() -> None:
    assert {example.intent for example in heldout_examples()} == set(Intent.values)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "JSON object"),
        ({"intent": "other"}, "'text'"),
        ({"text": "x", "intent": "lost"}, "'intent' must be one of"),
        ({"text": "x", "intent": "other", "sentiment": 3}, "'sentiment'"),
        ({"text": "x", "intent": "other", "sentiment": True}, "'sentiment'"),
        ({"text": "x", "intent": "other", "urgent": "yes"}, "'urgent'"),
        ({"text": "x", "intent": "other", "colour": "red"}, "unknown field"),
    ],
)
def test_a_wrong_example_says_what_is_wrong(data: object, message: str) -> None:
    with pytest.raises(ExampleError, match=message):
        example_from(data)


def test_a_bad_extra_file_names_its_line(tmp_path: Path) -> None:
    extra = tmp_path / "corrections.jsonl"
    extra.write_text('{"text": "ok", "intent": "other"}\n{"text": "x", "intent": "nope"}\n')
    with pytest.raises(CommandError, match="line 2"):
        call_command("train_understanding", extra=[str(extra)], output=tmp_path / "m.joblib")
    assert not (tmp_path / "m.joblib").exists()


def corrections() -> list[dict[str, object]]:
    """Stands in for the cases app's callable of agents' corrections."""
    return [{"text": "kwispelstaart zebrapad", "intent": "invoice_payment"}] * 5


def test_retraining_with_corrections_is_one_command(tmp_path: Path, monkeypatch: Any) -> None:
    # A small corpus of one message per intent keeps the training short; the command is the
    # same one that trains on the real corpus.
    small = tmp_path / "train"
    small.mkdir()
    for number, intent in enumerate(Intent.values):
        line = {
            "text": f"{intent.replace('_', ' ')} bericht",
            "intent": intent,
            "sentiment": number % 5 - 2,
            "urgent": number % 2 == 0,
        }
        (small / f"{intent}.jsonl").write_text(json.dumps(line) + "\n")
    monkeypatch.setattr("halte.understanding.corpus.TRAIN_DIR", small)
    extra = tmp_path / "corrections.jsonl"
    lines = [{"text": "flubbergast wobbeldoos", "intent": "who_sent_this", "sentiment": 0}] * 5
    extra.write_text("".join(json.dumps(line) + "\n" for line in lines))
    output = tmp_path / "retrained.joblib"
    out = StringIO()
    call_command(
        "train_understanding",
        extra=[str(extra)],
        extra_from=["tests.understanding.test_corpus.corrections"],
        output=output,
        stdout=out,
    )
    assert "(10 extra)" in out.getvalue()
    model = load(output)
    assert model.extra_examples == 10
    vectors = model.vectors(["flubbergast wobbeldoos", "kwispelstaart zebrapad"])
    scores = model.intent_scores(vectors)
    assert max(scores[0], key=scores[0].__getitem__) == "who_sent_this"
    assert max(scores[1], key=scores[1].__getitem__) == "invoice_payment"


@pytest.mark.parametrize(
    "text",
    [
        "Volgens de tracking is mijn pakket bezorgd maar ik heb niets ontvangen",
        "PLEASE cancel order #12345!!! 😡",
        "zzzz qqqq",  # no known n-gram beyond a few characters
        "",
    ],
)
def test_the_fast_scorer_gives_scikit_learns_answers(text: str) -> None:
    model = load(PACKAGED_MODEL)
    vectors = model.vectors([text])
    expected = model.intent_scores(vectors)[0]
    scores = Scorer(model).score(text)
    assert scores.intents == pytest.approx(expected, abs=1e-4)
    assert scores.sentiment == model.sentiments(vectors)[0]
    assert scores.urgent_probability == pytest.approx(
        model.urgent_probabilities(vectors)[0], abs=1e-4
    )


def test_the_system_check_names_a_missing_model_file(settings: Any, tmp_path: Path) -> None:
    assert model_file_exists() == []
    settings.HALTE_UNDERSTANDING_MODEL = str(tmp_path / "gone.joblib")
    [error] = model_file_exists()
    assert error.id == "halte.understanding.E001"
    assert "gone.joblib" in error.msg
