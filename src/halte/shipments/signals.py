"""Signals other apps listen to, so shipments need not know who cares about them."""

from django.dispatch import Signal

# Sent inside the transaction that changed the derived state;
# kwargs: statuses (dict of shipment id → its new status).
shipment_states_changed = Signal()
