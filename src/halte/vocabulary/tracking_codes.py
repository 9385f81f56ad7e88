"""What the carriers' tracking codes look like, and the check digits that prove one is real.

One place for both: the shipments app finds the parcel a customer means with it, the
understanding app reports the codes a message names. A code in a format with a check digit
that does not add up is not a code (a typo, an order number, a phone number), whoever asks.

The rules, per carrier:

- **UPU S10** (international post, PostNL `CC…NL`/`RR…NL`, bpost `CD…BE`): two letters, eight
  digits, a check digit, a country; the check digit weighs the eight digits 8 6 4 2 3 5 9 7,
  takes 11 minus the sum modulo 11, 10 becomes 0 and 11 becomes 5 (UPU standard S10).
- **PostNL 3S** (domestic): `3S`, a four-letter customer code, a 7- or 9-digit serial; no
  check digit.
- **DHL Express** waybill: ten digits, the last is the first nine modulo 7.
- **DHL Parcel Benelux** `JVGL…` and **DHL Parcel** `JJD…`: the prefix and digits; no check
  digit in the code people see.
- **DHL Paket** 20 digits `00…`: an SSCC, its last digit the GS1 modulo-10 check.
- **DPD**: the 14-digit parcel number; when the check character printed after it is given as
  well, it must satisfy ISO/IEC 7064 MOD 37,36.
- **GLS**: the 12-digit parcel number, eleven digits weighed 3 1 3 1 … from the left, plus one,
  and the check digit makes the sum a multiple of ten (GLS Uni-Box technical documentation).
- **bpost** domestic: 24 digits starting `3232`; no check digit.

Codes of digits only are also dates, amounts, phone and order numbers: in free text such a
code counts only when a word nearby names a parcel or a carrier (`needs_context`).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
_ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def s10_check_digit(serial: str) -> int:
    """The check digit of the eight-digit serial of a UPU S10 code."""
    total = sum(int(digit) * weight for digit, weight in zip(serial, _S10_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: 0, 11: 5}.get(check, check)


def _s10_valid(code: str) -> bool:
    return s10_check_digit(code[2:10]) == int(code[10])


def _mod7_valid(code: str) -> bool:
    return int(code[:-1]) % 7 == int(code[-1])


def gs1_check_digit(digits: str) -> int:
    """GS1 modulo 10: weights 3 and 1 alternating from the right of the digits before it."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return (10 - total % 10) % 10


def _sscc_valid(code: str) -> bool:
    return gs1_check_digit(code[2:-1]) == int(code[-1])


