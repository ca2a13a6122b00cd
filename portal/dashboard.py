"""The home page: the panels each app offers the signed-in user, gathered in one place.

The portal itself knows no domain: every panel comes from an app's ``dashboard`` module
(``partnerships`` first, then the area apps), which exposes ``panels(user) -> list[dict]`` or
``panel(user) -> dict | None``. A panel is a dict with a ``template`` (rendered with the dict as
``panel``) and, optionally, an ``order``: panels that ask something of the user come first
(the default, 50), those that only inform later (e.g. 90); equal orders keep the apps' order.
"""

from .extensions import AREA_APPS, app_modules
from .models import Job
from .roles import roles_of

# The register's app offers its panels first: the meetings, papers and reports of the day.
DASHBOARD_APPS = ["partnerships", *AREA_APPS]
DEFAULT_ORDER = 50


def panels_for(user) -> list[dict]:
    found = []
    for module in app_modules("dashboard", apps=DASHBOARD_APPS):
        if hasattr(module, "panels"):
            found += [panel for panel in module.panels(user) if panel]
        elif panel := module.panel(user):
            found.append(panel)
    return sorted(found, key=lambda panel: panel.get("order", DEFAULT_ORDER))


def dashboard_for(user) -> dict:
    return {
        "roles": sorted(roles_of(user)),
        "recent_jobs": list(Job.objects.for_user(user)[:5]),
        "panels": panels_for(user),
    }
