"""The 360Giving Data Standard (1.4.3): published awards as a JSON data package and its flat
CSV, validated offline against the schema kept in ../shared/standards/360giving/.

Grant ids are ``360G-<prefix>-<award id>``, the prefix from ``GRANTS_360_PREFIX``. Recipients
and funders get org-id.guide identifiers: GB-CHC / GB-SC / GB-NIC from a charity number, GB-COH
from a company number, GB-LAE from an English council's code (``GRANTS_LAE_CODES``); a body
with none of these (a partnership, say) gets ``360G-<prefix>-…``, as 360Giving advises.
"""

import json
from functools import cache, lru_cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .models import Award

SCHEMA_VERSION = "1.4"
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
    return settings.BASE_DIR.parent / "shared" / "standards" / "360giving"


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
    now = timezone.now()
    publisher = getattr(settings, "GRANTS_360_PUBLISHER", "") or "Partnership governance portal"
    return {
        "grants": [grant(a) for a in awards],
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
        yield [get(g) for _, get in FLAT_COLUMNS]


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


@lru_cache(maxsize=20_000)
def _grant_errors(grant_json: str) -> tuple:
    """A grant's errors, keyed by its JSON: a download validates only grants that changed
    since the last one (jsonschema takes about a millisecond a grant)."""
    grant_validator = _schemas()[2]
    return tuple(_format_error(e) for e in grant_validator.iter_errors(json.loads(grant_json)))


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
        seen = set()
        for n, item in enumerate(grants):
            canonical = json.dumps(item, sort_keys=True, separators=(",", ":"))
            if canonical in seen:
                found.append((("grants", n), "is the same as an earlier grant (uniqueItems)"))
            seen.add(canonical)
            # Keyed by the grant as written (not sorted), so messages quote it as given.
            as_written = json.dumps(item, separators=(",", ":"))
            found.extend(
                (("grants", n, *path), message) for path, message in _grant_errors(as_written)
            )
    return [
        f"{'/'.join(str(p) for p in path) or '(package)'}: {message}"
        for path, message in sorted(found, key=lambda e: [(isinstance(p, str), p) for p in e[0]])
    ]
