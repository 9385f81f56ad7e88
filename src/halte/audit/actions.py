"""Writing the audit trail: one verb, `record_access`."""

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from halte.audit.models import AccessRecord
from halte.organisations.models import ApiToken, Organisation

ACTIONS = frozenset(AccessRecord.Action.values)
# Actions that always need a reason from the person (a reveal of what is normally hidden).
ACTIONS_NEEDING_A_REASON = frozenset({AccessRecord.Action.REVEAL.value})


class ReasonRequired(ValueError):
    """The action needs a reason and none was given."""


def record_access(
    *,
    organisation: Organisation,
    actor: User | None,
    token: ApiToken | None = None,
    action: str,
    subject: str,
    reason: str = "",
    detail: str = "",
    client_address: str | None = None,
) -> None:
    """Append who touched which personal data, how and why.

    `subject` names the thing (`case:12`, `gift:5`, `person:<sha256>` — see `subjects.py`),
    never personal data. A `reveal` needs a reason. Runs inside the caller's transaction, so
    a change and its record stand or fall together.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if not subject or len(subject) > 100:
        raise ValueError("an audit subject is 1 to 100 characters")
    reason = reason.strip()
    if action in ACTIONS_NEEDING_A_REASON and not reason:
        raise ReasonRequired(_("Give a reason for this."))
    user = actor if actor is not None and actor.is_authenticated else None
    AccessRecord.objects.create(
        organisation=organisation,
        actor=user,
        token=token,
        action=action,
        subject=subject,
        reason=reason[:500],
        detail=detail[:500],
        client_address=client_address or None,
    )
