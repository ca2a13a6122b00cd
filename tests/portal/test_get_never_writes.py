"""A GET never writes: opening a page changes no row.

``DatabaseRecorder`` records the database around a request in two ways: the row count of every
table (one query), and every statement that writes (INSERT, UPDATE, DELETE, REPLACE). The
access matrix (``test_access_matrix``) runs it around every GET it makes, and around every POST
that is refused; this module holds it, and the regression test of the page that used to write.
"""

import datetime
import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Meeting, Minutes

from ..partnerships.factories import BoardFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

# Rows a request may touch that are not the portal's records: the signed-in session (its idle
# timer), sign-in throttling and the sign-in audit.
BOOKKEEPING = re.compile(r"django_session|axes_|signinevent|otp_", re.I)
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.I)
TABLE = re.compile(r"^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+[\"`]?(\w+)", re.I)


def table_counts() -> dict[str, int]:
    """Every table's row count, in one query."""
    tables = sorted(t for t in connection.introspection.table_names() if not BOOKKEEPING.search(t))
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM {quote(t)}" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


class DatabaseRecorder:
    """``with DatabaseRecorder() as db: ...`` then ``db.changes``: the writes made, and the
    tables whose row counts moved, leaving out the session and sign-in bookkeeping.

    ``count_rows=False`` records the statements alone: every statement Django sends goes
    through the wrapper, so this misses nothing the portal writes, and it spares counting every
    table twice per request (the access matrix makes thousands of requests)."""

    def __init__(self, *, count_rows: bool = True):
        self.count_rows = count_rows

    def __enter__(self):
        self.writes: list[str] = []
        self.moved = {}
        self.before = table_counts() if self.count_rows else {}
        self._wrapper = connection.execute_wrapper(self._record)
        self._wrapper.__enter__()
        return self

    def _record(self, execute, sql, params, many, context):
        if WRITE.match(sql):
            table = TABLE.match(sql)
            if not (table and BOOKKEEPING.search(table.group(1))):
                self.writes.append(sql[:160])
        return execute(sql, params, many, context)

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)
        if not self.count_rows:
            return False
        after = table_counts()
        self.moved = {
            t: (self.before.get(t), n) for t, n in after.items() if self.before.get(t) != n
        }
        return False

    @property
    def changes(self) -> list[str]:
        return [*self.writes, *(f"{t}: {a} → {b} rows" for t, (a, b) in self.moved.items())]


def test_the_recorder_sees_a_write_and_ignores_a_read(officer):
    with DatabaseRecorder() as db:
        list(Meeting.objects.all())
    assert db.changes == []
    with DatabaseRecorder() as db:
        PartnershipFactory(name="Written")
    assert any("partnerships_partnership" in c for c in db.changes)


def test_opening_write_the_minutes_creates_no_draft(client_for, make_user):
    """It used to: a GET of the minutes page made an empty draft that every member then saw."""
    from portal.roles import Role

    lead = make_user(Role.OFFICER)
    partnership = PartnershipFactory(lead_officer=lead)
    meeting = Meeting.objects.create(
        board=BoardFactory(partnership=partnership),
        start=timezone.now() - datetime.timedelta(days=1),
        venue="Town Hall",
    )
    client = client_for(lead)
    url = reverse("partnerships:minutes", args=[meeting.pk])
    with DatabaseRecorder() as db:
        assert client.get(url).status_code == 200
    assert db.changes == []
    assert not Minutes.objects.filter(meeting=meeting).exists()
    # Saving the form is what makes the draft.
    assert client.post(url, {"notes": "Present: all."}).status_code == 302
    assert Minutes.objects.get(meeting=meeting).notes == "Present: all."
