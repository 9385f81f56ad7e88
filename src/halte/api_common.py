"""What every API router shares: the error shape, the statuses any call may answer, the throttle."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Schema
from ninja.throttling import AuthRateThrottle


class ErrorOut(Schema):
    detail: Any


# Every operation may answer these; documented so clients (and the fuzzer) know them.
COMMON_ERRORS: dict[int, Any] = {401: ErrorOut, 413: ErrorOut, 429: ErrorOut}


class TokenRateThrottle(AuthRateThrottle):
    """Requests per API token, at the rate configured now (HALTE_API_RATE), not at import."""

    def __init__(self) -> None:
        super().__init__(settings.HALTE_API_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = settings.HALTE_API_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)