def gls_check_digit(digits: str) -> int:
    """The twelfth digit of a GLS parcel number: weights 3 1 3 1 … from the left, plus one."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(digits)) + 1
    return (10 - total % 10) % 10


def _gls_valid(code: str) -> bool:
    return gls_check_digit(code[:-1]) == int(code[-1])


def iso7064_mod37_36_check(text: str) -> str:
    """The check character ISO/IEC 7064 MOD 37,36 (hybrid system) adds to letters and digits."""
    product = 36
    for character in text:
        total = (product + _ALPHANUMERIC.index(character)) % 36 or 36
        product = (total * 2) % 37
    return _ALPHANUMERIC[(37 - product) % 36]


def _dpd_valid(code: str) -> bool:
    return iso7064_mod37_36_check(code[:-1]) == code[-1]


@dataclass(frozen=True)
class CodeFormat:
    name: str
    # The carrier slug (see vocabulary.carriers), or "" for international post of any country.
    carrier: str
    pattern: re.Pattern[str]
    check: Callable[[str], bool] | None = None
    needs_context: bool = False

    def accepts(self, code: str) -> bool:
        return bool(self.pattern.fullmatch(code)) and (self.check is None or self.check(code))

    def shaped_like(self, code: str) -> bool:
        return bool(self.pattern.fullmatch(code))


def _s10_carrier(country: str) -> str:
    return {"NL": "postnl", "BE": "bpost"}.get(country, "")


FORMATS: tuple[CodeFormat, ...] = (
    CodeFormat("UPU S10", "", re.compile(r"[A-Z]{2}\d{9}[A-Z]{2}"), _s10_valid),
    CodeFormat("PostNL 3S", "postnl", re.compile(r"3S[A-Z]{4}(?:\d{7}|\d{9})")),
    CodeFormat("DHL Parcel Benelux", "dhl", re.compile(r"JVGL\d{10,20}")),
    CodeFormat("DHL Parcel", "dhl", re.compile(r"JJD\d{10,24}")),
    CodeFormat("DHL Express", "dhl", re.compile(r"\d{10}"), _mod7_valid, needs_context=True),
    CodeFormat("DHL Paket SSCC", "dhl", re.compile(r"00\d{18}"), _sscc_valid, needs_context=True),
    CodeFormat("DPD", "dpd", re.compile(r"\d{14}"), needs_context=True),
    CodeFormat("DPD", "dpd", re.compile(r"\d{14}[0-9A-Z]"), _dpd_valid, needs_context=True),
    CodeFormat("GLS", "gls", re.compile(r"\d{12}"), _gls_valid, needs_context=True),
    CodeFormat("bpost", "bpost", re.compile(r"3232\d{20}"), needs_context=True),
)


@dataclass(frozen=True)
class RecognisedCode:
    code: str
    carrier: str  # "" when the format says no carrier (international post of another country)
    format: str
    checked: bool  # a check digit proved it
    needs_context: bool


def recognise(code: str) -> RecognisedCode | None:
    """The carrier format a compact, upper-case code is in, or None when none accepts it."""
    for candidate in FORMATS:
        if candidate.accepts(code):
            carrier = _s10_carrier(code[-2:]) if candidate.name == "UPU S10" else candidate.carrier
            return RecognisedCode(
                code, carrier, candidate.name, candidate.check is not None, candidate.needs_context
            )
    return None


def fails_its_check(code: str) -> bool:
    """True when the code has the shape of a checked format but the check digit is wrong and
    no other format takes it: a mistyped or invented number, never a code."""
    checked_shapes = [f for f in FORMATS if f.check is not None and f.shaped_like(code)]
    return bool(checked_shapes) and recognise(code) is None


# A run of letters and digits (digits may be grouped with single spaces) at least ten long
# with four digits in it: what a tracking code looks like before any carrier is asked.
_TOKEN = re.compile(r"(?<![A-Z0-9@._-])(?=[A-Z0-9]*\d{4})[A-Z0-9]{10,34}(?![A-Z0-9@_])")


@dataclass(frozen=True)
class CodeSpan:
    code: str  # compact, upper case
    start: int
    end: int


def code_shaped(text: str, limit: int = 20) -> list[CodeSpan]:
    """Tokens shaped like a tracking code of any carrier (also a shop's own generic codes), in
    order, without the ones a check digit refutes. Positions are in `text`."""
    upper = text.upper()
    # "0522 2111 8300 99": spaces between digits are kept out of the way by matching on a copy
    # without them and mapping positions back.
    compact_chars: list[str] = []
    positions: list[int] = []
    for index, character in enumerate(upper):
        if character == " " and _joins_code_parts(upper, index):
            continue
        compact_chars.append(character)
        positions.append(index)
    compact = "".join(compact_chars)
    found: list[CodeSpan] = []
    seen: set[str] = set()
    for match in _TOKEN.finditer(compact):
        code = match.group()
        if code in seen or fails_its_check(code):
            continue
        seen.add(code)
        found.append(CodeSpan(code, positions[match.start()], positions[match.end() - 1] + 1))
        if len(found) >= limit:
            break
    return found


def _joins_code_parts(text: str, index: int) -> bool:
    """A single space between two digits: codes read aloud or copied are grouped."""
    if index == 0 or index + 1 >= len(text):
        return False
    before, after = text[index - 1], text[index + 1]
    return before.isdigit() and after.isdigit()
