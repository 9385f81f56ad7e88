"""The shop a public page speaks for: the one a view named with `speak_for`, else the
installation's own shop — the configured default organisation, or the only one there is. An
installation serving several shops shows its neutral look on pages about no parcel."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from halte.organisations.models import Organisation
from halte.organisations.voice import Brand, brand_of

_ATTRIBUTE = "halte_speaks_for"


def speak_for(request: HttpRequest, organisation: Organisation) -> None:
    """This page is about a parcel or case of `organisation`: it wears that shop's brand."""
    setattr(request, _ATTRIBUTE, organisation)


def brand(request: HttpRequest) -> dict[str, object]:
    """`brand` for base.html; the default organisation is looked up only when needed."""
    return {"brand": SimpleLazyObject(lambda: _brand(request))}


def _brand(request: HttpRequest) -> Brand:
    organisation = getattr(request, _ATTRIBUTE, None)
    if isinstance(organisation, Organisation):
        return brand_of(organisation)
    if settings.HALTE_DEFAULT_ORGANISATION:
        return brand_of(
            Organisation.objects.filter(slug=settings.HALTE_DEFAULT_ORGANISATION).first()
        )
    only = list(Organisation.objects.order_by("pk")[:2])
    return brand_of(only[0] if len(only) == 1 else None)
