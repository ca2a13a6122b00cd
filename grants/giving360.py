"""The 360Giving Data Standard (1.4.3): published awards as a JSON data package and its flat
CSV, validated offline against the schemas kept with this app (schemas/360giving/1.4.3/).

The files are written by a background job (``grants.exports.giving360_export``) a grant at a
time, each grant validated as it is written, so tens of thousands of awards take no more memory
than a few.

Grant ids are ``360G-<prefix>-<award id>``, the prefix from ``GRANTS_360_PREFIX``. Recipients
and funders get org-id.guide identifiers: GB-CHC / GB-SC / GB-NIC from a charity number, GB-COH
from a company number, GB-LAE from an English council's code (``GRANTS_LAE_CODES``); a body
with none of these (a partnership, say) gets ``360G-<prefix>-…``, as 360Giving advises.
"""

import csv
import hashlib
import io
import json
import threading
from collections import OrderedDict, namedtuple
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from portal.exports import spreadsheet_safe

from .models import Award

SCHEMA_VERSION = "1.4"
SCHEMA_RELEASE = "1.4.3"  # the folder under schemas/360giving/ that the files come from
GRANT_SCHEMA_URLS = [
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.3/schema/360-giving-schema.json",
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json",
]
DEFAULT_PREFIX = "portal"
DEFAULT_LAE_CODES = {
    "Cheshire East Council": "CHE",
    "Cheshire West and Chester Council": "CHW",
    "Carlisle City Council": "CAR",
}


def schema_dir() -> Path:
    return Path(__file__).resolve().parent / "schemas" / "360giving" / SCHEMA_RELEASE


def prefix() -> str:
    return getattr(settings, "GRANTS_360_PREFIX", DEFAULT_PREFIX)


def grant_id(award: Award) -> str:
    return f"360G-{prefix()}-{award.pk}"


def organisation_id(org) -> str:
    if org.org_id:
        return org.org_id
    code = getattr(settings, "GRANTS_LAE_CODES", DEFAULT_LAE_CODES).get(org.name)
    if code:
        return f"GB-LAE-{code}"
    return f"360G-{prefix()}-org-{org.pk}"


def organisation(org) -> dict:
    data = {"id": organisation_id(org), "name": org.name}
    if org.charity_number:
        data["charityNumber"] = org.charity_number
    if org.company_number:
        data["companyNumber"] = org.company_number
    return data


def recipient(award: Award) -> dict:
    if award.recipient_organisation_id:
        return organisation(award.recipient_organisation)
    partnership = award.recipient_partnership
    return {"id": f"360G-{prefix()}-partnership-{partnership.pk}", "name": partnership.name}


def _datetime(day) -> str:
    # Full date-time: the schema's "date or date-time" is a oneOf that a bare date satisfies
    # twice when formats are not asserted, so a date-time is the form valid either way.
    return f"{day.isoformat()}T00:00:00+00:00"


def published_awards():
    """Awards approved and after (not proposed, not withdrawn): what the council has decided."""
    return (
        Award.objects.committed()
        .for_list()
        .select_related("fund__funder")
        .order_by("fund__financial_year", "fund__name", "pk")
    )


def grant(award: Award) -> dict:
    fund = award.fund
    award_date = award.approved_on or award.start_date
    return {
        "id": grant_id(award),
        "title": award.title,
        "description": award.purpose or award.title,
        "currency": "GBP",
        "amountAwarded": float(award.amount),
        "amountDisbursed": float(award.paid_total),
        "awardDate": _datetime(award_date),
        "plannedDates": [
            {"startDate": _datetime(award.start_date), "endDate": _datetime(award.end_date)}
        ],
        "recipientOrganization": [recipient(award)],
        "fundingOrganization": [organisation(fund.funder)],
        "grantProgramme": [
            {"code": f"{prefix()}-fund-{fund.pk}", "title": str(fund)},
        ],
        "fromOpenCall": "Yes" if award.route == Award.Route.OPEN_CALL else "No",
        "dateModified": award.updated_at.isoformat(),
    }


def package(awards=None) -> dict:
    awards = published_awards() if awards is None else awards
    return {"grants": [grant(a) for a in awards], **package_metadata()}


def package_metadata() -> dict:
    """The package's fields other than its grants."""
    now = timezone.now()
    publisher = getattr(settings, "GRANTS_360_PUBLISHER", "") or "Partnership governance portal"
    return {
        "version": SCHEMA_VERSION,
        "title": f"{publisher}: grants awarded",
        "description": "Grants approved from the funds kept in the partnership portal.",
        "issued": now.isoformat(timespec="seconds"),
        "modified": now.isoformat(timespec="seconds"),
        "identifier": f"360G-{prefix()}-{now:%Y%m%d}",
        "publisher": {"name": publisher},
        "license": "https://creativecommons.org/licenses/by/4.0/",
    }


