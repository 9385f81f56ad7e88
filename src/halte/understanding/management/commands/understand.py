import json
import sys
from collections.abc import Iterable
from typing import Any

from django.core.management.base import BaseCommand

from halte.error_codes import FieldErrorCode, RequestErrorCode
from halte.understanding.error_codes import UnderstandingErrorCode
from halte.understanding.reading import UnsupportedLanguage, read_message
from halte.understanding.wording import LANGUAGES


class Command(BaseCommand):
    help = (
        'Read JSON lines {"text": ..., "language"?: "nl"|"en"} on standard input and write one '
        "result a line, in input order, in the shape of POST /api/v1/understand. A line that "
        'cannot be read gets {"error": {"line": n, "code": ..., "detail": ...}} in its place; '
        "the other lines are read as usual."
    )
    # Tests pass their input as call_command(..., stdin=StringIO(...)).
    stealth_options = ("stdin",)

    def handle(self, *args: Any, **options: Any) -> None:
        # Bytes from the real standard input, so one line that is not UTF-8 costs only itself.
        lines: Iterable[str | bytes] = options.get("stdin") or sys.stdin.buffer
        for number, line in enumerate(lines, start=1):
            self.stdout.write(json.dumps(answer(line, number), ensure_ascii=False))
            self.stdout.flush()


def answer(line: str | bytes, number: int) -> dict[str, Any]:
    """The reading of one input line, or what is wrong with it."""
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError:
            return _error(number, RequestErrorCode.INVALID_UTF8, "the line is not UTF-8")
    if not line.strip():
        return _error(number, FieldErrorCode.REQUIRED, 'an empty line; send {"text": ...}')
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        return _error(number, RequestErrorCode.INVALID_JSON, f"not JSON: {error.msg}")
    except RecursionError:
        return _error(number, RequestErrorCode.INVALID_JSON, "nested too deeply to read")
    if not isinstance(item, dict):
        return _error(number, FieldErrorCode.NOT_AN_OBJECT, 'a line is an object {"text": ...}')
    unknown = sorted(set(item) - {"text", "language"})
    if unknown:
        return _error(number, FieldErrorCode.UNKNOWN_FIELD, f"unknown field(s): {unknown}")
    text, language = item.get("text"), item.get("language")
    if not isinstance(text, str):
        code = FieldErrorCode.REQUIRED if text is None else FieldErrorCode.INVALID_VALUE
        return _error(number, code, "'text' must be a string")
    if language is not None and not isinstance(language, str):
        return _error(number, FieldErrorCode.INVALID_VALUE, "'language' must be a string")
    try:
        return read_message(text, language=language).as_json()
    except UnsupportedLanguage:
        return _error(
            number,
            UnderstandingErrorCode.UNSUPPORTED_LANGUAGE,
            f"language {language!r} is not read; use one of: {', '.join(LANGUAGES)}",
        )


def _error(number: int, code: str, detail: str) -> dict[str, Any]:
    return {"error": {"line": number, "code": str(code), "detail": detail}}
