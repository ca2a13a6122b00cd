"""Honest answers when a request cannot be served: the database is out of reach (503), or the
address has characters no page can use (400)."""

import logging
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseBadRequest
from django.template import loader

from .validators import has_unstorable

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def unavailable_response() -> HttpResponse:
    # A static page: no request context, so no context processor, session or user touches
    # the database that is not there.
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@receiver(got_request_exception, dispatch_uid="portal.middleware.database_unavailable")
def _note_database_failure(request=None, **kwargs):
    """Errors raised outside the view (saving the session, say) are turned into a 500 by the
    middleware they came from; note the cause so the middleware below can answer 503."""
    if request is not None and isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        request.portal_database_unavailable = True


class DatabaseUnavailableMiddleware:
    """With the database out of reach, every page answers 503 "try again shortly" with a
    Retry-After header, not a 500. High in MIDDLEWARE, so that failures in the session and
    authentication middleware below it are caught too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "portal_database_unavailable", False):
            return unavailable_response()
        return response

    def process_exception(self, _request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.error("The database is unavailable: %s", exception)
            return unavailable_response()
        return None


class UnreadableQueryMiddleware:
    """A NUL character (or a lone surrogate) in the query string is refused with 400 and a
    plain message, except on filtered lists, whose filter form says so on the field."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, _view_args, _view_kwargs):
        if not any(has_unstorable(k) or has_unstorable(v) for k, v in request.GET.lists()):
            return None
        view_class = getattr(view_func, "view_class", None)
        if view_class is not None and getattr(view_class, "filterset_class", None):
            return None
        return HttpResponseBadRequest(
            loader.render_to_string("400.html"), content_type="text/html; charset=utf-8"
        )
