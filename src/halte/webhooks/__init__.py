"""Webhooks out: telling a webshop or carrier what changed, signed, from an outbox."""
