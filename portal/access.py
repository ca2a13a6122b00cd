"""The one access layer: resolve the object a URL names and check the rule for the action.

Every page declares its rule (see ``portal.views.PermissionMixin``): a page about one object
names who may see it (``view_permission``) and who may act on it (``permission_required`` for
every method, ``post_permission`` for what it does on POST); a page under a parent names the
parent's rules; a page about no object names its page rule; a page open to everyone says
``access_rule = PUBLIC`` and one for any signed-in person ``SIGNED_IN``. The answer is 404 when
the user may not see the object (so an id leaks nothing) and 403 only when they may see it but
not do what the page does. A page that declares nothing is refused, and the system check below
lists it at start-up.

This module imports no domain app: the rules themselves live in each app's ``permissions.py``.
"""

from collections.abc import Iterable

from django.core import checks
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

PUBLIC = "public"  # anyone, signed in or not (the ballot, sign-in, the levels stylesheet)
SIGNED_IN = "signed in"  # any signed-in person (their dashboard, their own meetings)


def check(user, obj, *, view: str | None = None, act: str | Iterable[str] | None = ()):
    """``obj`` if ``user`` may see it and do ``act`` with it: 404 if they may not see it, 403
    if they may see it but not act. With no view rule, the act rule is the view rule too, so
    a page that forgets one still answers 404 rather than showing the object."""
    acts = [act] if isinstance(act, str) else [a for a in (act or ()) if a]
    if not view and not acts:
        raise PermissionDenied("This page declares no access rule.")
    if not user.has_perm(view or acts[0], obj):
        raise Http404("No such page.")
    for rule in acts:
        if not user.has_perm(rule, obj):
            raise PermissionDenied
    return obj


def access(user, queryset, *, view: str | None = None, act=(), **lookup):
    """Resolve and check in one call (pretix's ``request.event``, Zulip's
    ``access_stream_by_id``): the object of ``queryset`` matching ``lookup``, checked by
    ``check``; 404 for one that does not exist, exactly as for one the user may not see."""
    try:
        obj = queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404("No such page.") from exc
    return check(user, obj, view=view, act=act)


def public(view):
    """Mark a function view (``SomeView.as_view()`` of a view outside the portal, such as
    Django's sign-in pages) as open to everyone."""
    view.access_rule = PUBLIC
    return view


def signed_in(view):
    """Mark a function view as open to any signed-in person (it checks that itself)."""
    view.access_rule = SIGNED_IN
    return view


def declared_rule(callback) -> str | None:
    """The rule a URL's view declares, or None."""
    view_class = getattr(callback, "view_class", None)
    declared = getattr(view_class, "declared_rule", None)
    if callable(declared):
        return declared()
    return getattr(callback, "access_rule", None) or getattr(view_class, "access_rule", None)


def walk(patterns, namespace: str | None = None):
    """(URL name, pattern) for every pattern, through includes; admin and unnamed patterns
    are named by their namespace and route so that nothing is skipped silently."""
    from django.urls import URLPattern, URLResolver

    for p in patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(x for x in (namespace, p.namespace) if x) or None
            yield from walk(p.url_patterns, ns)
        elif isinstance(p, URLPattern):
            name = p.name or f"<unnamed {p.pattern}>"
            yield (f"{namespace}:{name}" if namespace else name), p


def is_outside_the_portal(name: str, pattern) -> bool:
    """The admin site (its own staff checks) and static or media files."""
    if name.startswith("admin:"):
        return True
    module = getattr(pattern.callback, "__module__", "") or ""
    return module.startswith(("django.views.static", "django.contrib.staticfiles"))


def undeclared_views(patterns=None) -> list[str]:
    """The URL names whose views declare no access rule."""
    from django.urls import get_resolver

    patterns = get_resolver().url_patterns if patterns is None else patterns
    return sorted(
        name
        for name, pattern in walk(patterns)
        if not is_outside_the_portal(name, pattern) and declared_rule(pattern.callback) is None
    )


def check_every_view_declares_a_rule(**kwargs):
    return [
        checks.Error(
            f"The view of {name!r} declares no access rule.",
            hint="Give it view_permission / permission_required (portal.views.PermissionMixin) "
            "or mark it portal.access.PUBLIC or SIGNED_IN.",
            id="portal.E101",
        )
        for name in undeclared_views()
    ]
