import io
import re

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from pypdf import PdfReader

from partnerships import demo, sections
from partnerships.models import Partnership
from workprogramme import seed
from workprogramme.models import RiskLog, Task, TaskLink, WorkProgramme

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_data():
    call_command("seed_demo", "--no-users", stdout=io.StringIO())
    return WorkProgramme.objects.get(title="Work Programme 2007/08")


def test_seed_demo_gives_document_003s_programme_with_its_levels(demo_data):
    programme = demo_data
    assert programme.partnership.name == demo.CCP == "Communities of Cheshire Partnership"
    levels = {
        level: sorted(programme.tasks.filter(priority=level).values_list("number", flat=True))
        for level in (1, 2, 3)
    }
    assert levels == {
        1: [2, 3, 5, 7, 8, 9, 10, 11, 12, 17],
        2: [13, 15, 16],
        3: [1, 4, 6, 14, 18],
    }
    tasks = list(programme.tasks.select_related("current_assessment__matrix"))
    assert len(tasks) == 18
    # Through the default matrix, not through overrides.
    for task in tasks:
        a = task.current_assessment
        assert a.override_priority is None and a.computed_priority == task.priority
        assert a.matrix.is_default and a.matrix.level_for(a.likelihood, a.impact) == a.level
    assert sorted(t.number for t in tasks if t.audit_commission) == [7, 9, 10, 11, 13, 15, 17, 18]
    assert all(t.lead_organisation is None for t in tasks)
    eight = programme.tasks.get(number=8)
    assert eight.title == "Develop strategic approach to commissioning for LAA delivery"
    assert eight.comments.startswith("High priority. Important to co-ordinate approaches")
    assert set(TaskLink.objects.values_list("from_task__number", "kind", "to_task__number")) == {
        (2, "incorporates", 3),
        (11, "incorporates", 10),
        (13, "depends_on", 11),
        (17, "supports", 3),
    }
    log = RiskLog.objects.get(name="Ambition for All refresh")
    assert log.partnership.name == demo.LEADERS and log.risks.count() >= 4
    assert log.risks.filter(actions__isnull=False).exists()
    assert seed.load() == 0  # a second run adds nothing


def test_the_demo_programme_page_shows_the_levels_and_shortlist(demo_data, client_for, officer):
    programme = demo_data
    client = client_for(officer)
    content = client.get(programme.get_absolute_url()).content.decode()
    assert (
        "18 tasks: <strong>10</strong> at priority 1, <strong>3</strong> at priority 2, "
        "<strong>5</strong> at priority 3" in content
    )
    shortlist = client.get(f"/work-programmes/{programme.pk}/shortlist/")
    # Tasks 3 and 10 are merged into 2 and 11, as the document proposes: they show with them.
    assert [t.number for t in shortlist.context["tasks"]] == [2, 8, 9, 11, 12, 17]
    assert [t.number for t in shortlist.context["merged"]] == [3, 10]
    content = shortlist.content.decode()
    assert "the 6 tasks whose deferral" in content
    assert "Incorporates <a" in content and "merged into another task" in content


def test_the_demo_shortlist_is_document_003s_six_in_its_order_and_grouping(
    demo_data, client_for, officer
):
    """Document 003: "the following shortlist of level 1 priorities emerged" — 2 (with 3), 8,
    9, 11 (with 10), 12 and 17; 5 and 7 are left off as "already being addressed with the
    LAA" but stay on the programme."""
    programme = demo_data
    response = client_for(officer).get(
        reverse("workprogramme:programme_shortlist", args=[programme.pk])
    )
    entries = [
        (t.number, [link.to_task.number for link in t.incorporates])
        for t in response.context["tasks"]
    ]
    assert entries == [(2, [3]), (8, []), (9, []), (11, [10]), (12, []), (17, [])]
    assert [t.number for t in response.context["in_hand_elsewhere"]] == [5, 7]
    content = response.content.decode()
    rows = re.findall(r'<th scope="row"[^>]*><a href="[^"]+">(\d+)\. ', content)
    assert rows == ["2", "8", "9", "11", "12", "17"]
    assert "Already being addressed with the LAA" in content
    for number in (5, 7):
        task = programme.tasks.get(number=number)
        assert task.status == Task.Status.IN_HAND_ELSEWHERE
        assert task.status_reason == "Already being addressed with the LAA"
        assert "already being addressed with the LAA" in task.comments
        assert task.priority == 1
    assert sorted(programme.tasks.level_one_shortlist().values_list("number", flat=True)) == [
        2,
        3,
        8,
        9,
        10,
        11,
        12,
        17,
    ]
    assert programme.tasks.count() == 18