FLAT_COLUMNS = [
    ("Identifier", lambda g: g["id"]),
    ("Title", lambda g: g["title"]),
    ("Description", lambda g: g["description"]),
    ("Currency", lambda g: g["currency"]),
    ("Amount Awarded", lambda g: f"{g['amountAwarded']:.2f}"),
    ("Amount Disbursed", lambda g: f"{g['amountDisbursed']:.2f}"),
    ("Award Date", lambda g: g["awardDate"][:10]),
    ("Planned Dates:Start Date", lambda g: g["plannedDates"][0]["startDate"][:10]),
    ("Planned Dates:End Date", lambda g: g["plannedDates"][0]["endDate"][:10]),
    ("Recipient Org:Identifier", lambda g: g["recipientOrganization"][0]["id"]),
    ("Recipient Org:Name", lambda g: g["recipientOrganization"][0]["name"]),
    (
        "Recipient Org:Charity Number",
        lambda g: g["recipientOrganization"][0].get("charityNumber", ""),
    ),
    (
        "Recipient Org:Company Number",
        lambda g: g["recipientOrganization"][0].get("companyNumber", ""),
    ),
    ("Funding Org:Identifier", lambda g: g["fundingOrganization"][0]["id"]),
    ("Funding Org:Name", lambda g: g["fundingOrganization"][0]["name"]),
    ("Grant Programme:Code", lambda g: g["grantProgramme"][0]["code"]),
    ("Grant Programme:Title", lambda g: g["grantProgramme"][0]["title"]),
    ("From An Open Call?", lambda g: g["fromOpenCall"]),
    ("Last Modified", lambda g: g["dateModified"]),
]


def flat_rows(data: dict):
    yield [heading for heading, _ in FLAT_COLUMNS]
    for g in data["grants"]:
        yield flat_row(g)


def flat_row(g: dict) -> list:
    return [get(g) for _, get in FLAT_COLUMNS]


@cache
def _schemas():
    from jsonschema import Draft202012Validator
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    folder = schema_dir()
    grant_schema = json.loads((folder / "360-giving-schema.json").read_text())
    package_schema = json.loads((folder / "360-giving-package-schema.json").read_text())
    # The files name their dialect with http://, which referencing does not detect.
    resource = DRAFT202012.create_resource(grant_schema)
    registry = Registry().with_resources([(url, resource) for url in GRANT_SCHEMA_URLS])
    # The package without its grants: they are checked one by one below, each against the
    # grant schema the package's "items" names, and for "uniqueItems" with a set.
    grants_rule = package_schema["properties"]["grants"]
    split = set(grants_rule) <= {"title", "type", "minItems", "items", "uniqueItems"} and (
        grants_rule["items"] == {"$ref": grants_rule["items"].get("$ref")}
        and grants_rule["items"]["$ref"] in GRANT_SCHEMA_URLS
    )
    outer = {
        **package_schema,
        "properties": {k: v for k, v in package_schema["properties"].items() if k != "grants"},
    }
    return (
        Draft202012Validator(package_schema, registry=registry),
        Draft202012Validator(outer, registry=registry),
        Draft202012Validator(grant_schema, registry=registry) if split else None,
    )


def _validator():
    """The whole package schema, as published (the tests check the quick path against it)."""
    return _schemas()[0]


def _format_error(error) -> tuple:
    return tuple(error.absolute_path), error.message


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


CacheInfo = namedtuple("CacheInfo", ["hits", "misses", "maxsize", "currsize"])


class _GrantErrorCache:
    """Each grant's errors, remembered by a digest of its JSON: an export validates only the
    grants that changed since the last one (jsonschema takes about a millisecond a grant). A
    digest rather than the JSON itself, so that remembering 50,000 grants costs a few MiB."""

    def __init__(self, maxsize: int):
        self.maxsize = maxsize
        self._errors: OrderedDict[bytes, tuple] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def __call__(self, grant_json: str) -> tuple:
        key = _digest(grant_json)
        with self._lock:
            if key in self._errors:
                self._errors.move_to_end(key)
                self.hits += 1
                return self._errors[key]
        grant_validator = _schemas()[2]
        errors = tuple(
            _format_error(e) for e in grant_validator.iter_errors(json.loads(grant_json))
        )
        with self._lock:
            self.misses += 1
            self._errors[key] = errors
            if len(self._errors) > self.maxsize:
                self._errors.popitem(last=False)
        return errors

    def cache_clear(self) -> None:
        with self._lock:
            self._errors.clear()
            self.hits = self.misses = 0

    def cache_info(self) -> CacheInfo:
        return CacheInfo(self.hits, self.misses, self.maxsize, len(self._errors))


_grant_errors = _GrantErrorCache(maxsize=50_000)


