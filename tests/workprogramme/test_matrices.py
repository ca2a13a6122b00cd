import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from workprogramme import defaults
from workprogramme.defaults import grid_from_thresholds
from workprogramme.models import RiskMatrix, TaskAssessment
from workprogramme.seed import default_matrix
from workprogramme.services import matrix_create, matrix_revise, task_assess

from .factories import RiskFactory, RiskLogFactory, TaskFactory, WorkProgrammeFactory

pytestmark = pytest.mark.django_db

LEVELS = [
    {"rank": 1, "name": "Red", "colour": "#a4161a", "text_colour": "#ffffff", "priority": 1},
    {"rank": 2, "name": "Amber", "colour": "#ffb000", "text_colour": "#000000", "priority": 2},
    {"rank": 3, "name": "Green", "colour": "#0b6b35", "text_colour": "#ffffff", "priority": 3},
]


def assess(task, likelihood, impact, on=datetime.date(2007, 5, 17)):
    return task_assess(
        task=task,
        likelihood=likelihood,
        impact=impact,
        rationale="Deferral would hurt",
        assessed_by="Improvement Sub-Group",
        assessed_on=on,
    )


def test_the_default_matrix_is_five_by_five_with_named_coloured_levels():
    matrix = default_matrix()
    assert matrix.likelihood_labels == defaults.LIKELIHOOD
    assert matrix.impact_labels[4] == "Severe"
    assert [(lv.name, lv.priority) for lv in matrix.levels.all()] == [
        ("High", 1),
        ("Medium", 2),
        ("Low", 3),
    ]
    assert matrix.level_for(4, 3).name == "High"  # 12
    assert matrix.level_for(2, 5).name == "Medium"  # 10
    assert matrix.level_for(1, 5).name == "Low"  # 5


def test_the_grid_is_a_lookup_so_it_may_be_asymmetric():
    matrix = matrix_create(
        name="Impact-heavy 3 × 3",
        likelihood_labels=["Low", "Medium", "High"],
        impact_labels=["Low", "Medium", "High"],
        grid=[[3, 2, 1], [3, 2, 1], [2, 1, 1]],
        levels=LEVELS,
    )
    assert matrix.level_for(1, 3).name == "Red"
    assert matrix.level_for(3, 1).name == "Amber"


def test_a_grid_with_a_level_that_does_not_exist_is_refused():
    with pytest.raises(ValidationError, match="no level: 4"):
        matrix_create(
            name="Broken",
            likelihood_labels=["Low", "High"],
            impact_labels=["Low", "High"],
            grid=[[3, 4], [2, 1]],
            levels=LEVELS,
        )
    assert not RiskMatrix.objects.filter(name="Broken").exists()


def test_a_grid_of_the_wrong_shape_is_refused():
    with pytest.raises(ValidationError, match="2 rows"):
        matrix_create(
            name="Wrong shape",
            likelihood_labels=["Low", "High"],
            impact_labels=["Low", "High"],
            grid=[[3, 2]],
            levels=LEVELS,
        )


def test_changing_a_threshold_makes_a_new_version_and_old_assessments_keep_their_scores(
    client_for, officer
):
    programme = WorkProgrammeFactory(partnership__lead_officer=officer)
    task = TaskFactory(programme=programme, number=1)
    old = assess(task, 2, 5)  # 10: medium, priority 2 on the default thresholds
    log = RiskLogFactory(partnership=programme.partnership)
    risk = RiskFactory(log=log, residual_likelihood=2, residual_impact=5)
    matrix = programme.matrix
    assert (old.level.name, old.priority) == ("Medium", 2)

    # Lower the threshold of "High" from 12 to 10.
    revised = matrix_revise(
        matrix=matrix, grid=grid_from_thresholds(5, 5, [(10, 1), (6, 2), (1, 3)])
    )

    assert revised.pk != matrix.pk
    assert (revised.name, revised.version, revised.previous) == (matrix.name, 2, matrix)
    assert revised.is_default and not RiskMatrix.objects.get(pk=matrix.pk).is_default
    old.refresh_from_db()
    assert (old.matrix_id, old.level.name, old.computed_priority, old.priority) == (
        matrix.pk,
        "Medium",
        2,
        2,
    )
    risk.refresh_from_db()
    assert risk.matrix_id == matrix.pk and risk.residual_level.name == "Medium"
    assert RiskMatrix.objects.get(pk=matrix.pk).grid == defaults.grid()
    # New work is scored on the new version.
    programme.refresh_from_db()
    assert programme.matrix_id == revised.pk
    new = assess(task, 2, 5, on=datetime.date(2007, 9, 1))
    assert (new.matrix_id, new.level.name, new.priority) == (revised.pk, "High", 1)
    task.refresh_from_db()
    assert task.priority == 1
    # The task page shows the earlier assessment with its own score and matrix version.
    page = client_for(officer).get(task.get_absolute_url()).content.decode()
    assert "Standard 5 × 5 (version 2)" in page and "Standard 5 × 5 (version 1)" in page
    assert TaskAssessment.objects.filter(task=task).count() == 2


