"""The public site (issue 14): anyone may read a public board's published meetings and papers,
and nothing else. Every public URL is tried with every kind of object, and the table below says
which ones it may show."""

import datetime
import subprocess

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone

from partnerships.agenda import EXCLUSION_TITLE, public_agenda
from partnerships.models import (
    AgendaItem,
    AgendaPack,
    Appendix,
    KeyDecision,
    Meeting,
    Minutes,
    Report,
)

from ..partnerships.factories import BoardFactory, MembershipFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 test"


def pack(meeting, *, restricted=False, version=1, published=True):
    p = AgendaPack.objects.create(
        meeting=meeting,
        version=version,
        restricted=restricted,
        state=AgendaPack.State.READY,
        generated_at=timezone.now(),
        published_at=timezone.now() if published else None,
    )
    p.file.save(f"pack-{meeting.pk}-{version}-{int(restricted)}.pdf", ContentFile(PDF), save=True)
    return p


def report(title, status=Report.Status.PUBLISHED):
    return Report.objects.create(
        title=title,
        author="A. Officer",
        status=status,
        finance_signoff="Finance",
        legal_signoff="Legal",
        summary=f"<p>Summary of {title}.</p>",
    )


def appendix(of, title="Annex"):
    a = Appendix(report=of, title=title, tagged=False)
    a.file.save("annex.pdf", ContentFile(PDF), save=True)
    return a


@pytest.fixture
def site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    board = BoardFactory(partnership=PartnershipFactory(name="HWB"), name="Health Board")
    member = MembershipFactory(board=board, contact__name="Dr A Patel", role="chair")
    soon = timezone.now() + datetime.timedelta(days=7)
    meeting = Meeting.objects.create(board=board, start=soon, venue="Westfields")
    public_report = report("Strategic plan")
    exempt_report = report("Community transport tenders")
    draft_report = report("Draft framework", status=Report.Status.DRAFT)
    AgendaItem.objects.create(
        meeting=meeting, number=1, title="Strategic plan", report=public_report
    )
    exempt_item = AgendaItem.objects.create(
        meeting=meeting,
        number=2,
        title="Community transport tenders",
        exempt=True,
        exempt_paragraph=3,
        public_title="Contract award",
        exemption_reason="Prices of Acme Ltd",
        report=exempt_report,
    )
    AgendaItem.objects.create(
        meeting=meeting, number=3, title="Draft framework", report=draft_report
    )
    public_pack = pack(meeting)
    restricted_pack = pack(meeting, restricted=True)
    unpublished = Meeting.objects.create(
        board=board, start=soon + datetime.timedelta(days=1), venue="Town Hall"
    )
    unpublished_report = report("Not yet out")
    AgendaItem.objects.create(
        meeting=unpublished, number=1, title="Later", report=unpublished_report
    )
    unpublished_pack = pack(unpublished, published=False)
    private = BoardFactory(
        partnership=PartnershipFactory(name="Officers"), name="Officer Group", public=False
    )
    private_member = MembershipFactory(board=private, contact__name="Secret Officer")
    private_meeting = Meeting.objects.create(board=private, start=soon, venue="Back room")
    private_report = report("Private paper")
    AgendaItem.objects.create(
        meeting=private_meeting, number=1, title="Private", report=private_report
    )
    private_pack = pack(private_meeting)
    Minutes.objects.create(meeting=meeting, published_at=timezone.now())
    Minutes.objects.create(meeting=private_meeting, published_at=timezone.now())
    KeyDecision.objects.create(board=board, title="Budget 2027", decision_date=soon.date())
    return {
        "board": board,
        "private_board": private,
        "member": member,
        "private_member": private_member,
        "meeting": meeting,
        "unpublished_meeting": unpublished,
        "private_meeting": private_meeting,
        "pack": public_pack,
        "restricted_pack": restricted_pack,
        "unpublished_pack": unpublished_pack,
        "private_pack": private_pack,
        "report": public_report,
        "exempt_report": exempt_report,
        "draft_report": draft_report,
        "unpublished_report": unpublished_report,
        "private_report": private_report,
        "appendix": appendix(public_report),
        "exempt_appendix": appendix(exempt_report),
        "draft_appendix": appendix(draft_report),
        "private_appendix": appendix(private_report),
        "exempt_item": exempt_item,
    }


