"""The one search box: what each person finds, the filters and pages, the index kept on save and
delete, and its rebuild."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from partnerships.models import AgendaItem, Appendix, Meeting, Membership, Partnership, Report
from portal.roles import Role
from search.indexing import rebuild
from search.models import SearchEntry

from ..grants.factories import AwardFactory, FundFactory
from ..partnerships.factories import BoardFactory, PartnershipFactory
from ..workprogramme.factories import TaskFactory

pytestmark = pytest.mark.django_db

URL = reverse("search:results")
PUBLISHED = {
    "status": Report.Status.PUBLISHED,
    "finance_signoff": "Fay Finance",
    "legal_signoff": "Lee Legal",
}


def _meeting(board, days=10):
    return Meeting.objects.create(
        board=board,
        start=timezone.now() + datetime.timedelta(days=days),
        venue="Sandbach Town Hall",
    )


def _item(meeting, number, report, **kwargs):
    return AgendaItem.objects.create(meeting=meeting, number=number, report=report, **kwargs)


@pytest.fixture
def town(make_user):
    """Sandbach Town Partnership with its board, a meeting with a public report and an exempt
    one, a fund with two awards to it, and a member of its board."""
    partnership = PartnershipFactory(
        name="Sandbach Town Partnership",
        kind=Partnership.Kind.TOWN,
        purpose="Brings the town council and local groups together.",
    )
    board = BoardFactory(partnership=partnership, name="Sandbach Town Partnership Board")
    meeting = _meeting(board)
    public = Report.objects.create(
        title="Town partnership funding 2016/17",
        author="Kate Officer",
        summary="<p>Each town partnership receives <b>£8,000</b>.</p>",
        **PUBLISHED,
    )
    exempt = Report.objects.create(
        title="Contract award for the market hall",
        author="Kate Officer",
        summary="The preferred bidder is Quillfeather Builders.",
        **PUBLISHED,
    )
    _item(meeting, 1, public, title="Town partnership funding")
    _item(
        meeting,
        2,
        exempt,
        title="Quillfeather market hall contract",
        exempt=True,
        exempt_paragraph=3,
        public_title="Contract award",
    )
    fund = FundFactory(name="Town Partnership grants", description="£8,000 to each town.")
    awards = [
        AwardFactory(
            fund=fund,
            recipient_organisation=None,
            recipient_partnership=partnership,
            title=f"Town partnership grant {n}",
        )
        for n in (1, 2)
    ]
    member = make_user(Role.BOARD_MEMBER, username="sandbach-member")
    Membership.objects.create(board=board, user=member, role=Membership.Role.MEMBER)
    rebuild()
    return {
        "partnership": partnership,
        "board": board,
        "meeting": meeting,
        "public": public,
        "exempt": exempt,
        "fund": fund,
        "awards": awards,
        "member": member,
    }


def _found(client, q, **params):
    response = client.get(URL, {"q": q, **params})
    assert response.status_code == 200
    return response


def _titles(response) -> set[str]:
    return {e.title for g in response.context["groups"] for e in g["rows"]}


def test_signed_out_is_sent_to_sign_in(client):
    response = client.get(URL, {"q": "town"})
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_header_has_the_search_box(client, officer):
    client.force_login(officer)
    page = client.get(reverse("dashboard")).content.decode()
    assert 'role="search"' in page
    assert f'action="{URL}"' in page
    assert '<label class="visually-hidden" for="header-search">Search the portal</label>' in page


def test_town_partnership_as_an_officer_finds_the_fund_awards_report_and_partnership(
    client, officer, town
):
    client.force_login(officer)
    response = _found(client, "town partnership")
    titles = _titles(response)
    assert "Sandbach Town Partnership" in titles
    assert str(town["fund"]) in titles
    assert {"Town partnership grant 1", "Town partnership grant 2"} <= titles
    assert "Town partnership funding 2016/17" in titles
    counts = {c["kind"]: c["count"] for c in response.context["counts"]}
    assert counts["award"] == 2 and counts["fund"] == 1 and counts["partnership"] == 1
    page = response.content.decode()
    assert f'href="{town["fund"].get_absolute_url()}"' in page
    assert f'href="{town["public"].get_absolute_url()}"' in page
    assert "Awards <span" in page  # the group's count by its kind


def test_report_body_text_is_found_with_a_snippet(client, officer, town):
    client.force_login(officer)
    response = _found(client, "receives")
    assert "Town partnership funding 2016/17" in _titles(response)
    # The report's HTML is indexed as text; the word is marked in the snippet.
    assert "<mark>receives</mark> £8,000" in response.content.decode()


def test_an_exempt_item_is_found_by_its_boards_member_and_not_by_another(client, make_user, town):
    other = make_user(Role.BOARD_MEMBER, username="other-member")
    Membership.objects.create(
        board=BoardFactory(name="Another board"), user=other, role=Membership.Role.MEMBER
    )
    client.force_login(town["member"])
    titles = _titles(_found(client, "Quillfeather"))
    assert "Quillfeather market hall contract" in titles
    assert "Contract award for the market hall" in titles
    client.force_login(other)
    response = _found(client, "Quillfeather")
    assert _titles(response) == set()
    assert "Quillfeather market hall contract" not in response.content.decode()
    assert "Nothing you can open matches" in response.content.decode()


def test_a_member_elsewhere_does_not_find_the_partnerships_reports(client, make_user, town):
    other = make_user(Role.BOARD_MEMBER, username="other-member")
    client.force_login(other)
    titles = _titles(_found(client, "town partnership"))
    assert "Town partnership funding 2016/17" not in titles
    assert "Sandbach Town Partnership" not in titles
    # Board members read every fund and award (grants.view_award).
    assert str(town["fund"]) in titles


def test_the_partner_contact_finds_only_their_own(client, partner_contact, town):
    own = AwardFactory(
        fund=town["fund"],
        recipient_organisation=partner_contact.organisation,
        title="Town partnership grant to the Assembly",
    )
    rebuild()
    client.force_login(partner_contact)
    titles = _titles(_found(client, "town partnership"))
    assert titles == {own.title}


def test_an_officer_does_not_find_a_draft_of_a_partnership_they_do_not_keep(client, officer, town):
    draft = Report.objects.create(title="Town partnership draft review", author="A")
    _item(town["meeting"], 3, draft, title="Draft review")
    rebuild()
    client.force_login(officer)
    assert "Town partnership draft review" not in _titles(_found(client, "draft review"))
    town["partnership"].supporting_officers.add(officer)
    assert "Town partnership draft review" in _titles(_found(client, "draft review"))


def test_no_role_user_finds_nothing(client, no_role_user, town):
    client.force_login(no_role_user)
    assert _titles(_found(client, "town")) == set()


def test_filter_by_kind_keeps_the_counts_of_every_kind(client, officer, town):
    client.force_login(officer)
    response = _found(client, "town partnership", kind="award")
    assert _titles(response) == {"Town partnership grant 1", "Town partnership grant 2"}
    counts = {c["kind"]: c["count"] for c in response.context["counts"]}
    assert counts["partnership"] == 1  # the other kinds stay a click away
    assert "2 results for" in response.content.decode()


def test_filter_by_date(client, officer, town):
    client.force_login(officer)
    in_2016 = _titles(
        _found(client, "town partnership", date_from="2016-01-01", date_to="2016-12-31")
    )
    assert {"Town partnership grant 1", "Town partnership grant 2"} <= in_2016
    assert "Town partnership funding 2016/17" not in in_2016  # dated by its meeting, now
    later = _titles(_found(client, "town partnership", date_from="2020-01-01"))
    assert "Town partnership grant 1" not in later
    assert "Town partnership funding 2016/17" in later


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": ""}, "Type what you are looking for"),
        ({"q": "x" * 201}, "Search for at most 200 characters"),
        ({"q": "!!! ???"}, "Search for words or numbers"),
        ({"q": "town", "kind": "nonsense"}, "Select a valid choice"),
        ({"q": "town", "date_from": "2016-13-45"}, "Enter a valid date"),
        ({"q": "town", "date_from": "2017-01-01", "date_to": "2016-01-01"}, "must not be before"),
        ({"q": "town", "page": "abc"}, "result"),
        ({"q": "town", "page": "99999"}, "result"),
        ({"q": '"unclosed phrase OR -'}, ""),
    ],
)
def test_odd_queries_get_a_message_never_an_error(client, officer, town, params, message):
    client.force_login(officer)
    response = client.get(URL, params)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_an_unreadable_query_is_refused_not_an_error(client, officer):
    client.force_login(officer)
    # The portal's middleware refuses characters no database can store (400, not 500).
    assert client.get(URL, {"q": "town\x00"}).status_code == 400


def test_results_are_paginated(client, officer, settings):
    partnership = PartnershipFactory(name="Crewe Town Partnership")
    for n in range(30):
        TaskFactory(programme__partnership=partnership, title=f"Walrus survey {n}")
    rebuild()
    client.force_login(officer)
    first = _found(client, "walrus")
    assert first.context["page_obj"].paginator.count == 30
    assert len(_titles(first)) == 25
    second = _found(client, "walrus", page=2)
    assert len(_titles(second)) == 5
    assert not _titles(first) & _titles(second)
    assert "page=2" in first.content.decode()


def _many(n, start=0):
    for i in range(start, start + n):
        partnership = PartnershipFactory(name=f"Heron Partnership {i}")
        board = BoardFactory(partnership=partnership, name=f"Heron board {i}")
        meeting = _meeting(board, days=i + 1)
        report = Report.objects.create(title=f"Heron report {i}", author="A", **PUBLISHED)
        _item(meeting, 1, report, title=f"Heron item {i}")
        AwardFactory(title=f"Heron award {i}")
        TaskFactory(programme__partnership=partnership, title=f"Heron task {i}")
    rebuild()


@pytest.mark.parametrize("who", ["officer", "board_member"])
def test_query_count_does_not_grow_with_rows(client, request, who, django_assert_max_num_queries):
    user = request.getfixturevalue(who)
    if who == "board_member":
        for board in BoardFactory.create_batch(2):
            Membership.objects.create(board=board, user=user, role=Membership.Role.MEMBER)
    _many(2)
    client.force_login(user)
    with django_assert_max_num_queries(14) as few:
        _found(client, "heron")
    _many(12, start=2)
    with django_assert_max_num_queries(len(few)):
        response = _found(client, "heron")
    assert response.context["total"] >= 14  # a page full, and more for officers


def test_saving_and_deleting_keep_the_index(django_capture_on_commit_callbacks, officer):
    with django_capture_on_commit_callbacks(execute=True):
        partnership = PartnershipFactory(name="Otterburn Partnership")
    entry = SearchEntry.objects.get(kind="partnership", object_id=partnership.pk)
    assert entry.title == "Otterburn Partnership"
    assert entry.url == partnership.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        partnership.name = "Otterburn and Elsdon Partnership"
        partnership.save()
        partnership.save()  # twice in a transaction: indexed once
    assert SearchEntry.objects.get(object_id=partnership.pk, kind="partnership").title == (
        "Otterburn and Elsdon Partnership"
    )
    with django_capture_on_commit_callbacks(execute=True):
        partnership.delete()
    assert not SearchEntry.objects.filter(kind="partnership", object_id=partnership.pk).exists()


def test_an_agenda_item_change_reindexes_its_report(django_capture_on_commit_callbacks):
    # Everything made inside: the index is written when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        board = BoardFactory()
        report = Report.objects.create(title="Parking review", author="A")
        _item(_meeting(board, days=40), 1, report, title="Parking")
    entry = SearchEntry.objects.get(kind="report", object_id=report.pk)
    assert entry.date == (timezone.localtime(report.agenda_item.meeting.start).date())


def _pdf(text: str) -> bytes:
    from weasyprint import HTML

    out = io.BytesIO()
    HTML(string=f"<p>{text}</p>").write_pdf(out)
    return out.getvalue()


def test_an_appendix_text_is_found_once_uploaded(
    client, officer, make_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        board = BoardFactory(name="Kingsley Board")
        report = Report.objects.create(title="Grants scheme", author="A", **PUBLISHED)
        _item(_meeting(board), 1, report, title="Grants scheme")
        appendix = Appendix(report=report, title="Grant conditions", order=1)
        appendix.file.save(
            "conditions.pdf",
            ContentFile(_pdf("Grantees must display the kingfisher logo.")),
            save=False,
        )
        appendix.save()
    entry = SearchEntry.objects.get(kind="appendix", object_id=appendix.pk)
    assert "kingfisher logo" in entry.extra
    client.force_login(officer)
    assert "Appendix A: Grant conditions" in _titles(_found(client, "kingfisher"))
    # An appendix is read on its report's terms: a member of another board does not find it.
    other = make_user(Role.BOARD_MEMBER, username="other-member")
    Membership.objects.create(board=BoardFactory(), user=other, role=Membership.Role.MEMBER)
    client.force_login(other)
    assert _titles(_found(client, "kingfisher")) == set()


def test_rebuild_command_writes_every_record(town, capsys):
    SearchEntry.objects.all().delete()
    call_command("search_rebuild")
    assert "Indexed" in capsys.readouterr().out
    kinds = set(SearchEntry.objects.values_list("kind", flat=True))
    assert {"partnership", "board", "meeting", "agendaitem", "report", "fund", "award"} <= kinds
    assert {"person", "organisation"} <= kinds
    call_command("search_rebuild")  # safe to run twice
    assert SearchEntry.objects.filter(kind="award").count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_postgresql_ranks_highlights_and_reads_websearch_syntax(client, officer, town):
    Report.objects.filter(pk=town["exempt"].pk).update(title="Market hall")
    TaskFactory(
        programme__partnership=town["partnership"],
        title="Audit of walking routes",
        description="The Audit Commission recommended a review of partnership funding.",
    )
    rebuild()
    client.force_login(officer)
    # Stemming (English): "funds" finds "funding"; the title (weight A) ranks first.
    response = _found(client, "funding")
    rows = list(response.context["page_obj"].object_list)
    assert rows[0].rank >= rows[-1].rank
    assert {r.kind for r in rows[:2]} & {"report", "agendaitem"}
    # ts_headline marks the match; the text round it is escaped.
    response = _found(client, "Commission")
    assert "<mark>Commission</mark>" in response.content.decode()
    # A quoted phrase must appear as a phrase; -word leaves records with it out.
    assert "Audit of walking routes" in _titles(_found(client, '"audit commission"'))
    assert "Audit of walking routes" not in _titles(_found(client, '"commission audit"'))
    assert "Audit of walking routes" not in _titles(_found(client, "audit -walking"))
    assert "Audit of walking routes" in _titles(_found(client, "audit or zzzz"))
    assert _found(client, "funds").context["total"] >= 1
