import csv
import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.models import Job
from workprogramme.models import Task, TaskAssessment, TaskLink
from workprogramme.services import assessment_override, task_assess, task_link

from ..partnerships.factories import OrganisationFactory
from .factories import TaskFactory, WorkProgrammeFactory

pytestmark = pytest.mark.django_db

LIST = reverse("workprogramme:programme_list")


def assess(task, likelihood, impact, on=datetime.date(2007, 5, 17), by=None):
    return task_assess(
        task=task,
        likelihood=likelihood,
        impact=impact,
        rationale="Deferral would hurt",
        assessed_by="Improvement Sub-Group",
        assessed_on=on,
        by=by,
    )


# --- who may see and change what --------------------------------------------------------------


def test_the_list_shows_each_role_the_programmes_it_may_see(role_client, world):
    role, client = role_client
    response = client.get(LIST)
    expected = {"anonymous": 302, "no_role_user": 403}.get(role, 200)
    assert response.status_code == expected
    if expected == 200:
        titles = {p.title for p in response.context["programmes"]}
        if role in ("officer", "administrator"):
            assert titles == {"Health programme 2007/08", "Carlisle programme"}
        else:
            assert titles == {"Health programme 2007/08"}


def test_the_list_filters_by_partnership_and_status(client_for, officer, world):
    WorkProgrammeFactory(partnership=world["health"], title="Old draft", status="draft")
    client = client_for(officer)
    response = client.get(LIST, {"partnership": world["health"].pk})
    assert {p.title for p in response.context["programmes"]} == {
        "Health programme 2007/08",
        "Old draft",
    }
    response = client.get(LIST, {"status": "draft"})
    assert [p.title for p in response.context["programmes"]] == ["Old draft"]
    assert client.get(LIST, {"partnership": "nonsense", "page": "x"}).status_code in (200, 404)


@pytest.mark.parametrize(
    "who,which,read,edit",
    [
        ("officer", "", 200, 200),  # leads the partnership
        ("supporter", "", 200, 200),  # supports it
        ("stranger", "", 200, 403),  # another officer reads only
        ("administrator", "other_", 200, 200),
        ("board_member", "", 200, 403),  # sits on its board
        ("board_member", "other_", 404, 404),
        ("partner_contact", "", 200, 403),  # their organisation is represented
        ("partner_contact", "other_", 404, 404),
        ("no_role_user", "", 404, 404),
    ],
)
def test_programme_pages_per_role(request, client_for, world, who, which, read, edit):
    user = world.get(who) or request.getfixturevalue(who)
    client = client_for(user)
    programme, task = world[f"{which}programme"], world[f"{which}task"]
    assess(task, 3, 3)
    assessment = task.assessments.get()
    link = TaskLink.objects.create(
        from_task=task, kind="supports", to_task=TaskFactory(programme=programme, number=2)
    )
    for name in ["programme_detail", "programme_shortlist", "programme_heat_map"]:
        assert client.get(reverse(f"workprogramme:{name}", args=[programme.pk])).status_code == (
            read
        ), name
    assert client.get(task.get_absolute_url()).status_code == read
    assert client.get(reverse("workprogramme:programme_edit", args=[programme.pk])).status_code == (
        edit
    )
    for name, pk in [
        ("task_add", programme.pk),
        ("task_edit", task.pk),
        ("assessment_add", task.pk),
        ("link_add", task.pk),
        ("assessment_override", assessment.pk),
    ]:
        assert client.get(reverse(f"workprogramme:{name}", args=[pk])).status_code == edit, name
    remove = client.post(reverse("workprogramme:link_remove", args=[link.pk]))
    assert remove.status_code == (302 if edit == 200 else edit)
    history = {"officer": 200, "supporter": 200, "stranger": 200, "administrator": 200}.get(
        who, 404 if read == 404 else 403
    )
    for name, pk in [
        ("programme_history", programme.pk),
        ("task_history", task.pk),
        ("assessment_history", assessment.pk),
    ]:
        assert client.get(reverse(f"workprogramme:{name}", args=[pk])).status_code == history


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.get(world["programme"].get_absolute_url())
    assert response.url.startswith(reverse("login"))


