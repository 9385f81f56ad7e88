"""Read-side look-ups for organisations."""

from django.conf import settings

from halte.organisations.actions import hash_api_key
from halte.organisations.models import ApiToken, Organisation


def organisation_for_api_key(key: str) -> Organisation | None:
    """The organisation a live bearer token belongs to, or None for an unknown or revoked one."""
    token = api_token_for_key(key)
    return token.organisation if token else None


def api_token_for_key(key: str) -> ApiToken | None:
    """The live token of a bearer key, with its organisation, or None."""
    if not key or len(key) > 200:
        return None
    token: ApiToken | None = (
        ApiToken.objects.select_related("organisation")
        .filter(key_hash=hash_api_key(key), revoked_at__isnull=True)
        .first()
    )
    return token


def default_organisation() -> Organisation | None:
    slug = settings.HALTE_DEFAULT_ORGANISATION
    organisations = Organisation.objects.order_by("pk")
    return (organisations.filter(slug=slug) if slug else organisations).first()
