"""Carrier feeds: what carriers push and what Halte polls become shipment events, and an
admin's new code mapping re-reads the events already stored. Above carriers (the adapters and
code tables) and shipments (the events and the state derived from them)."""
