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

# --- partnerships (documents 001, 002, 003, 004) ---------------------------------------------
# (name, kind, accountable to, commissioned by, accountable body, geography, start, purpose)
CE = "Cheshire East Council"
CWAC = "Cheshire West and Chester Council"
CEASE_CRITERIA = (
    "Checked against the partnership policy's accountable body criteria: a clear purpose linked "
    "to the Council's priorities, a constitution and terms of reference, named financial "
    "controls and audit, and an exit strategy."
)
CE_RISKS = (
    "Risks accepted: the Council answers for the money and its audit. Benefits: one point of "
    "financial control and a direct line into the Council's priorities."
)

LEADERS = "Cheshire East Leaders Board"
HWB = "Health and Wellbeing Board"
AREA_BOARDS = {
    "Northern Area Board": ["Macclesfield", "Wilmslow", "Knutsford", "Poynton"],
    "Central Area Board": ["Congleton", "Sandbach"],
    "Southern Area Board": ["Crewe", "Nantwich", "Alsager"],
}
CCP = "Communities of Cheshire Partnership"
DISTRICT_LSPS = [
    "Chester",
    "Congleton",
    "Crewe and Nantwich",
    "Ellesmere Port and Neston",
    "Macclesfield",
    "Vale Royal",
]
IMPROVEMENT_CHAIRS = [
    "Chris Mahon",
    "Wendy Wright",
    "Roger Simpson",
    "David Rowlands",
    "Michael Metcalfe",
    "Paul Ancell",
]
WCT = "West Cheshire Together"
WCT_PARTNERS = [
    "Cheshire Constabulary",
    "Cheshire Police Authority",
    "Cheshire Fire and Rescue Service",
    "NHS Western Cheshire",
    CWAC,
    "Third Sector Assembly",
]

AMBITION_FOR_ALL = "Ambition for All"
AMBITION_VISION = (
    "All our people – regardless of age, gender or ethnicity – realise and fulfil their "
    "potential; people are able and supported to live independent, active and healthy lives; "
    "people are involved in local decisions."
)
AMBITION_OUTCOMES = [
    (1, "All our people realise and fulfil their potential"),
    (2, "People live independent, active and healthy lives"),
    (3, "People are involved in local decisions"),
]
