"""The codes of a rendered form's errors, so tests check what a form said without its wording."""

from typing import Any


def form_error_codes(response: Any, form: str = "form") -> set[str]:
    """Codes of every error of the form named `form` in the response's template context."""
    errors = response.context[form].errors.as_data()
    return {str(error.code) for field_errors in errors.values() for error in field_errors}
