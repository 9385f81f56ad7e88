"""The desk by role: every member works cases; only supervisors and admins get team figures."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from halte.organisations.models import Membership
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "sees_figures"),
    [("agent", False), ("supervisor", True), ("admin", True)],
)
def test_the_menu_offers_the_figures_to_whom_the_page_opens_for(
    role: str, sees_figures: bool
) -> None:
    organisation = make_organisation()
    user = get_user_model().objects.create_user(f"{role}-desk")
    Membership.objects.create(user=user, organisation=organisation, role=role)
    client = Client()
    client.force_login(user)

    queue = client.get("/desk/")
    assert queue.status_code == 200
    assert (b'href="/desk/effort/"' in queue.content) is sees_figures
    assert client.get("/desk/effort/").status_code == (200 if sees_figures else 403)


def test_a_supervisor_elsewhere_is_no_supervisor_here() -> None:
    mine, theirs = make_organisation(), make_organisation(name="Buurwinkel")
    user = get_user_model().objects.create_user("agent-here-supervisor-there")
    Membership.objects.create(user=user, organisation=mine, role="agent")
    Membership.objects.create(user=user, organisation=theirs, role="supervisor")
    client = Client()
    client.force_login(user)

    page = client.get("/desk/effort/")
    assert page.status_code == 200
    assert f'id="effort-{theirs.slug}"'.encode() in page.content
    assert f'id="effort-{mine.slug}"'.encode() not in page.content
