from django.urls import NoReverseMatch, reverse

from .permissions import is_administrator, is_officer

# The areas of the portal. An area whose pages have not been built yet has no URL name and
# shows in the navigation as unavailable, rather than as a link to an empty page.
AREAS = [
    ("partnerships", "Partnerships", "partnerships:partnership_list"),
    ("meetings", "Meetings", "partnerships:my_meetings"),
    ("workprogramme", "Work programmes", "workprogramme:programme_list"),
    ("grants", "Grants", "grants:fund_list"),
    ("compact", "Compact", "compact:compact_list"),
]


MEETING_PAGES = {"my_meetings", "meeting_list", "meeting_detail", "report_detail", "meeting_edit"}
# Officers and administrators open the list of every board's meetings; members and partner
# contacts their own meetings, with their packs.
STAFF_AREA_PAGES = {"meetings": "partnerships:meeting_list"}


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"nav_areas": []}
    match = getattr(request, "resolver_match", None)
    current = match.namespace if match else ""
    if match and match.url_name in MEETING_PAGES:
        current = "meetings"
    areas = []
    staff = is_officer(request.user) or is_administrator(request.user)
    for key, label, url_name in AREAS:
        if staff:
            url_name = STAFF_AREA_PAGES.get(key, url_name)
        try:
            url = reverse(url_name) if url_name else None
        except NoReverseMatch:
            url = None
        areas.append({"key": key, "label": label, "url": url, "current": key == current})
    return {"nav_areas": areas}
