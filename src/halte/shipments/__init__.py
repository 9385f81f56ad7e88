"""Shipments, their orders and the carrier events that tell where they are."""
