"""Response headers that tell the browser what a page may do, beside django-csp's policy."""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Sends ``Permissions-Policy``: the portal uses no camera, microphone, location or payment
    and so on, and says so, so that nothing embedded or injected can ask for them."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class NoStoreMiddleware:
    """Pages and files for a signed-in person (restricted papers, exempt reports, grant
    decisions) are never kept by the browser or a proxy: ``Cache-Control: no-store``, unless the
    view chose its own caching (a public stylesheet, say)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "private, no-store"
        return response
