"""A carrier account saved or deleted: this process reads the accounts afresh at the next push."""

from typing import Any

from django.db.models.signals import post_delete, post_save

from halte.carriers.models import CarrierAccount
from halte.feeds.queries import forget_push_accounts


def forget_accounts(sender: Any, **kwargs: Any) -> None:
    forget_push_accounts()


def connect() -> None:
    post_save.connect(forget_accounts, sender=CarrierAccount, dispatch_uid="halte.feeds.saved")
    post_delete.connect(forget_accounts, sender=CarrierAccount, dispatch_uid="halte.feeds.gone")
