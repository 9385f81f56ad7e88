"""Carriers: which carriers Halte knows and how their codes map onto the status vocabulary."""
