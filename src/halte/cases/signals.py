"""What cases announce, for the apps above them to answer or act on."""

from django.dispatch import Signal

# Sent while an acknowledgement is written, with `case` (its reason and parcel set). The app
# that owns a self-service page for that reason (selfservice) answers with (label, url) of a
# signed link for the case's customer, or None. Cases cannot build those links themselves: the
# pages and their signatures live above them.
self_service_wanted = Signal()

# After commit: a case became resolved or closed (case_id=<pk>). Not sent for a case that was
# settled already, nor for a proactive notice created settled (nothing was sorted out there).
case_resolved = Signal()
