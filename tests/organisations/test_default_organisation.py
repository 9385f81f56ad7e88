"""Mail and the contact form that name no parcel go to the default organisation, if any."""

from typing import Any

import pytest

from halte.organisations.queries import default_organisation
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db


def test_without_a_setting_the_first_organisation_is_the_default(settings: Any) -> None:
    settings.HALTE_DEFAULT_ORGANISATION = ""
    first = make_organisation(slug="eerste")
    make_organisation(slug="tweede")

    assert default_organisation() == first


def test_the_setting_names_the_default_organisation(settings: Any) -> None:
    make_organisation(slug="eerste")
    chosen = make_organisation(slug="tweede")
    settings.HALTE_DEFAULT_ORGANISATION = "tweede"

    assert default_organisation() == chosen


def test_a_setting_naming_no_organisation_gives_no_default(settings: Any) -> None:
    # Falling back to another organisation would hand its mail to the wrong shop.
    make_organisation(slug="eerste")
    settings.HALTE_DEFAULT_ORGANISATION = "bestaat-niet"

    assert default_organisation() is None


def test_an_installation_without_organisations_has_no_default(settings: Any) -> None:
    settings.HALTE_DEFAULT_ORGANISATION = ""

    assert default_organisation() is None
