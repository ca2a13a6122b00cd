"""The profile page's API section (see ``portal.extensions``): the person's tokens, and a new
token's key, shown once. The page is behind the second factor (TwoFactorMiddleware), so only a
verified session makes or sees them."""

from django.urls import reverse

from .models import ApiToken
from .views import FRESH_KEY


def context(request) -> dict:
    fresh = request.session.pop(FRESH_KEY, None)
    return {
        "api_tokens": list(ApiToken.objects.filter(user=request.user)),
        "api_fresh_token": fresh,
        "api_docs_url": reverse("api:docs"),
    }
