"""What the returns app announces, always after the transaction that decided it commits.

- `return_opened(return_id: int, reason: str)`: a return exists (customer-started or refused
  at the door); `reason` is the reason code, e.g. "damaged".
- `return_settled(return_id: int)`: the shop refunded, sent a replacement or refused.
"""

from django.dispatch import Signal

return_opened = Signal()
return_settled = Signal()