def test_sections_are_registered_with_one_choice_per_programme_and_log(demo_data):
    choices = dict(sections.choices())
    programme = demo_data
    key = f"workprogramme.priorities:{programme.pk}"
    assert choices[key] == (
        "Work programme priorities: Work Programme 2007/08 (Communities of Cheshire Partnership)"
    )
    log = RiskLog.objects.get()
    assert f"workprogramme.heat_map:log-{log.pk}" in choices
    assert f"workprogramme.heat_map:programme-{programme.pk}" in choices


def _render(choice):
    class Report:
        live_sections = [choice]

    return str(sections.render_sections(Report()))


def test_the_priorities_section_is_document_003s_appendix_on_screen_and_in_pdf(demo_data):
    from partnerships.packs import render_pdf

    programme = demo_data
    html = _render(f"workprogramme.priorities:{programme.pk}")
    assert "<h3>Work programme priorities</h3>" in html
    assert "Key Task / Activity" in html and "Priority Level" in html and "Comments" in html
    assert (
        "7. Increase understanding of community cohesion issues in the county "
        "(Audit Commission)" in html
    )
    assert html.count("<tr") == 19
    from partnerships.models import Report

    report = Report.objects.select_related("agenda_item").first()
    report.live_sections = [f"workprogramme.priorities:{programme.pk}"]
    page = render_to_string(
        "partnerships/pdf/report.html", {"report": report, "item": report.agenda_item}
    )
    assert html.split("</h3>", 1)[1].strip()[:40] in page
    pdf = render_pdf(page)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Key Task / Activity" in text and "Create a Best Practice Forum" in text
    assert "Important but not an immediate priority." in text


def test_the_heat_map_section_counts_the_open_risks(demo_data):
    log = RiskLog.objects.get()
    html = _render(f"workprogramme.heat_map:log-{log.pk}")
    assert "<h3>Risk heat map</h3>" in html and "<caption>" in html
    assert f"{log.risks.filter(status='open').count()} open risks by likelihood" in html
    assert "<a href" not in html  # no links inside a pack
    assert "no longer exists" in _render("workprogramme.heat_map:log-999999")
    assert "no longer" in _render("workprogramme.heat_map:nonsense")
    assert "no longer exists" in _render("workprogramme.priorities:999999")


def test_seed_needs_nothing_but_the_register(db):
    call_command("seed_demo", "--no-users", stdout=io.StringIO())
    ccp = Partnership.objects.get(name=demo.CCP)
    assert not ccp.supporting_officers.exists()  # no demo officer to add
    assert Task.objects.filter(programme__partnership=ccp).count() == 18


def test_in_the_pdf_no_task_is_split_across_pages_and_the_heat_map_stays_whole(demo_data):
    """Long comments (task 1's, task 10's) once broke rows over two pages, and the heat map's
    caption was left at the foot of a page without its grid."""
    from partnerships.models import Report
    from partnerships.packs import render_pdf

    programme = demo_data
    report = Report.objects.select_related("agenda_item").first()
    report.live_sections = [
        f"workprogramme.priorities:{programme.pk}",
        f"workprogramme.heat_map:programme-{programme.pk}",
        f"workprogramme.heat_map:log-{RiskLog.objects.get().pk}",
    ]
    page = render_to_string(
        "partnerships/pdf/report.html", {"report": report, "item": report.agenda_item}
    )
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(page))).pages]
    squeezed = ["".join(p.split()) for p in pages]  # lines wrap anywhere, "co-" "ordination"

    def pages_with(text):
        text = "".join(text.split())
        return [n for n, p in enumerate(squeezed) if text in p]

    def page_of(text):
        found = pages_with(text)
        assert len(found) == 1, (text, found)
        return found[0]

    for task in programme.tasks.order_by("number"):
        first = f"{task.number}. " + " ".join(task.title.split()[:2])
        last = " ".join(task.comments.split()[-4:])
        assert page_of(first) in pages_with(last), task.number
    caption = page_of("Communities of Cheshire Partnership Work Programme 2007/08 – key tasks")
    assert caption == page_of("1. Finalise the")
    for subject in ("18 tasks by likelihood", "open risks by likelihood"):
        assert "Key:Highpriority1" in squeezed[page_of(subject)]
        assert "5.Almostcertain" in squeezed[page_of(subject)]
