"""Live report sections for agenda packs: a programme's priority table (document 003's
appendix) and a heat map of a programme's tasks or a risk log's risks. The same HTML is shown
on screen and in the PDF; colours come from the levels stylesheet and every level is named
in words."""

from django.template.loader import render_to_string

from partnerships.sections import ReportSection, register, register_stylesheet


def _programme_options():
    from .models import WorkProgramme

    return [
        (str(p.pk), f"{p.title} ({p.partnership.name})")
        for p in WorkProgramme.objects.select_related("partnership").order_by(
            "partnership__name", "-period_start"
        )
    ]


def _priorities(_report, value) -> str:
    from .models import WorkProgramme
    from .selectors import priority_table

    programme = (
        WorkProgramme.objects.select_related("partnership").filter(pk=value).first()
        if str(value).isdigit()
        else None
    )
    if programme is None:
        return "<p>This work programme no longer exists.</p>"
    return render_to_string(
        "workprogramme/includes/section_priorities.html",
        {"programme": programme, "tasks": priority_table(programme)},
    )


def _heat_map_options():
    from .models import RiskLog

    logs = [
        (f"log-{log.pk}", f"{log.name} risk log ({log.partnership.name})")
        for log in RiskLog.objects.select_related("partnership").order_by(
            "partnership__name", "name"
        )
    ]
    programmes = [(f"programme-{pk}", label) for pk, label in _programme_options()]
    return logs + programmes


def _heat_map(_report, value) -> str:
    from .models import RiskLog, WorkProgramme
    from .selectors import risk_heat_map, task_heat_map

    kind, _, pk = str(value).partition("-")
    if not pk.isdigit():
        return "<p>This heat map is no longer available.</p>"
    if kind == "log":
        log = RiskLog.objects.select_related("partnership").filter(pk=pk).first()
        if log is None:
            return "<p>This risk log no longer exists.</p>"
        heat, caption = risk_heat_map(log), f"{log} ({log.partnership.name}): open risks"
    elif kind == "programme":
        programme = WorkProgramme.objects.select_related("partnership").filter(pk=pk).first()
        if programme is None:
            return "<p>This work programme no longer exists.</p>"
        heat = task_heat_map(programme)
        caption = f"{programme.title} ({programme.partnership.name}): tasks"
    else:
        return "<p>This heat map is no longer available.</p>"
    return render_to_string(
        "workprogramme/includes/heat_map.html",
        # The id prefix keeps the header ids unique when a report holds more than one heat map.
        {"heat_map": heat, "caption": caption, "links": False, "heat_map_id": f"heat-{kind}-{pk}"},
    )


register(
    ReportSection(
        key="workprogramme.priorities",
        title="Work programme priorities",
        description="A work programme's key tasks with their priority levels and comments.",
        render=_priorities,
        options=_programme_options,
    )
)

register(
    ReportSection(
        key="workprogramme.heat_map",
        title="Risk heat map",
        description="A risk log's open risks, or a programme's tasks, by likelihood × impact.",
        render=_heat_map,
        options=_heat_map_options,
    )
)


def _levels_css() -> str:
    from .views.levels import levels_stylesheet

    return levels_stylesheet()


register_stylesheet("workprogramme:levels_css", _levels_css)
