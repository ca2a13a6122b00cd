"""The structure chart at a county's size: the top levels open, long branches on demand, at
most a set number under any one partnership, and a page's cost that does not grow with the
tree."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import Partnership

from .factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def county(towns: int):
    top = PartnershipFactory(name="Leaders Board", kind=Partnership.Kind.LEADERS_BOARD)
    theme = PartnershipFactory(name="Health and Wellbeing Board", accountable_to=top)
    area = PartnershipFactory(name="Crewe Area Board", kind="area_board", accountable_to=theme)
    Partnership.objects.bulk_create(
        Partnership(name=f"Town {n:04d}", kind="town", accountable_to=area, status="active")
        for n in range(towns)
    )
    return top, theme, area


def get(client, **query):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("partnerships:structure"), query)
    assert response.status_code == 200
    return response, len(queries)


@pytest.fixture
def settings_small(settings):
    settings.PORTAL_STRUCTURE_DEPTH = 2
    settings.PORTAL_STRUCTURE_CHILDREN = 5
    return settings


def test_the_chart_opens_to_its_depth_and_offers_the_rest(client_for, officer, settings_small):
    top, theme, area = county(3)
    response, _ = get(client_for(officer))
    page = response.content.decode()
    assert "Health and Wellbeing Board" in page
    assert "Crewe Area Board" not in page  # a level deeper than the chart opens
    assert f"?under={theme.pk}" in page
    assert "Show the 1 partnership accountable to Health and Wellbeing Board" in page


def test_a_branch_opens_on_its_own_page_and_in_place(client_for, officer, settings_small):
    top, theme, area = county(3)
    client = client_for(officer)
    response, _ = get(client, under=theme.pk)
    page = response.content.decode()
    assert "Partnerships accountable to Health and Wellbeing Board" in page
    assert "Leaders Board → <strong>Health and Wellbeing Board</strong>" in page
    assert "Crewe Area Board" in page and "Town 0002" in page
    fragment, _ = get(client, under=theme.pk, fragment=1)
    html = fragment.content.decode()
    assert html.lstrip().startswith('<ul class="tree">') and "<html" not in html
    assert "Crewe Area Board" in html


def test_a_long_branch_lists_the_first_few_and_links_the_rest(client_for, officer, settings_small):
    top, theme, area = county(12)
    response, _ = get(client_for(officer), under=area.pk)
    page = response.content.decode()
    assert "Town 0004" in page and "Town 0005" not in page
    assert "and 7 more accountable to Crewe Area Board, in the register" in page
    register = client_for(officer).get(
        reverse("partnerships:partnership_list"), {"accountable_to": area.pk}
    )
    assert register.context["paginator"].count == 12


def test_the_cost_of_the_chart_does_not_grow_with_the_tree(client_for, officer, settings_small):
    county(5)
    client = client_for(officer)
    small, small_queries = get(client, under=Partnership.objects.get(name="Crewe Area Board").pk)
    Partnership.objects.bulk_create(
        Partnership(
            name=f"More {n:04d}",
            kind="town",
            accountable_to=Partnership.objects.get(name="Crewe Area Board"),
        )
        for n in range(300)
    )
    large, large_queries = get(client, under=Partnership.objects.get(name="Crewe Area Board").pk)
    assert large_queries == small_queries
    assert len(large.content) < len(small.content) * 1.2
    top, top_queries = get(client)
    assert top_queries <= small_queries + 1


def test_a_branch_the_user_may_not_see_is_404(client_for, board_member, settings_small):
    proposed = PartnershipFactory(name="Proposed partnership", status="proposed")
    response = client_for(board_member).get(
        reverse("partnerships:structure"), {"under": proposed.pk}
    )
    assert response.status_code == 404


def test_a_board_that_has_met_for_years_pages_its_meetings(client_for, officer):
    import datetime

    from django.utils import timezone

    from partnerships.models import Meeting

    from .factories import BoardFactory

    board = BoardFactory(partnership=PartnershipFactory(name="Old board", lead_officer=officer))
    first = timezone.now() - datetime.timedelta(days=3000)
    Meeting.objects.bulk_create(
        Meeting(board=board, start=first + datetime.timedelta(days=60 * n), venue="Hall")
        for n in range(45)
    )
    client = client_for(officer)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(board.get_absolute_url())
    assert len(page.context["meetings"]) == 20
    assert "Meetings 1 to 20 of 45, newest first." in page.content.decode()
    last = client.get(board.get_absolute_url(), {"page": 3})
    assert len(last.context["meetings"]) == 5
    Meeting.objects.bulk_create(
        Meeting(board=board, start=first - datetime.timedelta(days=60 * n), venue="Hall")
        for n in range(1, 200)
    )
    with CaptureQueriesContext(connection) as more:
        client.get(board.get_absolute_url())
    assert len(more) == len(queries)
