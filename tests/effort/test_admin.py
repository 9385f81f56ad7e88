"""The admin lists effort questions and their answers, and changes none of them."""

import pytest
from django.test import Client
from django.utils import timezone

from halte.effort.models import EffortQuestion
from halte.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_the_admin_lists_questions_read_only(
    admin_client: Client, organisation: Organisation
) -> None:
    question = EffortQuestion.objects.create(
        organisation=organisation,
        customer_email="lijst@example.nl",
        occasion=EffortQuestion.Occasion.CASE_RESOLVED,
        asked_at=timezone.now(),
        score=2,
        answered_at=timezone.now(),
    )
    page = admin_client.get("/admin/effort/effortquestion/").content.decode()
    assert "lijst@example.nl" in page
    assert admin_client.get("/admin/effort/effortquestion/add/").status_code == 403
    changed = admin_client.post(
        f"/admin/effort/effortquestion/{question.pk}/change/", {"score": "7"}
    )
    assert changed.status_code == 403
    question.refresh_from_db()
    assert question.score == 2