class _GrantChecker:
    """The package schema's rule for "grants", applied one grant at a time: each against the
    grant schema the rule's "items" names, and "uniqueItems" against a digest of every grant
    before it (jsonschema's own check compares every pair of grants, and keeps them all)."""

    def __init__(self):
        self._seen: set[bytes] = set()

    def errors(self, n: int, item) -> list[tuple]:
        found = []
        key = _digest(json.dumps(item, sort_keys=True, separators=(",", ":")))
        if key in self._seen:
            found.append((("grants", n), "is the same as an earlier grant (uniqueItems)"))
        self._seen.add(key)
        # Validated as written (not sorted), so messages quote the grant as given.
        as_written = json.dumps(item, separators=(",", ":"))
        found.extend((("grants", n, *path), message) for path, message in _grant_errors(as_written))
        return found


def _messages(found) -> list[str]:
    return [
        f"{'/'.join(str(p) for p in path) or '(package)'}: {message}"
        for path, message in sorted(found, key=lambda e: [(isinstance(p, str), p) for p in e[0]])
    ]


def validation_errors(data: dict) -> list[str]:
    """Every way ``data`` breaks the 360Giving package schema; empty when it is valid.

    Checked as the package schema says, but in time that grows with the number of grants:
    jsonschema's own "uniqueItems" compares every pair of grants (a few seconds for a few
    thousand), and each grant's result is remembered while it does not change."""
    full, outer, grant_validator = _schemas()
    grants = data.get("grants") if isinstance(data, dict) else None
    if grant_validator is None or not isinstance(grants, list) or not grants:
        found = [_format_error(e) for e in full.iter_errors(data)]
    else:
        found = [_format_error(e) for e in outer.iter_errors(data)]
        checker = _GrantChecker()
        for n, item in enumerate(grants):
            found.extend(checker.errors(n, item))
    return _messages(found)


# --- Writing the files, a grant at a time ----------------------------------------------------

FORMATS = ("json", "csv")
CHUNK_SIZE = 2000  # awards fetched from the database at a time
ERRORS_KEPT = 100  # an invalid export reports the first errors, not every one


class NothingToPublish(ValueError):
    def __init__(self):
        super().__init__("There are no approved awards to publish yet.")


class InvalidPackage(ValueError):
    """The data would not validate, so no file was made."""

    def __init__(self, errors: list[str], total: int):
        self.errors = errors
        self.total = total
        more = f" (and {total - 5:,} more)" if total > 5 else ""
        super().__init__(
            "The 360Giving file was not made because it would not validate: "
            + "; ".join(errors[:5])
            + more
        )


def _each_award(awards):
    awards = published_awards() if awards is None else awards
    return awards.iterator(chunk_size=CHUNK_SIZE)


def write_json(out, awards=None) -> int:
    """Write the data package to the binary file ``out`` and return how many grants it holds.

    The metadata is validated against the package schema and each grant against the grant
    schema as it is written, so memory does not grow with the number of awards. Raises
    ``InvalidPackage`` once every grant is written if any of it broke the schema (the caller
    throws the file away), and ``NothingToPublish`` if there were no grants."""
    _, outer, grant_validator = _schemas()
    if grant_validator is None:
        # Only if the vendored package schema stopped describing "grants" as a plain array of
        # grants, which 1.4.3 does; validating it whole would need every grant in memory.
        raise RuntimeError("The 360Giving package schema cannot be checked a grant at a time.")
    metadata = package_metadata()
    # The placeholder "grants" stands for the array checked grant by grant below.
    found = [_format_error(e) for e in outer.iter_errors({"grants": [], **metadata})]
    out.write(b"{\n")
    for key, value in metadata.items():
        out.write(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n".encode())
    out.write(b'  "grants": [')
    checker = _GrantChecker()
    problems = len(found)
    count = 0
    for n, award in enumerate(_each_award(awards)):
        item = grant(award)
        errors = checker.errors(n, item)
        problems += len(errors)
        found.extend(errors[: max(0, ERRORS_KEPT - len(found))])
        out.write(("\n    " if n == 0 else ",\n    ").encode())
        out.write(json.dumps(item, ensure_ascii=False).encode())
        count += 1
    out.write(b"\n  ]\n}\n")
    if not count:
        raise NothingToPublish()
    if found:
        raise InvalidPackage(_messages(found), problems)
    return count


def write_csv(out, awards=None) -> int:
    """Write the flat CSV (360Giving's column names, a UTF-8 byte-order mark first so Excel
    reads accents) to the binary file ``out``, a row at a time; returns the number of rows."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    count = 0
    try:
        text.write("\ufeff")
        writer = csv.writer(text)
        writer.writerow([heading for heading, _ in FLAT_COLUMNS])
        for award in _each_award(awards):
            writer.writerow([spreadsheet_safe(str(cell)) for cell in flat_row(grant(award))])
            count += 1
        text.flush()
    finally:
        text.detach()  # leave ``out`` open for the caller
    if not count:
        raise NothingToPublish()
    return count
