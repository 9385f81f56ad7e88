"""Carrier pushes are accepted by the webhook and stored by the drainer: tests drain at once."""

from dataclasses import asdict

from halte.feeds.actions import DrainOutcome, drain_pushes_once


def drained() -> dict[str, int]:
    """Drain every waiting push now; what was stored, in the batch answer's words."""
    total = DrainOutcome()
    while (outcome := drain_pushes_once()).pushes > outcome.failed:
        for name, value in asdict(outcome).items():
            setattr(total, name, getattr(total, name) + value)
    if outcome.failed:
        total.failed += outcome.failed
    return asdict(total)
