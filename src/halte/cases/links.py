"""Signed links that let a customer follow, answer and close their case without an account."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from halte.cases.models import Case

_SALT = "halte.cases.customer-link"


def customer_case_token(case: Case) -> str:
    return signing.dumps({"c": case.pk, "e": case.customer_email}, salt=_SALT, compress=True)


def customer_case_path(case: Case) -> str:
    return reverse("cases:customer_case", kwargs={"token": customer_case_token(case)})


def customer_case_url(case: Case) -> str:
    return str(settings.HALTE_BASE_URL).rstrip("/") + customer_case_path(case)


def case_for_token(token: str) -> Case | None:
    try:
        data = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("c"), int):
        return None
    return (
        Case.objects.select_related("shipment", "organisation")
        .filter(pk=data["c"], customer_email=data.get("e"))
        .first()
    )
