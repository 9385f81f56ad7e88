"""The answer and the comment; every error in the customer's language."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from halte.effort.rules import COMMENT_MAX_LENGTH, SCORES


class AnswerForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How easy was it to get this sorted?"),
        choices=[(score, str(score)) for score in SCORES],
        coerce=int,
        error_messages={
            "required": _("Choose a number from 1 to 7."),
            "invalid_choice": _("Choose a number from 1 to 7."),
        },
    )


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Anything you want to add? (optional)"),
        # Checked by the validator with its own message, so a pasted essay is told its length.
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX_LENGTH}),
        validators=[
            MaxLengthValidator(
                COMMENT_MAX_LENGTH,
                _(
                    "Please keep your comment to %(limit_value)d characters "
                    "(it has %(show_value)d)."
                ),
            )
        ],
        error_messages={"required": _("Write a comment, or simply close this page.")},
    )
