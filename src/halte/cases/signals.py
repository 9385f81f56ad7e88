"""What cases announce, so the apps above them need not be called from here."""

from django.dispatch import Signal

# After commit: a case became resolved or closed (case_id=<pk>). Not sent for a case that was
# settled already, nor for a proactive notice created settled (nothing was sorted out there).
case_resolved = Signal()
