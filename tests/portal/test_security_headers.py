"""The browser is told what a page may do: a Content-Security-Policy that allows nothing
inline, a Permissions-Policy, and pages written so that they keep working under both."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from workprogramme.models import RiskLevel

from ..workprogramme.factories import WorkProgrammeFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {
        part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else ""
        for part in (p.strip() for p in header.split(";"))
        if part
    }


@pytest.mark.parametrize(
    ("who", "url"),
    [
        (None, "/accounts/login/"),
        ("officer", "/"),
        ("officer", "/partnerships/"),
        ("administrator", "/admin/"),
    ],
)
def test_pages_carry_a_strict_policy(client, request, who, url):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(url)
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "unsafe" not in response.headers["Content-Security-Policy"]
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]


INLINE = [
    (re.compile(r"\sstyle\s*=", re.I), "a style attribute"),
    (re.compile(r"<style", re.I), "a <style> element"),
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an inline event handler"),
]


def test_no_page_template_holds_inline_script_or_style():
    """Templates for the browser keep their scripts and styles in static files (PDF templates,
    rendered by WeasyPrint, are not served to browsers and may keep theirs)."""
    found = []
    for path in TEMPLATES.rglob("*.html"):
        if "pdf" in path.relative_to(TEMPLATES).parts:
            continue
        text = path.read_text()
        for pattern, what in INLINE:
            if pattern.search(text):
                found.append(f"{path.relative_to(TEMPLATES)}: {what}")
    assert found == []


def test_level_colours_come_from_a_stylesheet(client, officer, django_assert_max_num_queries):
    programme = WorkProgrammeFactory()
    level = programme.matrix.levels.first()
    with django_assert_max_num_queries(1):
        response = client.get(reverse("workprogramme:levels_css"))
    assert response.status_code == 200  # anonymous: it holds colours only
    assert response["Content-Type"].startswith("text/css")
    css = response.content.decode()
    assert (
        f".level-{level.pk} {{ background-color: {level.colour}; color: {level.text_colour}; }}"
        in css
    )

    again = client.get(reverse("workprogramme:levels_css"), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304

    client.force_login(officer)
    page = client.get(reverse("workprogramme:programme_heat_map", args=[programme.pk]))
    assert reverse("workprogramme:levels_css").encode() in page.content
    assert b"level-swatch level-" in page.content


def test_a_colour_written_around_the_model_never_reaches_the_stylesheet(client):
    programme = WorkProgrammeFactory()
    level = programme.matrix.levels.first()
    RiskLevel.objects.filter(pk=level.pk).update(colour="red}*{x")
    css = client.get(reverse("workprogramme:levels_css")).content.decode()
    assert f".level-{level.pk} " not in css and "red}" not in css


def test_pages_for_a_signed_in_person_are_never_stored(client, officer):
    client.force_login(officer)
    assert client.get("/").headers["Cache-Control"] == "private, no-store"
    assert client.get("/partnerships/").headers["Cache-Control"] == "private, no-store"
    # A view that chose its own caching keeps it: the levels stylesheet holds colours only.
    css = client.get(reverse("workprogramme:levels_css"))
    assert css.headers["Cache-Control"] == "public, max-age=300"


def test_packs_get_the_same_level_colours_as_the_browser():
    from portal.pdf import BASE_URL, resolve_portal_file

    level = WorkProgrammeFactory().matrix.levels.first()
    found = resolve_portal_file(BASE_URL + reverse("workprogramme:levels_css").lstrip("/"))
    assert f".level-{level.pk} {{ background-color: {level.colour};".encode() in found["body"]
    assert found["headers"]["Content-Type"] == "text/css"
    with pytest.raises(ValueError):
        resolve_portal_file(BASE_URL + "work-programmes/")  # a page is not a stylesheet
