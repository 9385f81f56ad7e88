"""Webhooks out: the events Halte tells organisations' systems about."""
