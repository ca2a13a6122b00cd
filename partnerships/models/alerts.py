"""E-mail alerts for the public: anyone may follow a board's papers, minutes and changes of
meeting without an account, once they confirm the address (partnerships.alerts)."""

import secrets

from django.db import models
from django.db.models.functions import Lower


def new_token() -> str:
    return secrets.token_urlsafe(32)


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


class Subscription(models.Model):
    """An address following one board. It receives nothing until confirmed through the link
    e-mailed to it; every alert carries a link that ends it without signing in."""

    board = models.ForeignKey(
        "partnerships.Board", on_delete=models.CASCADE, related_name="subscriptions"
    )
    email = models.EmailField("e-mail address")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["board", "email"]
        constraints = [
            models.UniqueConstraint(
                "board", Lower("email"), name="one_subscription_per_address_per_board"
            )
        ]

    def __str__(self):
        return f"{self.email} follows {self.board}"

    @property
    def active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None
