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
CE_CRITERIA = (
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

# --- meetings and officer reports (documents 001 and 002) -------------------------------------
AMBITION_REPORT = {
    "title": "Ambition for All – Partnerships Structure and Strategy 2016-2020",
    "description": "The refresh of Ambition for All and a revised partnership structure for "
    "Cheshire East.",
    "purpose": "To agree the refresh of the strategy, the revised structure and the approach "
    "to funding town partnerships.",
    "decision_required": "To agree the three recommendations.",
    "report_of": "Steph Cordon – Head of Communities",
    "wards_affected": "All wards and all members",
    "author": "Steph Cordon, Head of Communities",
    "contact_details": "Steph.Cordon@cheshireeast.gov.uk Tel: 01270 686 401",
    "target_audience": "Health and Wellbeing Board",
    "circulation": "Health and Wellbeing Board members",
    "cross_reference": "Ambition for All – Sustainable Community Strategy 2010-2025",
    "summary": (
        "<p>Working effectively with our partners has never been more important, as money "
        "becomes tighter and our population grows and lives for longer.</p>"
        "<p>The current Ambition for All – Sustainable Community Strategy 2010-2025 needs "
        "reviewing and refreshing to ensure it continues to be fit for purpose. The refreshed "
        "version will take us into 2020, going live from April 2017 for three years.</p>"
        "<p>We are proposing a strengthened joined up partnership structure, that promotes and "
        "supports open and honest conversations based on what we can do together.</p>"
    ),
    "recommendations": (
        "To agree to the refresh of Ambition for All – Partnership Strategy and its proposed "
        "consultation plan.\n"
        "To agree to the implementation of a revised partnership structure for Cheshire East.\n"
        "To agree to the outlined approach to the funding of town partnerships for 2016/17."
    ),
    "reasons": "<p>To provide an update on the current position to enable informed decisions "
    "on the way forward.</p>",
    "options": "<p>To continue working as currently and not review partnership structures; "
    "there is considerable agreement that current arrangements are not effective.</p>",
    "background": (
        "<p>Partners and communities look to us to be the local leaders of the Cheshire East "
        "footprint, but we can't do it on our own.</p>"
        "<ul><li>Reviewing and revamping the Leaders Board.</li>"
        "<li>Clear lines of accountability through the refreshed strategy.</li>"
        "<li>An area based approach, with participatory budgeting of £400,000 for public health "
        "outcomes.</li>"
        "<li>Reviewing how we fund Town Partnerships: £8,000 each, £72,000 in 2016/17.</li></ul>"
    ),
    "legal": (
        "<p>Consultation must be at a formative stage, give sufficient reasons, allow adequate "
        "time, and its product must be conscientiously taken into account. The Council must "
        "have due regard to the Public Sector Equality Duty (Equality Act 2010, s149).</p>"
    ),
    "financial": "<p>The review will incur staff time but no other additional costs; these "
    "are covered by base budgets.</p>",
    "human_resources": "<p>There are no human resource implications.</p>",
    "equality": "",
    "rural": "",
    "public_health": "<p>A revised strategy will embed the principles of improving outcomes "
    "for residents as highlighted in the public health outcome framework.</p>",
    "risk": "<p>The programme will keep a risk log, regularly reviewed and monitored.</p>",
}

PROTOCOLS_REPORT = {
    "title": "Local Strategic Partnership Framework Agreement and Protocols – Further Development",
    "description": "To update on the proposed ongoing evolution of the Partnership's "
    "Agreement and Protocols document.",
    "purpose": "The Partnership's Agreement and Protocols is one of the two core documents "
    "underpinning the operation of the wider LSP Framework – the other being the Constitution "
    "of the Partnership.",
    "decision_required": "Partners are asked to consider and agree a number of partnership "
    "issues for ongoing development and subsequent inclusion in the Partnership's Agreement "
    "and Protocols.",
    "author": "Alison Armstrong",
    "contact_details": "alison.armstrong@cheshirewestandchester.gov.uk Tel: 01244 973336",
    "target_audience": "West Cheshire Together",
    "circulation": "West Cheshire Together",
    "cross_reference": "Local Strategic Partnership Framework Agreement and Protocols",
    "summary": "<p>Additional topics requiring a wider partnership approach are suggested "
    "for inclusion in the Partnership's Agreement and Protocols, its operational "
    "'handbook'.</p>",
    "recommendations": (
        "Note the progress on the Single Equality Framework, Information Sharing Protocol, "
        "Community Engagement and Empowerment Strategy, Partnership Commissioning Framework "
        "and Third Sector Compact.\n"
        "Agree that the Agreement and Protocols be a living document, updated as required."
    ),
    "background": "<p>On 30th April the Partnership considered draft Framework Agreement and "
    "Protocols and Constitution documents; both have since been consulted on widely.</p>",
}
