"""`python -m halte check` says so when the configured model file is not there, before the
first message would fail on it."""

from typing import Any

from django.core.checks import CheckMessage, Error, register

from halte.understanding.model import model_path


@register()
def model_file_exists(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    path = model_path()
    if path.is_file():
        return []
    return [
        Error(
            f"The understanding model {path} does not exist.",
            hint="Set HALTE_UNDERSTANDING_MODEL to a file written by "
            "`python -m halte train_understanding --output …`, or leave it empty for the "
            "packaged model.",
            id="halte.understanding.E001",
        )
    ]
