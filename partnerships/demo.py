"""Demo data from the source documents (../shared/seeds/). ``seed_demo`` loads it."""

from .models import Organisation

S = Organisation.Sector
K = Organisation.Kind

# (name, sector, kind, active, address, website) — the partners the seed documents name.
ORGANISATIONS = [
    (
        "Cheshire East Council",
        S.PUBLIC,
        K.LOCAL_AUTHORITY,
        True,
        "Westfields, Middlewich Road, Sandbach CW11 1HZ",
        "https://www.cheshireeast.gov.uk",
    ),
    (
        "Cheshire West and Chester Council",
        S.PUBLIC,
        K.LOCAL_AUTHORITY,
        True,
        "4 Civic Way, Ellesmere Port CH65 0BE",
        "https://www.cheshirewestandchester.gov.uk",
    ),
    (
        "Cheshire County Council",
        S.PUBLIC,
        K.LOCAL_AUTHORITY,
        False,
        "County Hall, Chester CH1 1SF",
        "",
    ),
    (
        "Carlisle City Council",
        S.PUBLIC,
        K.LOCAL_AUTHORITY,
        True,
        "Civic Centre, Rickergate, Carlisle CA3 8QG",
        "",
    ),
    (
        "Cheshire Constabulary",
        S.PUBLIC,
        K.POLICE,
        True,
        "Clemonds Hey, Oakmere Road, Winsford CW7 2UA",
        "https://www.cheshire.police.uk",
    ),
    ("Cheshire Police Authority", S.PUBLIC, K.POLICE_AUTHORITY, False, "", ""),
    (
        "Cheshire Fire and Rescue Service",
        S.PUBLIC,
        K.FIRE_RESCUE,
        True,
        "Clemonds Hey, Oakmere Road, Winsford CW7 2UA",
        "https://www.cheshirefire.gov.uk",
    ),
    ("NHS Western Cheshire", S.PUBLIC, K.NHS, True, "", ""),
    ("Central and Eastern Cheshire Primary Care Trust", S.PUBLIC, K.NHS, True, "", ""),
    ("Cheshire Probation Area", S.PUBLIC, K.PROBATION, True, "", ""),
    ("Her Majesty's Courts Service, Cheshire", S.PUBLIC, K.COURTS, True, "", ""),
    ("Audit Commission", S.PUBLIC, K.OTHER, False, "", ""),
    ("Third Sector Assembly", S.VCFS, K.INFRASTRUCTURE, True, "", ""),
]

DEMO_PASSWORD = "portal-demo-2026"

# (username, name, job title, organisation, role, is administrator)
USERS = [
    ("admin", "Alex Morgan", "Portal administrator", "Cheshire East Council", "Administrator"),
    ("officer", "Priya Shah", "Partnerships Officer", "Cheshire East Council", "Officer"),
    ("member", "Cllr Jane Hughes", "Leaders Board member", "Cheshire East Council", "Board member"),
    ("partner", "Sam Taylor", "Assembly Co-ordinator", "Third Sector Assembly", "Partner contact"),
]
