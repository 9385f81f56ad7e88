"""SLA targets per channel; the clocks themselves count business time (vocabulary.calendar)."""

# Defaults per channel in business minutes (a business day of 08:00-18:00 is 600 minutes).
DEFAULT_TARGETS: dict[str, tuple[int, int]] = {
    "email": (240, 1200),
    "web": (240, 1200),
    "tracking": (240, 1200),
    "phone": (60, 600),
    "desk": (240, 1200),
}