def test_a_matrix_nothing_has_used_is_changed_in_place():
    matrix = matrix_create(
        name="Draft",
        likelihood_labels=["Low", "High"],
        impact_labels=["Low", "High"],
        grid=[[3, 2], [2, 1]],
        levels=LEVELS,
    )
    same = matrix_revise(matrix=matrix, grid=[[3, 3], [2, 1]])
    assert same.pk == matrix.pk and same.version == 1 and same.grid == [[3, 3], [2, 1]]


def test_a_matrix_in_use_cannot_be_saved_with_new_scores_or_levels():
    task = TaskFactory()
    assess(task, 3, 3)
    matrix = task.programme.matrix
    matrix.grid = [[1] * 5 for _ in range(5)]
    with pytest.raises(ValidationError, match="frozen"):
        matrix.save()
    level = matrix.levels.get(rank=1)
    level.priority = 2
    with pytest.raises(ValidationError, match="frozen"):
        level.save()
    with pytest.raises(ValidationError, match="frozen"):
        level.delete()


def _admin_post(matrix, **changes):
    levels = list(matrix.levels.all())
    data = {
        "name": matrix.name,
        "is_default": "on" if matrix.is_default else "",
        "likelihood_text": "\n".join(matrix.likelihood_labels),
        "impact_text": "\n".join(matrix.impact_labels),
        "grid_text": "\n".join(" ".join(map(str, row)) for row in matrix.grid),
        "levels-TOTAL_FORMS": str(len(levels)),
        "levels-INITIAL_FORMS": str(len(levels)),
        "levels-MIN_NUM_FORMS": "0",
        "levels-MAX_NUM_FORMS": "1000",
    }
    for n, level in enumerate(levels):
        data.update(
            {
                f"levels-{n}-id": str(level.pk),
                f"levels-{n}-matrix": str(matrix.pk),
                f"levels-{n}-rank": str(level.rank),
                f"levels-{n}-name": level.name,
                f"levels-{n}-colour": level.colour,
                f"levels-{n}-text_colour": level.text_colour,
                f"levels-{n}-priority": str(level.priority),
            }
        )
    data.update(changes)
    return data


def test_editing_a_matrix_in_use_in_the_admin_saves_a_new_version(client_for, administrator):
    task = TaskFactory()
    old = assess(task, 2, 5)
    matrix = task.programme.matrix
    grid = "\n".join(
        " ".join(map(str, row)) for row in grid_from_thresholds(5, 5, [(10, 1), (6, 2), (1, 3)])
    )
    url = reverse("admin:workprogramme_riskmatrix_change", args=[matrix.pk])
    response = client_for(administrator).post(url, _admin_post(matrix, grid_text=grid))
    revised = RiskMatrix.objects.get(previous=matrix)
    assert response.status_code == 302
    assert response.url == reverse("admin:workprogramme_riskmatrix_change", args=[revised.pk])
    assert revised.version == 2 and revised.level_for(2, 5).name == "High"
    assert RiskMatrix.objects.get(pk=matrix.pk).level_for(2, 5).name == "Medium"
    old.refresh_from_db()
    assert (old.level.name, old.priority) == ("Medium", 2)


def test_the_admin_refuses_a_grid_without_its_levels(client_for, administrator):
    matrix = default_matrix()
    url = reverse("admin:workprogramme_riskmatrix_change", args=[matrix.pk])
    grid = "\n".join(["4 3 3 3 3"] + ["3 3 3 3 3"] * 4)
    response = client_for(administrator).post(url, _admin_post(matrix, grid_text=grid))
    assert response.status_code == 200
    assert "no level: 4" in response.content.decode()
    assert RiskMatrix.objects.get(pk=matrix.pk).grid == defaults.grid()


def test_a_replaced_version_is_not_changed_in_the_admin_and_says_why(client_for, administrator):
    task = TaskFactory()
    assess(task, 2, 5)
    old = task.programme.matrix
    new = matrix_revise(matrix=old, grid=grid_from_thresholds(5, 5, [(10, 1), (6, 2), (1, 3)]))
    old.refresh_from_db()
    url = reverse("admin:workprogramme_riskmatrix_change", args=[old.pk])
    client = client_for(administrator)

    response = client.post(url, _admin_post(old, grid_text="\n".join(["3 3 3 3 3"] * 5)))
    assert response.status_code == 200
    assert f"replaced by a later version: change {new} instead" in response.content.decode()

    data = _admin_post(old)
    data["levels-1-name"] = "Amber"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "its levels stay as they are" in response.content.decode()

    assert RiskMatrix.objects.filter(name=old.name).count() == 2
    old.refresh_from_db()
    assert old.grid == defaults.grid() and old.levels.get(rank=2).name == "Medium"


