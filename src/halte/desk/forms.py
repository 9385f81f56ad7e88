from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from halte.cases.models import Case
from halte.desk.error_codes import DeskErrorCode
from halte.remedies.models import CaseRequest
from halte.understanding.intents import Intent


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Reply to the customer"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class IntentForm(forms.Form):
    intent = forms.ChoiceField(label=_("Reason"), choices=Intent.choices)


class NoteForm(forms.Form):
    internal_note = forms.CharField(
        label=_("Internal note"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 3})
    )


class StateForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=Case.State.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class TriageForm(forms.Form):
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Case.Priority.choices, coerce=int
    )
    tags = forms.CharField(
        label=_("Tags"), max_length=300, required=False, help_text=_("comma-separated")
    )

    def clean_tags(self) -> list[str]:
        raw = self.cleaned_data["tags"]
        tags = [t.strip().lower()[:40] for t in raw.split(",") if t.strip()]
        if len(tags) > 10:
            raise forms.ValidationError(_("At most 10 tags."), code=DeskErrorCode.TOO_MANY_TAGS)
        return list(dict.fromkeys(tags))


class HandOverForm(forms.Form):
    owner = forms.ModelChoiceField(
        label=_("New owner"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("(nobody: the team)"),
    )
    team = forms.CharField(label=_("Team"), max_length=100, required=False)
    note = forms.CharField(
        label=_("Note for them"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = (
            get_user_model()
            .objects.filter(memberships__organisation_id=organisation_id)
            .order_by("username")
        )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("owner") and not data.get("team"):
            raise forms.ValidationError(
                _("Choose a person or a team to hand the case to."),
                code=DeskErrorCode.NO_NEW_OWNER,
            )
        return data


class CodeForm(forms.Form):
    """Six digits from the agent's authenticator app."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


# Said alike by the desk and the admin: a replayed code is just "not right", nothing more.
WRONG_CODE = _("That code is not right, or was used already. Use the newest code from your app.")


def wait_for_code(seconds: int) -> str:
    return ngettext(
        "Too many wrong codes. Wait %(seconds)d second and try again.",
        "Too many wrong codes. Wait %(seconds)d seconds and try again.",
        seconds,
    ) % {"seconds": seconds}


class ActionForm(forms.Form):
    """A form on the case screen beside others: its ids start with its own prefix."""

    id_prefix = "action"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class AddressForm(ActionForm):
    """The agent corrects the parcel's address for the customer (story 01)."""

    id_prefix = "address"

    postcode = forms.CharField(label=_("Postcode"), max_length=10)
    house_number = forms.IntegerField(label=_("House number"), min_value=1, max_value=99999)
    addition = forms.CharField(label=_("Addition"), max_length=10, required=False)
    street = forms.CharField(label=_("Street"), max_length=200)
    city = forms.CharField(label=_("City"), max_length=100)
    confirm_unlisted = forms.BooleanField(
        label=_("Not in the address register yet; I checked it with the customer."),
        required=False,
    )


class CarrierRequestForm(ActionForm):
    id_prefix = "carrier"
    kind = forms.ChoiceField(
        label=_("Ask the carrier for"),
        choices=[
            (CaseRequest.Kind.PROOF_OF_DELIVERY, _("proof of delivery")),
            (CaseRequest.Kind.INVESTIGATION, _("an investigation")),
        ],
    )
    note = forms.CharField(
        label=_("Note for the carrier"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RemedyForm(ActionForm):
    id_prefix = "remedy"
    kind = forms.ChoiceField(label=_("Remedy"))
    note = forms.CharField(
        label=_("Note for the shop"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, offered: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(CaseRequest.Kind.choices)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = [(kind, labels[kind]) for kind in offered]


class VoucherForm(ActionForm):
    id_prefix = "voucher"
    amount = forms.DecimalField(
        label=_("Amount in euros"),
        min_value=Decimal("0.01"),
        max_value=Decimal("10000"),
        max_digits=7,
        decimal_places=2,
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)


class GiftThanksForm(ActionForm):
    """The recipient's thank-you, passed on by the agent; the sender's address stays hidden."""

    id_prefix = "gift"
    text = forms.CharField(
        label=_("Thank-you to pass on"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class GiftSenderForm(ActionForm):
    """Who sent the gift: only with the permission, and always with a reason on record."""

    id_prefix = "gift_sender"
    reason = forms.CharField(label=_("Why you need to see the sender"), max_length=300)


class AuditSearchForm(forms.Form):
    """The supervisor's search of the audit trail; every field optional, all combined."""

    case = forms.IntegerField(label=_("Case number"), required=False, min_value=1)
    email = forms.EmailField(label=_("Customer's e-mail address"), required=False)
    actor = forms.CharField(label=_("Person or API token"), required=False, max_length=150)
    since = forms.DateField(label=_("From"), required=False)
    until = forms.DateField(label=_("Until"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(
                _("The first date comes after the last one."), code="dates_out_of_order"
            )
        return data
