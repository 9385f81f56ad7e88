"""What carrier feeds announce, so that background work can be queued by the task layer."""

from django.dispatch import Signal

# After commit: polls for these shipments are due (shipment_ids=[...]).
polls_due = Signal()
# After commit: an admin gave a carrier code a (new) meaning (carrier_code_id=...).
code_mapped = Signal()