def test_the_default_flag_of_a_matrix_in_use_is_saved_from_the_admin(client_for, administrator):
    task = TaskFactory()
    assess(task, 2, 5)
    matrix = task.programme.matrix
    assert matrix.is_default
    url = reverse("admin:workprogramme_riskmatrix_change", args=[matrix.pk])
    client = client_for(administrator)

    response = client.post(url, {**_admin_post(matrix), "is_default": ""})
    assert response.status_code == 302
    matrix.refresh_from_db()
    assert not matrix.is_default and RiskMatrix.objects.count() == 1

    response = client.post(url, {**_admin_post(matrix), "is_default": "on"})
    assert response.status_code == 302
    matrix.refresh_from_db()
    assert matrix.is_default and RiskMatrix.objects.count() == 1


def test_after_a_new_version_the_heat_maps_keep_the_levels_things_were_scored_with(
    client_for, officer
):
    programme = WorkProgrammeFactory(partnership__lead_officer=officer)
    task = TaskFactory(programme=programme, number=1, title="Scored before the change")
    assess(task, 2, 5)  # Medium on version 1
    log = RiskLogFactory(partnership=programme.partnership)
    RiskFactory(log=log, residual_likelihood=2, residual_impact=5)  # Medium on version 1
    old = programme.matrix
    revised = matrix_revise(
        matrix=old, grid=grid_from_thresholds(5, 5, [(10, 1), (6, 2), (1, 3)])
    )  # 2 × 5 = 10 is High on version 2
    client = client_for(officer)

    def cell(url):
        page = client.get(url)
        heat = page.context["heat_map"]
        level = next(
            c.level for r in heat.rows for c in r.cells if (c.likelihood, c.impact) == (2, 5)
        )
        return heat, level.name, page.content.decode()

    programme_map = reverse("workprogramme:programme_heat_map", args=[programme.pk])
    log_map = reverse("workprogramme:risklog_heat_map", args=[log.pk])
    for url in (programme_map, log_map):
        heat, level, content = cell(url)
        assert (heat.matrix, level, heat.other_versions) == (old, "Medium", 0)
        assert f"levels from {old}" in content

    summary = client.get(programme.get_absolute_url()).content.decode()
    assert f"new assessments use {revised}" in summary

    # A task scored on the new version: the map is drawn on it and says what differs.
    assess(TaskFactory(programme=programme, number=2), 1, 1)
    heat, level, content = cell(programme_map)
    assert (heat.matrix, level, heat.other_versions) == (revised, "High", 1)
    assert "1 of the tasks were scored on an earlier version of the matrix" in content


def test_deleting_assessments_in_the_admin_gives_the_task_the_priority_of_those_left(
    client_for, administrator
):
    task = TaskFactory()
    first = assess(task, 2, 2)  # low: priority 3
    latest = assess(task, 5, 5, on=datetime.date(2007, 9, 1))  # high: priority 1
    client = client_for(administrator)
    url = reverse("admin:workprogramme_taskassessment_delete", args=[latest.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    task.refresh_from_db()
    assert (task.current_assessment, task.priority) == (first, 3)

    changelist = reverse("admin:workprogramme_taskassessment_changelist")
    data = {"action": "delete_selected", "_selected_action": [first.pk], "post": "yes"}
    assert client.post(changelist, data).status_code == 302
    task.refresh_from_db()
    assert (task.current_assessment, task.priority) == (None, None)


def test_the_admin_scores_new_assessments_on_current_matrix_versions_only(
    client_for, administrator
):
    task = TaskFactory()
    assess(task, 2, 5)
    old = task.programme.matrix
    new = matrix_revise(matrix=old, grid=grid_from_thresholds(5, 5, [(10, 1), (6, 2), (1, 3)]))
    page = client_for(administrator).get(reverse("admin:workprogramme_taskassessment_add"))
    offered = list(page.context["adminform"].form.fields["matrix"].queryset)
    assert offered == [new]


@pytest.mark.parametrize("model", ["workprogramme", "risklog"])
def test_the_admin_offers_programmes_and_logs_current_matrix_versions_only(
    client_for, administrator, model
):
    task = TaskFactory()
    assess(task, 2, 5)
    old = task.programme.matrix
    new = matrix_revise(matrix=old, grid=grid_from_thresholds(5, 5, [(10, 1), (6, 2), (1, 3)]))
    page = client_for(administrator).get(reverse(f"admin:workprogramme_{model}_add"))
    offered = list(page.context["adminform"].form.fields["matrix"].queryset)
    assert new in offered and old not in offered
