"""The carriers Halte accepts events from, and the Halte codes every carrier may send."""

from dataclasses import dataclass

from halte.vocabulary.status import DeliveryPlace, FailureReason, Status


@dataclass(frozen=True)
class Carrier:
    slug: str
    name: str


CARRIERS: dict[str, Carrier] = {
    c.slug: c
    for c in (
        Carrier("postnl", "PostNL"),
        Carrier("dhl", "DHL"),
        Carrier("dpd", "DPD"),
        Carrier("gls", "GLS"),
        Carrier("bpost", "bpost"),
        Carrier("generic", "Halte generic format"),
    )
}
# For model fields: the slug stored, the name shown.
CARRIER_CHOICES = [(c.slug, c.name) for c in CARRIERS.values()]


@dataclass(frozen=True)
class Meaning:
    """What a carrier code means in Halte's vocabulary."""

    status: Status
    place: DeliveryPlace | None = None
    reason: FailureReason | None = None


def _halte_codes() -> dict[str, Meaning]:
    """The generic format: a status, or status.place / status.reason, e.g. `delivered.mailbox`."""
    codes = {s.value: Meaning(s) for s in Status if s is not Status.UNMAPPED}
    for place in DeliveryPlace:
        codes[f"{Status.DELIVERED.value}.{place.value}"] = Meaning(Status.DELIVERED, place=place)
    for reason in FailureReason:
        codes[f"{Status.DELIVERY_FAILED.value}.{reason.value}"] = Meaning(
            Status.DELIVERY_FAILED, reason=reason
        )
    return codes


# Every carrier may send these; an integrator that normalises its own feed uses them.
HALTE_CODES: dict[str, Meaning] = _halte_codes()


def normalise_code(code: str) -> str:
    """The one form a carrier code is looked up and counted by: no surrounding space, lower case.

    Carriers send their codes in whatever case and padding their systems produce (`" j05 "`,
    `u02`); the code as sent is kept for display, this form is what is compared.
    """
    return code.strip().lower()
