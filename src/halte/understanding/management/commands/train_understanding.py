import json
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from halte.understanding.corpus import (
    Example,
    ExampleError,
    example_from,
    read_examples,
    training_examples,
)
from halte.understanding.model import forget_loaded_models, model_path, save, train


class Command(BaseCommand):
    help = (
        "Train the intent, sentiment and urgency models on the corpus in "
        "halte/understanding/corpus/train, plus extra labelled examples (an agent's "
        'corrections: JSON lines {"text": ..., "intent": ..., "sentiment"?: -2..2, '
        '"urgent"?: true|false}), and write the model HALTE_UNDERSTANDING_MODEL names '
        "(the packaged one when unset). The held-out set is never trained on."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--extra",
            action="append",
            default=[],
            metavar="FILE",
            help="JSON lines of extra examples; '-' reads standard input. May be repeated.",
        )
        parser.add_argument(
            "--extra-from",
            action="append",
            default=[],
            metavar="DOTTED.PATH",
            help="A callable without arguments returning an iterable of example objects "
            "(e.g. the agents' corrections stored by the cases app). May be repeated.",
        )
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="Write here instead (default: the model path in use).",
        )

    def handle(
        self,
        *args: Any,
        extra: list[str],
        extra_from: list[str],
        output: Path | None,
        **options: Any,
    ) -> None:
        corrections = [*self._from_files(extra), *self._from_callables(extra_from)]
        started = time.perf_counter()
        examples = training_examples(corrections)
        model = train(examples, extra=len(corrections))
        path = output or model_path()
        save(model, path)
        forget_loaded_models()
        self.stdout.write(
            f"trained on {model.examples} examples ({len(corrections)} extra) in "
            f"{time.perf_counter() - started:.1f} s; corpus {model.corpus_hash[:12]}; "
            f"written to {path}"
        )

    def _from_files(self, names: list[str]) -> list[Example]:
        examples: list[Example] = []
        for name in names:
            try:
                if name == "-":
                    examples += read_examples(sys.stdin, source="standard input")
                    continue
                with Path(name).open(encoding="utf-8") as lines:
                    examples += read_examples(lines, source=name)
            except OSError as error:
                raise CommandError(f"cannot read {name}: {error.strerror}") from error
            except (ExampleError, UnicodeDecodeError) as error:
                raise CommandError(str(error)) from error
        return examples

    def _from_callables(self, paths: list[str]) -> list[Example]:
        examples: list[Example] = []
        for path in paths:
            try:
                source: Callable[[], Iterable[Mapping[str, object]]] = import_string(path)
            except ImportError as error:
                raise CommandError(f"cannot import {path}: {error}") from error
            for number, item in enumerate(source(), start=1):
                try:
                    examples.append(example_from(json.loads(json.dumps(item))))
                except (TypeError, ExampleError) as error:
                    raise CommandError(f"{path}, example {number}: {error}") from error
        return examples
