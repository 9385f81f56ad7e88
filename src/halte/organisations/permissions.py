"""Who may do what for an organisation: the roles' permissions, defined once.

Every check is `user.has_perm(PERMISSION, organisation)`; django-rules' object backend answers
it from the user's `Membership.role` in that organisation. A superuser (staff of the
installation) passes every check, as Django's own backends decide. `ROLES_FOR` is the one
table: the predicates and `organisations_where()` are both made from it, so a page that
lists an organisation's data and a check on one object can never disagree.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from rules.permissions import permissions as permission_rules
from rules.predicates import Predicate

from halte.organisations.models import Membership, Organisation

# Open, reply, note, hand over, triage and settle the organisation's cases; see its returns.
WORK_CASES = "halte.work_cases"
# Read who sent a gift (a reason is recorded with every reveal).
SEE_GIFT_SENDER = "halte.see_gift_sender"
# Search the audit trail of the organisation.
SEARCH_AUDIT = "halte.search_audit"
# Team figures: effort scores and response rates per week.
SEE_FIGURES = "halte.see_figures"
# Export everything held on one person, as a file.
EXPORT_PERSONAL_DATA = "halte.export_personal_data"
# Erase one person's personal data.
ERASE_PERSONAL_DATA = "halte.erase_personal_data"
# Change the organisation's own settings, members and API tokens.
MANAGE_ORGANISATION = "halte.manage_organisation"

Role = Membership.Role

ROLES_FOR: dict[str, frozenset[str]] = {
    WORK_CASES: frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN}),
    SEE_GIFT_SENDER: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    SEARCH_AUDIT: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    SEE_FIGURES: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    EXPORT_PERSONAL_DATA: frozenset({Role.ADMIN}),
    ERASE_PERSONAL_DATA: frozenset({Role.ADMIN}),
    MANAGE_ORGANISATION: frozenset({Role.ADMIN}),
}

User = AbstractBaseUser | AnonymousUser


def role_in(user: User, organisation: Organisation) -> str | None:
    """The user's role in this organisation, or None for a stranger or a deactivated account
    (django-rules, unlike Django's own backend, does not look at `is_active`)."""
    if not user.is_authenticated or not getattr(user, "is_active", False):
        return None
    if not isinstance(organisation, Organisation):
        return None
    role: str | None = (
        Membership.objects.filter(user_id=user.pk, organisation_id=organisation.pk)
        .values_list("role", flat=True)
        .first()
    )
    return role


def _holds_one_of(permission: str) -> Predicate:
    roles = ROLES_FOR[permission]
    name = permission.removeprefix("halte.")

    def holds(user: User, organisation: Organisation | None) -> bool:
        return organisation is not None and role_in(user, organisation) in roles

    return Predicate(holds, name=name)


for _permission in ROLES_FOR:
    permission_rules.add_rule(_permission, _holds_one_of(_permission))  # type: ignore[no-untyped-call]  # rules 3.5 leaves it unannotated


def organisations_where(user: User, permission: str) -> QuerySet[Organisation]:
    """Every organisation in which the user holds the permission: the list a page shows."""
    if not user.is_authenticated or not getattr(user, "is_active", False):
        return Organisation.objects.none()
    if getattr(user, "is_superuser", False):
        return Organisation.objects.all()
    return Organisation.objects.filter(
        members__user_id=user.pk, members__role__in=ROLES_FOR[permission]
    ).distinct()
