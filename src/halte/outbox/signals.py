"""What the outbox announces: a dispatch is due (the task layer queues its sending), or one
failed for good (a person must act)."""

from django.dispatch import Signal

# Sent with dispatch_id=<pk> once a dispatch has used its last attempt or was refused for good.
dispatch_failed = Signal()

# After commit: this dispatch may be sent now (dispatch_id=<pk>).
dispatch_due = Signal()
