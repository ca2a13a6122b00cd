"""The work programme's writes go through its services wherever they start: an assessment or a
link saved or deleted in the admin refreshes the task, records who did it and refuses what the
task's page refuses; a link removed from the task's page is kept in its history as removed by
that officer, and a second press says it has gone instead of an error page."""

import datetime

import pytest
from django.urls import reverse

from workprogramme.models import Task, TaskAssessment, TaskLink
from workprogramme.services import task_assess, task_link

from .factories import TaskFactory

pytestmark = pytest.mark.django_db


def _assess(task, likelihood, impact, on=datetime.date(2007, 5, 17)):
    return task_assess(
        task=task,
        likelihood=likelihood,
        impact=impact,
        rationale="Deferral would hurt",
        assessed_by="Improvement Sub-Group",
        assessed_on=on,
    )


def test_an_assessment_added_in_the_admin_sets_the_tasks_priority(client_for, administrator):
    task = TaskFactory()
    url = reverse("admin:workprogramme_taskassessment_add")
    response = client_for(administrator).post(
        url,
        {
            "task": task.pk,
            "matrix": task.programme.matrix_id,
            "likelihood": 5,
            "impact": 5,
            "rationale": "Statutory duty",
            "assessed_by": "Board",
            "assessed_on": "2007-06-01",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assessment = TaskAssessment.objects.get(task=task)
    assert assessment.recorded_by == administrator
    task.refresh_from_db()
    assert task.current_assessment == assessment and task.priority == assessment.priority


def test_deleting_the_latest_assessment_in_the_admin_falls_back_to_the_one_before(
    client_for, administrator
):
    task = TaskFactory()
    earlier = _assess(task, 1, 1, on=datetime.date(2007, 5, 1))
    later = _assess(task, 5, 5, on=datetime.date(2007, 6, 1))
    task.refresh_from_db()
    assert task.current_assessment == later
    url = reverse("admin:workprogramme_taskassessment_delete", args=[later.pk])
    assert client_for(administrator).post(url, {"post": "yes"}).status_code == 302
    task.refresh_from_db()
    assert task.current_assessment == earlier and task.priority == earlier.priority
    record = task.history.order_by("-history_date").first()
    assert record.history_user == administrator
    assert record.history_change_reason == "An assessment was deleted in the admin"


def test_a_duplicate_link_added_on_the_tasks_admin_page_is_refused(client_for, administrator):
    task = TaskFactory(number=1)
    other = TaskFactory(programme=task.programme, number=2)
    task_link(from_task=task, kind="depends_on", to_task=other)
    url = reverse("admin:workprogramme_tasklink_add")
    response = client_for(administrator).post(
        url, {"from_task": task.pk, "kind": "depends_on", "to_task": other.pk, "note": ""}
    )
    assert response.status_code == 200
    assert "already linked in that way" in response.content.decode()
    assert TaskLink.objects.count() == 1


def test_removing_a_link_records_who_and_a_second_press_says_it_has_gone(client_for, world):
    task = world["task"]
    other = Task.objects.create(programme=task.programme, number=2, title="Other task")
    link = task_link(from_task=task, kind="supports", to_task=other)
    url = reverse("workprogramme:link_remove", args=[link.pk])
    officer = world["health"].lead_officer
    client = client_for(officer)
    response = client.post(url, follow=True)
    assert "The link was removed." in response.content.decode()
    assert not TaskLink.objects.filter(pk=link.pk).exists()
    removal = TaskLink.history.filter(id=link.pk, history_type="-").get()
    assert removal.history_user == officer
    assert client.post(url).status_code == 404  # gone: the page it came from says so