def test_unknown_ids_are_404(client_for, officer):
    client = client_for(officer)
    for url in [
        "/work-programmes/999/",
        "/work-programmes/tasks/999/",
        "/work-programmes/999/heat-map/",
    ]:
        assert client.get(url).status_code == 404


def test_officers_add_programmes_only_for_partnerships_they_keep(client_for, world):
    client = client_for(world["stranger"])
    response = client.post(
        reverse("workprogramme:programme_add"),
        {
            "partnership": world["health"].pk,
            "title": "Sneaky programme",
            "period_start": "2008-04-01",
            "period_end": "2009-03-31",
            "status": "draft",
            "matrix": world["programme"].matrix_id,
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    client = client_for(world["supporter"])
    response = client.post(
        reverse("workprogramme:programme_add"),
        {
            "partnership": world["health"].pk,
            "title": "Work Programme 2008/09",
            "period_start": "2008-04-01",
            "period_end": "2008-03-31",
            "status": "draft",
            "matrix": world["programme"].matrix_id,
        },
    )
    assert "The period must not end before it starts." in response.content.decode()


# --- the programme page ----------------------------------------------------------------------


def test_tasks_are_listed_by_priority_with_filters(client_for, officer, world):
    programme = world["programme"]
    lead = OrganisationFactory(name="Cheshire County Council")
    tasks = {
        n: TaskFactory(programme=programme, number=n, title=f"Task number {n}") for n in range(2, 7)
    }
    tasks[1] = world["task"]
    Task.objects.filter(pk=tasks[4].pk).update(
        lead_organisation=lead, audit_commission=True, status="in_progress"
    )
    for n, (likelihood, impact) in {1: (1, 2), 2: (5, 5), 3: (3, 3), 4: (4, 4), 5: (2, 2)}.items():
        assess(tasks[n], likelihood, impact)
    client = client_for(officer)
    url = programme.get_absolute_url()
    response = client.get(url)
    assert [t.number for t in response.context["tasks"]] == [2, 4, 3, 1, 5, 6]
    content = response.content.decode()
    assert "<strong>2</strong> at priority 1" in content and "1 not yet assessed" in content

    def numbers(**query):
        return [t.number for t in client.get(url, query).context["tasks"]]

    assert numbers(priority="1") == [2, 4]
    assert numbers(priority="none") == [6]
    assert numbers(status="in_progress") == [4]
    assert numbers(lead_organisation=lead.pk) == [4]
    assert numbers(lead_organisation="null") == [2, 3, 1, 5, 6]
    assert numbers(audit_commission="true") == [4]
    assert numbers(q="number 3") == [3]
    # Bad query strings are tolerated, never a 500.
    assert client.get(url, {"likelihood": "abc", "priority": "9", "page": "zz"}).status_code in (
        200,
        404,
    )
    shortlist = client.get(reverse("workprogramme:programme_shortlist", args=[programme.pk]))
    assert [t.number for t in shortlist.context["tasks"]] == [2, 4]


def test_a_task_in_hand_elsewhere_is_off_the_shortlist_but_still_in_the_programme(
    client_for, officer, world
):
    programme = world["programme"]
    shortlisted = world["task"]
    elsewhere = TaskFactory(
        programme=programme,
        number=2,
        title="Equality impact assessment",
        status=Task.Status.IN_HAND_ELSEWHERE,
        status_reason="Already being addressed with the LAA",
    )
    assess(shortlisted, 5, 5)
    assess(elsewhere, 5, 5)
    elsewhere.refresh_from_db()
    assert elsewhere.priority == 1 and not elsewhere.on_shortlist
    assert list(programme.tasks.level_one_shortlist()) == [shortlisted]
    assert set(programme.tasks.needing_action()) == {shortlisted}
    client = client_for(officer)
    shortlist = client.get(reverse("workprogramme:programme_shortlist", args=[programme.pk]))
    assert [t.number for t in shortlist.context["tasks"]] == [1]
    assert [t.number for t in shortlist.context["in_hand_elsewhere"]] == [2]
    content = shortlist.content.decode()
    assert "the 1 task whose deferral" in content
    assert "in hand elsewhere" in content and "(Already being addressed with the LAA)" in content
    # Still on the programme: in its list, its counts and the status filter.
    url = programme.get_absolute_url()
    response = client.get(url)
    assert [t.number for t in response.context["tasks"]] == [1, 2]
    assert "<strong>2</strong> at priority 1" in response.content.decode()
    assert [
        t.number for t in client.get(url, {"status": "in_hand_elsewhere"}).context["tasks"]
    ] == [2]
    page = client.get(elsewhere.get_absolute_url()).content.decode()
    assert "In hand elsewhere (e.g. through the LAA): Already being addressed with the LAA" in page


def test_the_dashboard_does_not_flag_tasks_in_hand_elsewhere(client_for, officer, world):
    programme = world["programme"]
    _running_now(programme)
    assess(world["task"], 5, 5)
    assess(
        TaskFactory(
            programme=programme,
            number=2,
            title="Handled through the LAA",
            status=Task.Status.IN_HAND_ELSEWHERE,
        ),
        5,
        5,
    )
    content = client_for(officer).get("/").content.decode()
    assert "Health task" in content and "Handled through the LAA" not in content


def test_each_heat_map_cell_links_to_a_list_with_its_count(client_for, officer, world):
    programme = world["programme"]
    scores = [(5, 5), (5, 5), (4, 4), (3, 3), (1, 2), (1, 2), (1, 2)]
    for n, (likelihood, impact) in enumerate(scores, start=2):
        assess(TaskFactory(programme=programme, number=n), likelihood, impact)
    client = client_for(officer)
    page = client.get(reverse("workprogramme:programme_heat_map", args=[programme.pk]))
    content = page.content.decode()
    cells = re.findall(r'<a href="([^"]+)"[^>]*>(\d+)<span class="visually-hidden">', content)
    assert sorted(int(n) for _, n in cells) == [1, 1, 2, 3]
    for href, n in cells:
        listed = client.get(href.replace("&amp;", "&"))
        assert listed.context["page_obj"].paginator.count == int(n), href
    heat = page.context["heat_map"]
    assert heat.total == 7 and heat.outside == 0
    assert "<caption>" in content and 'scope="row"' in content and 'scope="col"' in content
    assert "High" in content and "Low" in content  # the level in words, not colour alone


def _counted(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_programme_and_heat_map_query_counts_do_not_grow_with_tasks(client_for, officer, world):
    programme = world["programme"]
    client = client_for(officer)
    urls = [
        programme.get_absolute_url(),
        reverse("workprogramme:programme_heat_map", args=[programme.pk]),
        reverse("workprogramme:programme_shortlist", args=[programme.pk]),
        LIST,
    ]

    def add(count, start):
        for n in range(start, start + count):
            task = TaskFactory(
                programme=programme, number=n, lead_organisation=OrganisationFactory()
            )
            assess(task, 1 + n % 5, 1 + (n * 3) % 5)

    add(4, 2)
    few = [_counted(client, url) for url in urls]
    add(45, 10)
    WorkProgrammeFactory.create_batch(10, partnership=world["health"])
    many = [_counted(client, url) for url in urls]
    assert few == many


# --- assessments, overrides, links -------------------------------------------------------------


def test_an_officer_assesses_and_a_score_outside_the_scale_is_refused(client_for, officer, world):
    task = world["task"]
    client = client_for(officer)
    url = reverse("workprogramme:assessment_add", args=[task.pk])
    form = {
        "likelihood": "6",
        "impact": "3",
        "rationale": "Deferral means no consultation",
        "assessed_by": "LAA Officer Group",
        "assessed_on": "2007-05-17",
    }
    response = client.post(url, form)
    assert response.status_code == 200
    assert "Likelihood must be between 1 and 5" in response.content.decode()
    assert not TaskAssessment.objects.exists()
    response = client.post(url, {**form, "likelihood": "4", "impact": "0"})
    assert not TaskAssessment.objects.exists()
    response = client.post(url, {**form, "likelihood": "4"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.priority == 1 and task.current_assessment.level.name == "High"


def test_reassessment_keeps_earlier_assessments(client_for, officer, world):
    task = world["task"]
    assess(task, 4, 4, on=datetime.date(2007, 5, 17))
    assess(task, 2, 2, on=datetime.date(2007, 11, 1))
    task.refresh_from_db()
    assert task.priority == 3
    response = client_for(officer).get(task.get_absolute_url())
    assert response.context["current"].assessed_on == datetime.date(2007, 11, 1)
    assert [a.assessed_on for a in response.context["earlier"]] == [datetime.date(2007, 5, 17)]
    content = response.content.decode()
    assert "Earlier assessments" in content and "4 × 4 = 16" in content


def test_an_override_needs_a_reason_and_shows_beside_the_computed_priority(
    client_for, officer, world
):
    task = world["task"]
    assessment = assess(task, 2, 2)  # low: priority 3
    client = client_for(officer)
    url = reverse("workprogramme:assessment_override", args=[assessment.pk])
    response = client.post(url, {"override_priority": "1", "override_reason": "  "})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    task.refresh_from_db()
    assert task.priority == 3
    response = client.post(
        url, {"override_priority": "1", "override_reason": "Statutory deadline in June"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.priority == 1
    content = client.get(task.get_absolute_url()).content.decode()
    assert "Priority 1" in content and "computed priority 3" in content
    assert "Statutory deadline in June" in content
    history = client.get(reverse("workprogramme:assessment_history", args=[assessment.pk]))
    assert "Priority overridden to 1: Statutory deadline in June" in history.content.decode()
    crumbs = [label for label, _ in history.context["breadcrumbs"]]
    assessment.refresh_from_db()
    assert crumbs[-3:] == [f"Task {task.number}", str(assessment), "History"]
    task_history = client.get(reverse("workprogramme:task_history", args=[task.pk]))
    assert "Statutory deadline in June" in task_history.content.decode()
    # Withdrawing it needs a reason too, and the computed priority stands again.
    assessment_override(assessment=assessment, priority=None, reason="Deadline moved", by=officer)
    task.refresh_from_db()
    assert task.priority == 3


def test_links_show_both_ways_and_refuse_itself_and_duplicates(client_for, officer, world):
    programme = world["programme"]
    two = TaskFactory(programme=programme, number=2, title="Determine new LAA outcomes")
    three = TaskFactory(programme=programme, number=3, title="Consultation strategy")
    client = client_for(officer)
    url = reverse("workprogramme:link_add", args=[two.pk])
    assert client.post(url, {"kind": "incorporates", "to_task": three.pk}).status_code == 302
    response = client.post(url, {"kind": "incorporates", "to_task": three.pk})
    assert "already linked in that way" in response.content.decode()
    response = client.post(url, {"kind": "supports", "to_task": two.pk})
    assert "Select a valid choice" in response.content.decode()
    other = world["other_task"]
    response = client.post(url, {"kind": "supports", "to_task": other.pk})
    assert "Select a valid choice" in response.content.decode()
    assert TaskLink.objects.count() == 1
    assert "Incorporates" in client.get(two.get_absolute_url()).content.decode()
    content = client.get(three.get_absolute_url()).content.decode()
    assert "Incorporated by" in content and "Determine new LAA outcomes" in content


def test_the_link_service_refuses_itself_and_another_programmes_task(officer, world):
    task, other = world["task"], world["other_task"]
    with pytest.raises(ValidationError) as itself:
        task_link(from_task=task, kind="supports", to_task=task, by=officer)
    assert itself.value.message_dict["to_task"] == ["A task cannot be linked to itself."]
    with pytest.raises(ValidationError) as across:
        task_link(from_task=task, kind="supports", to_task=other, by=officer)
    assert across.value.message_dict["to_task"] == ["Link tasks of the same work programme only."]
    assert TaskLink.objects.count() == 0


def test_task_form_refuses_negative_resources_and_duplicate_numbers(client_for, officer, world):
    client = client_for(officer)
    url = reverse("workprogramme:task_add", args=[world["programme"].pk])
    assert client.get(url).context["form"].initial["number"] == 2
    data = {
        "number": "1",
        "title": "Another",
        "status": "not_started",
        "staff_days": "-1",
        "budget": "0",
    }
    assert "greater than or equal to 0" in client.post(url, data).content.decode()
    content = client.post(url, {**data, "staff_days": "1"}).content.decode()
    assert "already has a task with that number" in content
    assert Task.objects.filter(programme=world["programme"]).count() == 1
    response = client.post(url, {**data, "number": "2", "staff_days": "4.5", "budget": "1500"})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "4.5 staff days; £1,500.00" in page and "To be identified" in page


def test_task_csv_export_holds_the_filtered_list(
    client_for, officer, world, django_capture_on_commit_callbacks
):
    programme = world["programme"]
    assess(world["task"], 5, 5)
    assess(TaskFactory(programme=programme, number=2), 1, 1)
    assess(world["other_task"], 5, 5)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(officer).post(
            reverse("workprogramme:task_export"), {"programme": programme.pk, "priority": "1"}
        )
    job = Job.objects.get()
    assert response.url == job.get_absolute_url()
    job.refresh_from_db()
    with job.file.open("rb") as f:
        rows = list(csv.DictReader(io.StringIO(f.read().decode("utf-8-sig"))))
    assert [(r["Number"], r["Priority"], r["Level"]) for r in rows] == [("1", "1", "High")]
    assert rows[0]["Lead organisation"] == "To be identified"


def _running_now(*programmes):
    today = timezone.localdate()
    for programme in programmes:
        programme.period_start = today - datetime.timedelta(days=100)
        programme.period_end = today + datetime.timedelta(days=265)
        programme.save()


def test_the_dashboard_leaves_out_programmes_that_have_ended_or_closed(client_for, officer, world):
    ended = world["programme"]  # 2007/08
    running = WorkProgrammeFactory(partnership=world["health"], title="Health programme now")
    closed = WorkProgrammeFactory(
        partnership=world["health"], title="Health programme closed early", status="closed"
    )
    _running_now(running, closed)
    assess(world["task"], 5, 5)
    assess(TaskFactory(programme=running, number=1, title="Task still to do"), 5, 5)
    assess(TaskFactory(programme=closed, number=1, title="Task of a closed programme"), 5, 5)
    assert ended.period_end < timezone.localdate()
    content = client_for(officer).get("/").content.decode()
    assert "Task still to do" in content
    assert "Health task" not in content and "Task of a closed programme" not in content


def test_officers_dashboard_lists_priority_one_tasks_and_overdue_reviews(
    client_for, officer, world
):
    from .factories import RiskFactory

    _running_now(world["programme"], world["other_programme"])
    assess(world["task"], 5, 5)
    assess(world["other_task"], 5, 5)
    RiskFactory(
        log=world["log"], title="Consultation challenged", review_date=datetime.date(2020, 1, 1)
    )
    content = client_for(officer).get("/").content.decode()
    assert "Work programmes and risk" in content
    assert "Health task" in content and "Carlisle task" not in content
    assert "Consultation challenged" in content
    stranger = client_for(world["stranger"]).get("/").content.decode()
    assert "Work programmes and risk" in stranger and "Health task" not in stranger


def test_task_page_and_forms_query_counts_do_not_grow(client_for, officer, world):
    programme, task = world["programme"], world["task"]
    client = client_for(officer)

    def grow(start, count):
        for n in range(start, start + count):
            other = TaskFactory(programme=programme, number=n)
            TaskLink.objects.create(from_task=task, kind="supports", to_task=other)
            TaskLink.objects.create(from_task=other, kind="depends_on", to_task=task)
            assess(task, 1 + n % 5, 1 + n % 4, on=datetime.date(2007, 1, 1) + datetime.timedelta(n))

    urls = [
        task.get_absolute_url(),
        reverse("workprogramme:task_edit", args=[task.pk]),
        reverse("workprogramme:assessment_add", args=[task.pk]),
        reverse("workprogramme:link_add", args=[task.pk]),
        reverse("workprogramme:task_add", args=[programme.pk]),
        reverse("workprogramme:programme_edit", args=[programme.pk]),
    ]
    grow(2, 3)
    few = [_counted(client, url) for url in urls]
    grow(10, 30)
    assert [_counted(client, url) for url in urls] == few


@pytest.mark.parametrize("rows", [3, 30])
def test_the_dashboard_panel_takes_two_queries_whatever_the_rows(officer, world, rows):
    from workprogramme.dashboard import panel

    from .factories import RiskFactory

    _running_now(world["programme"])
    for n in range(rows):
        assess(TaskFactory(programme=world["programme"], number=n + 2), 5, 5)
        RiskFactory(log=world["log"], review_date=datetime.date(2020, 1, 1))
    officer._portal_roles = {"Officer"}
    with CaptureQueriesContext(connection) as queries:
        result = panel(officer)
    assert len(queries) == 2
    assert len(result["tasks"]) == min(rows, 8) and result["more_tasks"] == (rows > 8)
    assert len(result["risks"]) == min(rows, 8) and result["more_risks"] == (rows > 8)


def test_the_partnership_filter_offers_only_what_the_user_may_read(client_for, board_member, world):
    form = client_for(board_member).get(LIST).context["filter"].form
    assert [p.name for p in form.fields["partnership"].queryset] == ["Health and Wellbeing Board"]


def test_only_the_latest_assessment_is_overridden_and_only_to_another_priority(
    client_for, officer, world
):
    task = world["task"]
    earlier = assess(task, 2, 2)  # low: priority 3
    latest = assess(task, 5, 5, on=datetime.date(2007, 9, 1))  # high: priority 1
    client = client_for(officer)

    url = reverse("workprogramme:assessment_override", args=[earlier.pk])
    response = client.post(url, {"override_priority": "2", "override_reason": "Board asked"})
    assert response.status_code == 200
    assert "only the latest assessment" in response.content.decode()

    url = reverse("workprogramme:assessment_override", args=[latest.pk])
    response = client.post(url, {"override_priority": "1", "override_reason": "Board asked"})
    assert response.status_code == 200
    assert "Priority 1 is what the matrix gives already" in response.content.decode()

    earlier.refresh_from_db()
    latest.refresh_from_db()
    assert earlier.override_priority is None and latest.override_priority is None
    task.refresh_from_db()
    assert task.priority == 1


def test_the_programme_pages_heat_map_follows_the_other_filters_and_links_keep_them(
    client_for, officer, world
):
    programme = world["programme"]
    lead = OrganisationFactory(name="Cheshire County Council")
    rows = [
        ((5, 5), "deferred", lead),
        ((5, 5), "deferred", None),
        ((5, 5), "not_started", lead),
        ((4, 4), "deferred", lead),
        ((4, 4), "in_progress", lead),
        ((1, 2), "deferred", None),
    ]
    for n, ((likelihood, impact), status, organisation) in enumerate(rows, start=2):
        task = TaskFactory(
            programme=programme, number=n, status=status, lead_organisation=organisation
        )
        assess(task, likelihood, impact)
    client = client_for(officer)
    for query, expected in [
        ("status=deferred", {"5×5": 2, "4×4": 1, "1×2": 1}),
        (f"status=deferred&lead_organisation={lead.pk}", {"5×5": 1, "4×4": 1}),
        (
            f"status=deferred&lead_organisation={lead.pk}&likelihood=4&impact=4",
            {"5×5": 1, "4×4": 1},
        ),
        ("", {"5×5": 3, "4×4": 2, "1×2": 1}),
    ]:
        page = client.get(f"{programme.get_absolute_url()}?{query}")
        heat = page.context["heat_map"]
        cells = {f"{c.likelihood}×{c.impact}": c for row in heat.rows for c in row.cells if c.count}
        assert {k: c.count for k, c in cells.items()} == expected, query
        for cell in cells.values():
            listed = client.get(cell.url)
            assert listed.context["page_obj"].paginator.count == cell.count, cell.url
            for part in query.split("&"):
                if part and not part.startswith(("likelihood", "impact")):
                    assert part in cell.url
    assert (
        "The tasks your filters select"
        in client.get(f"{programme.get_absolute_url()}?status=deferred").content.decode()
    )


def test_the_assess_and_override_forms_say_what_the_matrix_gives_and_what_an_override_loses(
    client_for, officer, world
):
    task = world["task"]
    assessment = assess(task, 3, 3)  # medium: priority 2
    client = client_for(officer)
    override = reverse("workprogramme:assessment_override", args=[assessment.pk])
    content = client.get(override).content.decode()
    assert "the matrix gives <strong>priority 2</strong>" in content
    client.post(override, {"override_priority": "1", "override_reason": "Statutory deadline"})
    content = client.get(reverse("workprogramme:assessment_add", args=[task.pk])).content.decode()
    assert "Its priority is overridden to 1</strong> (Statutory deadline)" in content
    assert "the override does not carry over" in content


def test_a_task_led_by_an_organisation_that_has_closed_can_still_be_edited(
    client_for, officer, world
):
    closed = OrganisationFactory(name="Cheshire County Council", active=False)
    task = TaskFactory(programme=world["programme"], number=7, lead_organisation=closed)
    url = reverse("workprogramme:task_edit", args=[task.pk])
    data = {
        "number": "7",
        "title": "Renamed task",
        "status": "in_progress",
        "lead_organisation": str(closed.pk),
        "staff_days": "0",
        "budget": "0",
    }
    response = client_for(officer).post(url, data)
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.lead_organisation) == ("Renamed task", closed)
    # A new task cannot pick it.
    add = reverse("workprogramme:task_add", args=[world["programme"].pk])
    response = client_for(officer).post(add, {**data, "number": "8"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


def test_an_assessment_dated_in_the_future_is_refused(client_for, officer, world):
    task = world["task"]
    url = reverse("workprogramme:assessment_add", args=[task.pk])
    data = {"likelihood": "2", "impact": "2", "rationale": "r", "assessed_by": "Group"}
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client_for(officer).post(url, {**data, "assessed_on": tomorrow.isoformat()})
    assert response.status_code == 200
    assert "cannot be dated in the future" in response.content.decode()
    assert not TaskAssessment.objects.exists()
    today = timezone.localdate().isoformat()
    assert client_for(officer).post(url, {**data, "assessed_on": today}).status_code == 302


def test_the_partnership_filter_stays_narrowed_after_its_class_field_was_read(
    client_for, board_member, world
):
    """Reading a filter's field on the class (as a form walker might) caches it there; the
    list must still offer only what the user may read."""
    from workprogramme.filters import ProgrammeFilter

    assert ProgrammeFilter.base_filters["partnership"].field is not None
    form = client_for(board_member).get(LIST).context["filter"].form
    assert [p.name for p in form.fields["partnership"].queryset] == ["Health and Wellbeing Board"]


def test_in_hand_elsewhere_needs_a_reason_on_the_form():
    from workprogramme.forms import TaskForm
    from workprogramme.models import Task

    from .factories import TaskFactory

    task = TaskFactory()
    data = {
        "number": task.number,
        "title": task.title,
        "status": Task.Status.IN_HAND_ELSEWHERE,
        "status_reason": "",
        "staff_days": "0",
        "budget": "0",
    }
    form = TaskForm(data=data, instance=task)
    assert not form.is_valid()
    assert "Say where it is in hand" in form.errors["status_reason"][0]
    form = TaskForm(
        data={**data, "status_reason": "Already being addressed with the LAA"}, instance=task
    )
    assert form.is_valid(), form.errors
