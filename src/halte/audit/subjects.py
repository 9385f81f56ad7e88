"""How a row of the audit trail names what was touched — never the personal data itself."""

import hashlib


def person_subject(email: str) -> str:
    """`person:<sha256 of the e-mail>`; the same address in any case or spacing, one subject."""
    normalised = email.strip().lower()
    return "person:" + hashlib.sha256(normalised.encode()).hexdigest()


def case_subject(case_id: int) -> str:
    return f"case:{case_id}"


def shipment_subject(shipment_id: int) -> str:
    return f"shipment:{shipment_id}"
