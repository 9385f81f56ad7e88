"""What the outbox tells the rest of Halte: a dispatch failed for good, so a person must act."""

from django.dispatch import Signal

# Sent with dispatch_id=<pk> once a dispatch has used its last attempt or was refused for good.
dispatch_failed = Signal()
