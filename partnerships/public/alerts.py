"""Public pages: e-mail alerts. Anyone may follow a public board by e-mail, with no account:
the sign-up page (its form is also on the board's page), the confirmation link's page, and
the unsubscribe link's page, which also takes the one-click POST mail programs send
(RFC 8058). A page reached by a link only ever shows a button: opening it changes nothing.

What the sign-up page says is the same whether the address is new, waiting for its
confirmation or already following, so it tells nobody who follows a board."""

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from portal.access import PUBLIC
from portal.forms import PortalForm
from portal.signin import Throttle, client_ip
from portal.views import PermissionMixin

from ..alerts import subscription_confirm, subscription_end, subscription_request
from ..models import Board, Subscription
from . import public_boards

# Sign-ups from one address (of a connection) an hour: enough for a household or an office,
# too few to mail-bomb anyone with confirmations.
SIGNUPS = Throttle("alerts-signup", limit=10, window=3600)
TOKEN_MAX = 64


class SubscribeForm(PortalForm):
    email = forms.EmailField(
        label="Your e-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "class": "form-control"}),
    )


def _board(pk):
    try:
        return public_boards().get(pk=pk)
    except (Board.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("No such page.") from exc


def _subscription(token, *, public_only: bool):
    if not isinstance(token, str) or not token or len(token) > TOKEN_MAX or "\x00" in token:
        raise Http404("No such page.")
    found = Subscription.objects.select_related("board").filter(token=token)
    if public_only:
        found = found.filter(board__in=public_boards())
    subscription = found.first()
    if subscription is None:
        raise Http404("No such page.")
    return subscription


def _breadcrumbs(board, label):
    return [(board.name, reverse("public:board", args=[board.pk])), (label, None)]


def masked(email: str) -> str:
    """The address as j•••@example.org: enough for its owner to know it, little for others."""
    name, _, domain = email.partition("@")
    return f"{name[:1]}•••@{domain}"


class SubscribeView(PermissionMixin, View):
    """Sign up for a public board's alerts. The confirmation is e-mailed at most once a day."""

    access_rule = PUBLIC

    def get(self, request, pk):
        return self.page(request, _board(pk), SubscribeForm())

    def post(self, request, pk):
        board = _board(pk)
        form = SubscribeForm(request.POST)
        if not form.is_valid():
            return self.page(request, board, form)
        ip = client_ip(request)
        if SIGNUPS.blocked(ip):
            form.add_error(
                None,
                "There have been too many sign-ups from your connection in the last hour. "
                f"Please try again in {SIGNUPS.minutes} minutes.",
            )
            return self.page(request, board, form)
        SIGNUPS.failed(ip)
        subscription_request(board=board, email=form.cleaned_data["email"])
        return render(
            request,
            "public/subscribe_sent.html",
            {"board": board, "breadcrumbs": _breadcrumbs(board, "E-mail alerts")},
        )

    def page(self, request, board, form):
        return render(
            request,
            "public/subscribe_form.html",
            {
                "board": board,
                "subscribe_form": form,
                "breadcrumbs": _breadcrumbs(board, "E-mail alerts"),
            },
        )


class SubscriptionConfirmView(PermissionMixin, View):
    """The confirmation link: a page with the button that starts the alerts."""

    access_rule = PUBLIC

    def get(self, request, token):
        subscription = _subscription(token, public_only=True)
        return render(
            request,
            "public/subscribe_confirm.html",
            {
                "subscription": subscription,
                "board": subscription.board,
                "address": masked(subscription.email),
                "breadcrumbs": _breadcrumbs(subscription.board, "Confirm e-mail alerts"),
            },
        )

    def post(self, _request, token):
        subscription_confirm(subscription=_subscription(token, public_only=True))
        return redirect("public:subscription_confirm", token=token)


# Mail programs unsubscribe with a POST of their own (RFC 8058 one-click), with no CSRF
# token; the unguessable token in the address is what proves the right to unsubscribe.
@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(PermissionMixin, View):
    """The unsubscribe link of every alert: a one-button page, and the one-click POST. It
    works for a board that has since stopped being public, too."""

    access_rule = PUBLIC

    def get(self, request, token):
        return self.page(
            request, _subscription(token, public_only=False), "public/unsubscribe.html"
        )

    def post(self, request, token):
        subscription = subscription_end(subscription=_subscription(token, public_only=False))
        return self.page(request, subscription, "public/unsubscribe_done.html")

    def page(self, request, subscription, template):
        board = subscription.board
        return render(
            request,
            template,
            {
                "subscription": subscription,
                "board": board,
                "address": masked(subscription.email),
                "breadcrumbs": (
                    _breadcrumbs(board, "Unsubscribe") if board.public else [("Unsubscribe", None)]
                ),
            },
        )


urlpatterns = [
    path("boards/<int:pk>/alerts/", SubscribeView.as_view(), name="subscribe"),
    path(
        "alerts/confirm/<str:token>/",
        SubscriptionConfirmView.as_view(),
        name="subscription_confirm",
    ),
    path("alerts/unsubscribe/<str:token>/", UnsubscribeView.as_view(), name="unsubscribe"),
]