# For each public URL name: the kwarg the object goes in, and which objects of the site answer
# 200 (ALLOWED) and which 404 (REFUSED). A page about no object has kwarg None. A URL name with
# no row fails ``test_every_public_url_has_a_row``: add its row here.
ROWS = {
    "home": (None, [], []),
    "calendar": (None, [], []),
    "boards": (None, [], []),
    "decisions": (None, [], []),
    "board": ("pk", ["board"], ["private_board"]),
    "board_calendar": ("pk", ["board"], ["private_board"]),
    "meeting": ("pk", ["meeting"], ["unpublished_meeting", "private_meeting"]),
    "pack": ("pk", ["pack"], ["restricted_pack", "unpublished_pack", "private_pack"]),
    "report": (
        "pk",
        ["report"],
        ["exempt_report", "draft_report", "unpublished_report", "private_report"],
    ),
    "appendix": ("pk", ["appendix"], ["exempt_appendix", "draft_appendix", "private_appendix"]),
    "minutes": ("pk", ["meeting"], ["unpublished_meeting", "private_meeting"]),
    "minutes_pdf": ("pk", ["meeting"], ["unpublished_meeting", "private_meeting"]),
    "member": ("pk", ["member"], ["private_member"]),
    "subscribe": ("pk", ["board"], ["private_board"]),
    # A signed token names the subscription: a made-up one is refused, never a 500.
    "subscription_confirm": ("token", [], ["not-a-token"]),
    "unsubscribe": ("token", [], ["not-a-token"]),
}


def public_url_names():
    resolver = get_resolver()
    _, inner = resolver.namespace_dict["public"]
    return sorted(name for name in inner.reverse_dict if isinstance(name, str))


def test_every_public_url_has_a_row():
    missing = set(public_url_names()) - set(ROWS)
    assert not missing, f"Add a row to ROWS for: {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(ROWS))
def test_each_public_url_serves_only_what_is_published(
    site, name, django_capture_on_commit_callbacks
):
    if name not in public_url_names():
        pytest.skip(f"public:{name} is not built yet")
    kwarg, allowed, refused = ROWS[name]
    client = Client()
    if kwarg is None:
        assert client.get(reverse(f"public:{name}")).status_code == 200
        return
    for key in allowed:
        with django_capture_on_commit_callbacks():
            response = client.get(reverse(f"public:{name}", kwargs={kwarg: site[key].pk}))
        assert response.status_code in (200, 202), (name, key)
    if kwarg == "token":
        for token in refused:
            response = client.get(reverse(f"public:{name}", kwargs={kwarg: token}))
            assert response.status_code in (200, 404), (name, token)
        return
    for key in refused:
        response = client.get(reverse(f"public:{name}", kwargs={kwarg: site[key].pk}))
        assert response.status_code == 404, (name, key)
    assert client.get(reverse(f"public:{name}", kwargs={kwarg: 999999})).status_code == 404


def test_meeting_page_shows_exempt_item_only_by_number_title_and_paragraph(site):
    text = Client().get(reverse("public:meeting", args=[site["meeting"].pk])).content.decode()
    assert "2. Contract award" in text
    assert "Exempt information: Schedule 12A paragraph 3" in text
    assert EXCLUSION_TITLE in text and "paragraph(s) 3 of Part 1 of Schedule 12A" in text
    assert text.index(EXCLUSION_TITLE) < text.index("2. Contract award")
    for secret in (
        "Community transport tenders",
        "Acme",
        reverse("public:report", args=[site["exempt_report"].pk]),
    ):
        assert secret not in text
    # the public report is linked, the draft one is not; the public pack, not the restricted
    assert reverse("public:report", args=[site["report"].pk]) in text
    assert reverse("public:report", args=[site["draft_report"].pk]) not in text
    assert reverse("public:pack", args=[site["pack"].pk]) in text
    assert reverse("public:pack", args=[site["restricted_pack"].pk]) not in text


def test_public_agenda_puts_the_exclusion_before_the_first_exempt_item(site):
    meeting = site["meeting"]
    AgendaItem.objects.create(
        meeting=meeting, number=4, title="Staffing", exempt=True, exempt_paragraph=1
    )
    rows = public_agenda(meeting)
    titles = [r.title for r in rows]
    assert titles == [
        "Strategic plan",
        EXCLUSION_TITLE,
        "Contract award",
        "Draft framework",
        "Exempt item",
    ]
    assert "paragraph(s) 1 and 3 of Part 1" in rows[1].resolution
    assert rows[4].exemption == "Exempt information: Schedule 12A paragraph 1"


