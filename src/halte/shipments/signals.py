"""Signals other apps listen to, so shipments need not know who cares about them."""

from django.dispatch import Signal

# Sent inside the transaction that changed the derived state;
# kwargs: statuses (dict of shipment id → its new status).
shipment_states_changed = Signal()

# Sent inside the transaction that stored or enriched carrier events, whether or not the state
# changed (an older scan arriving late, a location added to a scan): what a parcel's timeline
# shows changed. kwargs: shipment_ids (frozenset of shipment ids).
shipment_timelines_changed = Signal()

# Sent by the tracking page for a parcel; kwargs: shipment, token (its signed tracking link's
# token). Apps beside or above the page (gifts) answer with HTML they rendered themselves
# (auto-escaped), or an empty string.
tracking_panels_wanted = Signal()
