"""The portal's areas beyond the register plug into shared pages through modules of their own.

An app in ``AREA_APPS`` may provide any of:

- ``<app>.seed`` with ``load() -> int``: its demo data, loaded by ``seed_demo`` (in this order,
  so an app may use what an earlier one loaded); returns the number of records added.
- ``<app>.dashboard`` with ``panel(user) -> dict | None``: a home-page panel, a dict with
  ``template`` (rendered with the dict as ``panel``) or ``None`` when the user has nothing there.
- ``<app>.profile`` with ``context(request) -> dict``: what the app adds to the person's profile
  page (the API's tokens); apps in ``PROFILE_APPS``.
- ``<app>.benchmarks`` with ``run(bench, client, officer, repeat)``: extra measurements for
  ``manage.py benchmark``; ``bench.time_pages(client, {label: (url, query)}, repeat)`` and
  ``bench.report(label, timings, ...)`` print the figures in the shared format.
"""

from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

AREA_APPS = ["workprogramme", "grants", "compact"]
# The profile page is partnerships'; the API sits above it and adds its tokens from here, so that
# partnerships never imports the API.
PROFILE_APPS = ["api"]


def app_modules(name: str, apps=None) -> list[ModuleType]:
    """``<app>.<name>`` for each area app (or each of ``apps``) that has one, in order."""
    modules = []
    for app in AREA_APPS if apps is None else apps:
        if find_spec(f"{app}.{name}") is not None:
            modules.append(import_module(f"{app}.{name}"))
    return modules