def test_calendar_lists_public_boards_meetings_and_marks_cancelled(site):
    site["unpublished_meeting"].status = Meeting.Status.CANCELLED
    site["unpublished_meeting"].save()
    month = f"{site['meeting'].local_start:%Y-%m}"
    for query in (f"?month={month}", "?view=list"):
        text = Client().get(reverse("public:calendar") + query).content.decode()
        assert "Health Board" in text and "Officer Group" not in text
        assert "Cancelled" in text
        assert reverse("public:meeting", args=[site["meeting"].pk]) in text
        assert reverse("public:meeting", args=[site["unpublished_meeting"].pk]) not in text
        assert '<th scope="col">' in text or query == "?view=list"
    filtered = Client().get(
        reverse("public:calendar") + f"?view=list&board={site['private_board'].pk}"
    )
    assert "Back room" not in filtered.content.decode()
    # nonsense in the query string is not an error
    assert Client().get(reverse("public:calendar") + "?month=banana&board=x").status_code == 200


def test_board_page(site):
    text = Client().get(reverse("public:board", args=[site["board"].pk])).content.decode()
    assert "Dr A Patel" in text and "Budget 2027" in text
    assert reverse("public:board_calendar", args=[site["board"].pk]) in text
    feed = Client().get(reverse("public:board_calendar", args=[site["board"].pk]))
    body = feed.content.decode()
    assert feed["Content-Type"].startswith("text/calendar")
    assert body.count("BEGIN:VEVENT") == 2
    assert reverse("public:meeting", args=[site["meeting"].pk]) in body
    assert "/partnerships/" not in body


def test_report_page(site):
    text = Client().get(reverse("public:report", args=[site["report"].pk])).content.decode()
    assert "Summary of Strategic plan." in text
    assert reverse("public:appendix", args=[site["appendix"].pk]) in text


def test_pack_download_is_the_public_file(site):
    response = Client().get(reverse("public:pack", args=[site["pack"].pk]))
    assert b"".join(response.streaming_content) == PDF


def test_sign_in_page_links_to_the_public_site():
    assert reverse("public:home") in Client().get(reverse("login")).content.decode()


def _more(site, n):
    board = site["board"]
    for i in range(n):
        m = Meeting.objects.create(
            board=board, start=site["meeting"].start + datetime.timedelta(hours=i + 1), venue="Hall"
        )
        pack(m)
        r = report(f"Paper {i}")
        AgendaItem.objects.create(
            meeting=site["meeting"], number=10 + i, title=f"Item {i}", report=r
        )
        AgendaItem.objects.create(
            meeting=site["meeting"], number=100 + i, title="X", exempt=True, exempt_paragraph=1
        )
        MembershipFactory(board=board)
        KeyDecision.objects.create(board=board, title=f"K{i}", decision_date=timezone.localdate())
        appendix(site["report"], f"Annex {i}")


PAGES = [
    ("home", None),
    ("calendar", None),
    ("boards", None),
    ("board", "board"),
    ("meeting", "meeting"),
    ("report", "report"),
]


@pytest.mark.parametrize("name,key", PAGES)
def test_query_counts_do_not_grow_with_rows(site, name, key, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def url():
        return reverse(f"public:{name}", args=[site[key].pk] if key else [])

    month = (
        "" if key else f"?month={site['meeting'].local_start:%Y-%m}" if name == "calendar" else ""
    )
    with CaptureQueriesContext(connection) as few:
        assert Client().get(url() + month).status_code == 200
    _more(site, 6)
    with django_assert_max_num_queries(len(few)):
        assert Client().get(url() + month).status_code == 200


def test_calendar_list_query_count(site, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        Client().get(reverse("public:calendar") + "?view=list")


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "pack.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_public_pack_lists_the_exempt_item_only_by_number_title_and_paragraph(site, tmp_path):
    from partnerships.packs import build_pack_pdf

    meeting = site["meeting"]
    Appendix.objects.all().delete()  # the fixture's stand-in files are not real PDFs
    public, _ = build_pack_pdf(meeting, restricted=False)
    text = " ".join(pdf_text(public, tmp_path).split())
    assert "Exclusion of the press and public" in text
    assert "paragraph(s) 3 of Part 1 of Schedule 12A to the Act" in text
    assert "2. Contract award" in text
    assert "Exempt information: Schedule 12A paragraph 3" in text
    assert text.index("Exclusion of the press") < text.index("2. Contract award")
    assert text.index("2. Contract award") < text.index("3. Draft framework")
    for secret in ("Community transport tenders", "Acme", "Summary of Community"):
        assert secret not in text
    restricted, _ = build_pack_pdf(meeting, restricted=True)
    restricted_text = " ".join(pdf_text(restricted, tmp_path).split())
    assert "Community transport tenders" in restricted_text
