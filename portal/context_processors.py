from django.urls import NoReverseMatch, reverse

# The areas of the portal. An area whose pages have not been built yet has no URL name and
# shows in the navigation as unavailable, rather than as a link to an empty page.
AREAS = [
    ("partnerships", "Partnerships", "partnerships:partnership_list"),
    ("meetings", "Meetings", "partnerships:my_meetings"),
    ("workprogramme", "Work programmes", "workprogramme:programme_list"),
    ("grants", "Grants", "grants:fund_list"),
    ("compact", "Compact", "compact:compact_list"),
]


MEETING_PAGES = {"my_meetings", "meeting_detail", "report_detail", "meeting_edit"}


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"nav_areas": []}
    match = getattr(request, "resolver_match", None)
    current = match.namespace if match else ""
    if match and match.url_name in MEETING_PAGES:
        current = "meetings"
    areas = []
    for key, label, url_name in AREAS:
        try:
            url = reverse(url_name) if url_name else None
        except NoReverseMatch:
            url = None
        areas.append({"key": key, "label": label, "url": url, "current": key == current})
    return {"nav_areas": areas}
