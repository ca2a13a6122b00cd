"""Demo data from the source documents (../shared/seeds/). ``seed_demo`` loads it."""

import datetime
from zoneinfo import ZoneInfo

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
CE_NAME = "Cheshire East Council"
USERS = [
    ("admin", "Alex Morgan", "Portal administrator", "Cheshire East Council", "Administrator"),
    ("officer", "Priya Shah", "Partnerships Officer", "Cheshire East Council", "Officer"),
    ("member", "Cllr Jane Hughes", "Leaders Board member", "Cheshire East Council", "Board member"),
    ("partner", "Sam Taylor", "Assembly Co-ordinator", "Third Sector Assembly", "Partner contact"),
    # Officers who clear reports: the finance and the legal sign-off of a report's cover sheet.
    ("finance", "Dan Okafor", "Finance Manager", CE_NAME, "Officer+Finance sign-off"),
    ("legal", "Ruth Evans", "Principal Solicitor", CE_NAME, "Officer+Legal sign-off"),
]

# --- partnerships (documents 001, 002, 003, 004) ---------------------------------------------
# (name, kind, accountable to, commissioned by, accountable body, geography, start, purpose)
CE = "Cheshire East Council"
CWAC = "Cheshire West and Chester Council"
CCC = "Cheshire County Council"
# Invented where no document gives it: every such figure or record says so where it is shown.
ILLUSTRATIVE = "(illustrative)"
ILLUSTRATIVE_FIGURE = "(illustrative figure)"
# Document 004 (Carlisle, 2004) says that clear accountable body criteria "needs to be
# established" and does not list them: the criteria below are an illustration of such a test.
CE_CRITERIA = (
    "Checked against the partnership policy's accountable body criteria (illustrative: "
    "document 004 asks for clear criteria to be established but does not list them): a clear "
    "purpose linked to the Council's priorities, a constitution and terms of reference, named "
    "financial controls and audit, and an exit strategy."
)
CE_RISKS = (
    "Risks accepted: the Council answers for the money and its audit. Benefits: one point of "
    "financial control and a direct line into the Council's priorities (illustrative)."
)

LEADERS = "Cheshire East Leaders Board"
HWB = "Health and Wellbeing Board"
# Document 001 proposes "an area based approach" and town partnerships at £8,000 each (nine, for
# the £72,000): it names neither the Area Boards nor the towns, so these are illustrative.
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
# Document 001, 5.3: the vision as it "could be".
AMBITION_VISION = (
    "All our people – regardless of age, gender or ethnicity realise and fulfil their "
    "potential; People are able and supported to live independent, active and healthy lives: "
    "People are involved in local decisions."
)
OUTCOME_1 = "All our people – regardless of age, gender or ethnicity realise and fulfil"
AMBITION_OUTCOMES = [
    (1, f"{OUTCOME_1} their potential"),
    (2, "People are able and supported to live independent, active and healthy lives"),
    (3, "People are involved in local decisions"),
]
# Document 001, 1.3: the refreshed strategy goes live from April 2017 and spans 3 years.
AMBITION_PERIOD = (datetime.date(2017, 4, 1), datetime.date(2020, 3, 31))

# --- meetings and officer reports (documents 000, 001 and 002) ---------------------------------
# The Council's Cabinet is not a partnership, but a board belongs to one in this portal: it is
# recorded as one so that its meetings on documents 000 and 001 and their packs are here.
CABINET = "Cheshire East Council Cabinet"
CABINET_PURPOSE = (
    "The Council's executive, not a partnership: recorded here for the Cabinet reports on "
    "partnership working (8 September 2008 and 12 July 2016) and their agenda packs."
)
# The documents give no venue or time for either meeting.
CABINET_VENUE = "Westfields, Middlewich Road, Sandbach (illustrative venue)"
WCT_VENUE = "Venue not given in the report (illustrative: County Hall, Chester)"
UK = ZoneInfo("Europe/London")  # the meetings' times are UK times
WCT_MEETING_START = datetime.datetime(2009, 7, 30, 10, 0, tzinfo=UK)  # the time is illustrative
# Whom to ask about the papers: the report's author and contact (document 002).
WCT_CONTACT = {
    "contact_officer": "Alison Armstrong",
    "contact_phone": "01244 973336",
    "contact_email": "alison.armstrong@cheshirewestandchester.gov.uk",
}
CABINET_2008_START = datetime.datetime(2008, 9, 8, 14, 0, tzinfo=UK)
CABINET_2016_START = datetime.datetime(2016, 7, 12, 14, 0, tzinfo=UK)

# Document 001, word for word.
AMBITION_REPORT = {
    "title": "Ambition for All - Partnerships Structure and Strategy 2016-2020",
    "description": "Portfolio Holder: Cllr Paul Bates, Communities and Health.",
    "report_of": "Steph Cordon – Head of Communities",
    "wards_affected": "All wards and all members",
    "author": "Steph Cordon, Head of Communities",
    "contact_details": "Steph.Cordon@cheshireeast.gov.uk Tel: 01270 686 401",
    "target_audience": "Cabinet",
    "cross_reference": "Ambition for All – Sustainable Community Strategy 2010-2025",
    "summary": (
        "<p>1.1. Working effectively with our partners has never been more important, as money "
        "becomes tighter and our population grows and lives for longer. If we are to realise our "
        "ambitions we need to focus on total public service transformation to reduce demand on "
        "services and support economic prosperity.</p>"
        "<p>1.2. The current Ambition for All - Sustainable Community Strategy 2010-2025 needs "
        "reviewing and refreshing to ensure it continues to be fit for purpose and drives change "
        "to address identified priorities. The aim is to build on the excellent work undertaken "
        "for the development of the original strategy which involved and engaged both partners "
        "and the local community.</p>"
        "<p>1.3. The refreshed version will take us into 2020. The strategy will be expected to "
        "“go live” from April 2017 and will span 3 years.</p>"
        "<p>1.4. To drive forward the revised strategy and monitor delivery, the overarching "
        "partnership governance framework has been reviewed and a new structure proposed.</p>"
        "<p>1.5. We are proposing a strengthened joined up partnership structure, that promotes "
        "and supports open and honest conversations based on what we can do together to make an "
        "impact.</p>"
        "<p>1.6. The overarching vision for the strategy will aspire to a better future for "
        "Cheshire East where all organisations work together as one system.</p>"
    ),
    "recommendations": (
        "To agree to the refresh of Ambition for All – Partnership Strategy and its proposed "
        "consultation plan.\n"
        "To agree to the implementation of a revised partnership structure for Cheshire East.\n"
        "To agree to the outlined approach to the funding of town partnerships for 2016/17."
    ),
    "reasons": "<p>3.1. To provide an update on the current position to enable Cabinet to make "
    "informed decisions on the way forward.</p>",
    "options": "<p>4.1. There is an option to continue working as currently and not review "
    "partnership structures and arrangements, however there is considerable agreement that "
    "current arrangements are not effective, certainly in ownership and delivery of Ambition "
    "for All.</p>",
    "background": (
        "<p>5.1. Increasingly, partners and communities look to us to be the local leaders of the "
        "Cheshire East footprint, but we can't do it on our own and successful leadership is "
        "about collaboration and relationships with others.</p>"
        "<p>5.2. The success of a revised Ambition for All - Partnership Strategy depends on how "
        "well public services can work together and how successful we are at encouraging people "
        "living in Cheshire East to be involved.</p>"
        "<p>5.3. Initial consideration for the structure and content of the strategy "
        "includes:</p>"
        "<ul><li>Where are we now and where do we want to get to?</li>"
        "<li>Currently this is articulated as: All our people fulfil their potential; People "
        "live independent, active and healthy lives: People are involved in local decisions. "
        "It is suggested that this could be: All our people – regardless of age, gender or "
        "ethnicity realise and fulfil their potential; People are able and supported to live "
        "independent, active and healthy lives: People are involved in local decisions.</li>"
        "<li>What has the Sustainable Community Strategy delivered so far, how can we evidence "
        "our success?</li>"
        "<li>Who are our communities and who are our key partners?</li>"
        "<li>What do our communities need and want?</li>"
        "<li>Mapping of shared objectives and priorities</li>"
        "<li>How can we work together to deliver shared objectives (governance and "
        "accountability, pooled budgets)</li>"
        "<li>How do we monitor progress and evidence what success looks like</li>"
        "<li>Agreed priorities for year 1 of the refreshed strategy to be delivered by a "
        "partnership action plan.</li></ul>"
        "<p>5.4. A strengthened partnership structure is being proposed, that promotes and "
        "supports open and honest conversations based on what we can do together to make an "
        "impact. This is illustrated in Appendices 1 and 2.</p>"
        "<p>5.5. There are some great examples of partnerships working well, but our challenges "
        "are joining up at both a neighbourhood level and total Cheshire East footprint.</p>"
        "<p>5.6. The main changes being proposed are:</p>"
        "<p>5.6.1. Reviewing and revamping the Leaders Board to ensure that the right people are "
        "connected and working together for the benefit of Cheshire East as a whole.</p>"
        "<p>5.6.2. Ensuring that the refreshed partnership strategy has clear lines of "
        "accountability all the way through it for different elements of the strategy. The "
        "revised partnership strategy is envisaged to be high level, articulating the "
        "partnership strategic aims and ambitions. The strategy will be adopted and “owned” by "
        "the relevant board. For example; where elements of the partnership strategy relate to "
        "Health and Wellbeing, the Health and Wellbeing Board would develop a strategic plan to "
        "drive the priorities for delivery. The plan would include, clear and tangible actions, "
        "measures of success and an action owner who is ultimately responsible for the delivery. "
        "The Health and Wellbeing Board would be held accountable to and commissioned by the "
        "Leaders Board, ensuring that the strategic delivery plan dovetailed and aligned to those "
        "across the partnership. They would be expected to speak to the other partnerships and "
        "especially the Area Boards to get a local feel for what each community needs and enable "
        "co-production.</p>"
        "<p>5.6.3. Developing an area based approach which reflects the needs of localities and "
        "can be the place where the needs of each area are reflected into the thematic "
        "partnerships and upwards into the Leaders Board. They would be responsible for "
        "participatory budgeting and the first phase of this is proposed to be £400,000 for the "
        "delivery of public health outcomes. An example of their engagement and influence would "
        "be how they influenced the strategy and policies of organisations to re-align service "
        "delivery according to need.</p>"
        "<p>5.6.4. Refining our engagement structure with residents, businesses, hard to reach "
        "groups and thematic areas to ensure that we have representative and inclusive ways for "
        "the community, voluntary and faith sector to engage with us and to influence the "
        "commissioning of services.</p>"
        "<p>5.6.5. Reviewing how we fund and work with our Town Partnerships to strengthen our "
        "joint working and ensure that we have not only aligned priorities but evidence of "
        "success. We currently provide £8,000 per town partnership. A total grant fund of "
        "£72,000 will be required in 2016/17. This has been identified and accounted for as "
        "expenditure from budgets within Partnerships and Communities. It is proposed therefore "
        "that for 2016/17 we continue to fund Town Partnerships as previously agreed per a direct "
        "grant award with £8,000 per Town Partnership. However for 2017/18 through to 2019/2020 "
        "we will look to “commission” for outcomes that are aligned to the strategic aims and "
        "ambitions as set out in the refreshed partnership strategy.</p>"
        "<p>5.6.6. An outline project plan has been developed for delivery of this work and can "
        "be seen in Appendix 3.</p>"
        "<p>7.1.1. Policy implications: the recommendations proposed will support and are "
        "aligned to the Council’s corporate ambitions and its values to deliver its promise of "
        "Putting Resident First.</p>"
    ),
    "legal": (
        "<p>7.2.1. In undertaking the review and refresh of the strategy the Service has said it "
        "will be undertaking consultation. In doing so the Service needs to consider both who to "
        "consult (general public and stakeholders) and when to consult (including any need to "
        "re-consult as plans develop and options are narrowed/refined). The general principles "
        "that must be followed when consulting are well established:</p>"
        "<ul><li>The consultation must be at a time when proposals are still at a formative "
        "stage.</li>"
        "<li>The proposer must give sufficient reasons for any proposal to enable intelligent "
        "consideration and response. Those consulted should be aware of the criteria that will "
        "be applied when considering proposals and which factors will be considered decisive or "
        "of substantial importance at the end of the Consultation process</li>"
        "<li>Adequate time must be given for consideration and response.</li>"
        "<li>The product of consultation must be conscientiously taken into account in "
        "finalising any statutory proposals</li></ul>"
        "<p>7.2.2. In developing the strategy the Council must have due regard to the Public "
        "Sector Equality Duty as set out at S149 of the Equality Act 2010. Carrying out an "
        "Equality Impact Assessment would assist in demonstrating that the Council has due "
        "regard to the Equality Act 2010.</p>"
        "<p>7.2.3. As the strategy develops due consideration will need to be given to the means "
        "by which funding will be sourced and distributed in order to meet specific service "
        "delivery plans. Any formal arrangements (such as partnership working and the "
        "procurement of services) need to be compliant with the Council’s own Finance and "
        "Contract Procedure Rules and National and European procurement legislation. Any State "
        "Aid implications will need to be identified and addressed. When granting funding to "
        "partners the Council needs to be mindful of state aid and ideally mitigate the risks by "
        "following a competitive process.</p>"
        "<p>7.2.4. Legal advice should be sought on the overarching partnership/joint working "
        "arrangements (governance and funding) once the options for delivery have been finally "
        "established.</p>"
    ),
    "financial": "<p>7.3.1. Undertaking the review and refresh of the revised strategy and "
    "its ongoing implementation will incur staff time but no other additional costs. The "
    "staffing costs are already covered by base budgets within the relevant service.</p>",
    "human_resources": "<p>7.4.1. There are no human resource implications, all required work "
    "will be delivered within existing resources.</p>",
    "equality": "<p>7.5.1. There are no specific equality implications.</p>",
    "rural": "<p>7.6.1. There are no specific implications for the rural community.</p>",
    "public_health": "<p>7.7.1. There are no specific implications for the public health of "
    "Cheshire East residents. A revised strategy will embed the principles of improving "
    "outcomes for residents as highlighted in the public health outcome framework.</p>",
    "risk": "<p>8.1. This programme of work will be underpinned by a project management "
    "approach and as such will have a risk log which will be regularly reviewed and monitored. "
    "High level risks have already been identified and can be seen in Appendix 3.</p>",
    "background_papers": "9.1. A copy of Ambition for All – Sustainable Community Strategy "
    "2010-2025 can be accessed via the following hyperlink: http://www.cheshireeast.gov.uk/"
    "council_and_democracy/community/pace_strategic_partnerships/"
    "sustainable_community_strategy.aspx\n"
    "9.2. Further information in relation to the report and its contents can be accessed by "
    "contacting the report author.",
}

# Document 002: the report cover sheet and the report, word for word.
PROTOCOLS_REPORT = {
    "title": "Local Strategic Partnership Framework Agreement and Protocols – Further Development",
    "description": "To update on the proposed ongoing evolution of the Partnership's "
    "Agreement and Protocols document.",
    "purpose": "The Partnership's Agreement and Protocols is one of the two core documents "
    "underpinning the operation of the wider LSP Framework – the other being the Constitution "
    "of the Partnership. The Agreement and Protocols act as the operational 'handbook' of the "
    "Partnership, ensuring good partnership practice, where appropriate, throughout.",
    "decision_required": "Partners are asked to consider and agree a number of partnership "
    "issues for ongoing development and subsequent inclusion in the Partnership's Agreement "
    "and Protocols.",
    "author": "Alison Armstrong",
    "contact_details": "alison.armstrong@cheshirewestandchester.gov.uk Tel: 01244 973336",
    "publication_date": datetime.date(2009, 7, 30),
    "target_audience": "West Cheshire Together",
    "circulation": "West Cheshire Together",
    "cross_reference": "Local Strategic Partnership Framework Agreement and Protocols",
    "summary": "<p>1 The purpose of this report is to outline a number of additional topics "
    "requiring a wider partnership approach for suggested inclusion in the Partnership's "
    "Agreement and Protocols document as the operational 'handbook' for the Partnership.</p>",
    "recommendations": (
        "partners consider and agree the Equality and Diversity statement and the Information "
        "Sharing Protocol for inclusion in the Partnership's Agreement and Protocols;\n"
        "partners receive further updates on the development of the Community Engagement and "
        "Empowerment Strategy, Partnership Commissioning Framework and Third Sector Compact "
        "action plan with a view to incorporating these in the Partnership's Agreement and "
        "Protocols when agreed; and\n"
        "partners consider and agree other potential issues for development and subsequent "
        "inclusion in the Partnership's Agreement and Protocols."
    ),
    "background": (
        "<p>2 On 30th April, the Partnership considered draft Local Strategic Partnership "
        "Framework Agreement and Protocols and Constitution documents designed to support the "
        "operation and management of the new LSP. Both documents had been circulated to "
        "partners in advance of the meeting and initial amendments made. Since then, both "
        "documents have been subject to a wider consultation, though no further comments on "
        "content have been received. As such, the documents will be endorsed in their current "
        "form on 30th July.</p>"
        "<p>3 That said, as the Partnership itself continues to evolve, it is likely that further "
        "areas requiring a collective approach or steer will emerge. As such, it is suggested "
        "that the Agreement and Protocols be viewed as a 'living' document to be regularly "
        "updated or expanded as and when required to reflect the ongoing development of "
        "partnership working across the Borough.</p>"
        "<p>4 Since the draft document was produced, a number of potential additional areas "
        "requiring a more collaborative approach have been identified. These include:</p>"
        "<ul><li>Single Equality Framework</li><li>Information Sharing Protocol</li>"
        "<li>Community Engagement &amp; Empowerment Strategy</li>"
        "<li>Partnership Commissioning Framework</li><li>Third Sector Compact</li></ul>"
        "<h3>Progress to Date</h3>"
        "<h4>a) Single Equality Framework</h4>"
        "<p>5 In recognition of the importance of collectively understanding and responding to "
        "the diverse needs of our communities through our Sustainable Community Strategy and "
        "Local Area Agreement, a group of Equality and Diversity lead officers from across the "
        "sub-region have developed a multi-functional statement on equality and diversity to "
        "form part of the Partnership's Agreement and Protocols. The group has involved "
        "representatives from the Constabulary, Police Authority, Fire and Rescue Service, "
        "Probation, Courts Services, the two Primary Care Trusts and the two new local "
        "authorities and they will continue to develop as a sub-regional Single Equality Group. "
        "The statement was circulated to partners on 3rd July for consideration and comment.</p>"
        "<h4>b) Information Sharing Protocol</h4>"
        "<p>6 One of the early findings from the CAA self-assessment and other recent activity "
        "to examine effective implementation of partnership plans and strategies is the "
        "increasing need to share information across a wide range of partners. In some "
        "circumstances this can be difficult, particularly where the information to be shared "
        "is of a sensitive nature or where data protection could be an issue. The need for an "
        "information sharing protocol was discussed at a recent meeting of the Children and "
        "Young People's Partnership (i.e. Children's Trust) though it was felt that the issue "
        "needed wider partnership consideration due to its relevance to all aspects of thematic "
        "and geographic partnership working.</p>"
        "<p>7 In 2008, the Government produced a pocket guide on Information Sharing as part of "
        "its information sharing guidance package. This aims to support good practice in "
        "information sharing by offering clarity on when and how information can be shared "
        "legally and professionally in order to achieve improved outcomes. The guide was "
        "produced jointly by the Departments for Children, Schools and Families and Communities "
        "and Local Government. Again, the guide was circulated to partners on 3rd July for "
        "consideration and comment.</p>"
        "<h4>c) Community Engagement &amp; Empowerment Strategy</h4>"
        "<p>8 Another of the early findings of the CAA self assessment was the need for the "
        "partnership to better understand how each partner organisation currently engages with "
        "and empowers individuals and communities and to explore how this might be improved upon "
        "through a more co-ordinated approach.</p>"
        "<p>9 As a consequence, work is now underway on the development of a draft Community "
        "Engagement and Empowerment Strategy for the partnership. The Strategy is being "
        "progressed through a small sub-group of partners comprising representatives from "
        "Cheshire Constabulary, Cheshire Police Authority, Cheshire Fire and Rescue Service, NHS "
        "Western Cheshire, Cheshire West and Chester Council and the Third Sector Assembly.</p>"
        "<p>It is intended that the draft Strategy will incorporate the following elements and "
        "will need to reflect both communities of geography and interest:</p>"
        "<ol><li>A clear shared definition or set of definitions articulating what community "
        "engagement and empowerment is</li>"
        "<li>Key principles to inform and underpin approaches to engagement and "
        "empowerment</li>"
        "<li>Tools, methods and mechanisms (both current and proposed) for co-ordinated and "
        "consistent approaches to engagement and empowerment.</li></ol>"
        "<h4>d) Partnership Commissioning Framework</h4>"
        "<p>10 In order to more effectively deliver the outcomes articulated in the Sustainable "
        "Community Strategy and Local Area Agreement and improve local quality of life, the "
        "partnership needs a clearly defined and jointly owned approach to the planning, "
        "commissioning and delivery of services. If done effectively, commissioning should:</p>"
        "<ul><li>Enhance local quality of life;</li>"
        "<li>Better connect service delivery with the needs and aspirations of individuals and "
        "communities;</li>"
        "<li>Make best use of available resources;</li>"
        "<li>Join up financial and service planning; and</li>"
        "<li>Anticipate future needs and expectations enabling partners to be proactive rather "
        "than reactive.</li></ul>"
        "<p>11 Partners will have a varied understanding and experience of commissioning, be "
        "this as commissioners or providers of services. As such, it is important that the "
        "partnership agrees a common definition, set of principles and framework to underpin "
        "our approach. However, in order to ensure that this is developed and subsequently "
        "embedded in a meaningful way across the partnerships framework, it is suggested that "
        "the development and delivery of an Alcohol Strategy for West Cheshire be used as a "
        "'test bed' for taking strategic partnership commissioning forward. This is the subject "
        "of a separate agenda item.</p>"
        "<h4>e) Third Sector Compact</h4>"
        "<p>12 Over the past twelve months, a new Compact has been produced and consulted upon "
        "for Cheshire West and Chester. The Compact is an agreement between the Voluntary, "
        "Community and Faith Sector (VCFS) and the Public Sector in Cheshire West and Chester to "
        "improve the ways in which the public and third sectors work together. It sets out a "
        "framework for better working relationships through shared principles, undertakings and "
        "actions.</p>"
        "<p>13 The Compact contains five Codes which set out good practice for improved "
        "relationships and compact compliance around specific topics. These are:</p>"
        "<ul><li>Funding, Commissioning and Procurement</li>"
        "<li>Consultation and Policy Appraisal</li><li>Volunteering</li>"
        "<li>Community Groups</li>"
        "<li>Black and Minority Ethnic Voluntary and Community Sector Groups</li></ul>"
        "<p>Each code of good practice contains both shared commitments and sector specific "
        "requirements that the organisations involved and committed to the Compact, should "
        "embed within their procedures and ways of working.</p>"
        "<p>14 The Compact has been developed through a partnership which included "
        "representatives from the VCFS and all public sector stakeholders though it can only be "
        "successful if it has the commitment and buy in from all stakeholders and delivered "
        "through a partnership approach. The next stage in the process is formal endorsement of "
        "the final Compact by all required partners and the development of an action plan.</p>"
    ),
}

# Document 000, word for word.
THIRD_SECTOR_REPORT = {
    "title": "Working with the Third Sector – A Partnership Framework for Cheshire East Council",
    "report_of": "The People Block Lead Officer",
    "purpose": "To present a draft Framework to guide and govern the Council's future "
    "partnership relationship with the third sector in Cheshire East.",
    "decision_required": "To endorse the principles and direction of the Framework (Appendix 1) "
    "and to retain the current level of investment (without inflation uplift) in organisations "
    "in the sector in 2009/10. In addition, to commission further work from officers during the "
    "Autumn/Spring to negotiate a new Compact Agreement, develop commissioning policy, asset "
    "transfer proposals and a Volunteering Strategy, in partnership with the Third Sector, for "
    "consideration by the Council.",
    "author": "John Weeks",
    "contact_details": "john.weeks@cheshire.gov.uk Tel: 01244 973201",
    "target_audience": "Cabinet",
    "recommendations": "To endorse the principles and direction of the Framework (Appendix 1) "
    "and to retain the current level of investment (without inflation uplift) in organisations "
    "in the sector in 2009/10. In addition, to commission further work from officers during the "
    "Autumn/Spring to negotiate a new Compact Agreement, develop commissioning policy, asset "
    "transfer proposals and a Volunteering Strategy, in partnership with the Third Sector, for "
    "consideration by the Council.",
    "summary": "<p>1.1 To present a draft Framework to guide and govern the Council's future "
    "partnership relationship with the third sector in Cheshire East.</p>",
    "reasons": "<p>9.1 National policy related to the sector, Strong and Prosperous Communities "
    "(2006) and Communities in Control (2008) emphasises the importance of the Third Sector in "
    "shaping and designing effective services, representation and advocacy, lobbying and "
    "influencing policy. There is a risk that the future Comprehensive Area Assessments will be "
    "affected unless a clear Framework governing the Councils future relationship with the "
    "sector is established.</p>",
    "background": (
        "<p>7.1 Councils in Cheshire East have had long standing relationships with the "
        "voluntary and community sector. During 2007 work was undertaken by the County Council "
        "to develop a Third Sector Strategy. Officers and senior managers from District Councils "
        "contributed to the process in line with the Compacts signed by all local authorities in "
        "Cheshire East.</p>"
        "<p>7.2 The Framework seeks to build on this and outlines the contribution the sector "
        "can make to improve public services and achieve better outcomes for local people and "
        "communities.</p>"
        "<p>8.1 The draft Strategy has been revised and updated as a Framework for the new "
        "Council and is presented as a legacy capable of adoption in advance of Day One. It "
        "establishes the parameters for the development of a suite of policy and practice "
        "documents during Year One and their implementation during Term One.</p>"
        "<p>8.2 The Framework is based on the needs of the Council and the Third Sector, in order "
        "that together we serve people better. These are summarised as</p>"
        "<p>The Council needs:</p>"
        "<ul><li>to fulfil its statutory duties and its role as community leader</li>"
        "<li>to manage a dialogue with service users and citizens about the design and delivery "
        "of high quality affordable services</li>"
        "<li>to grow the market and orchestrate the provision of these services</li>"
        "<li>to monitor and evaluate these services to ensure their effectiveness and "
        "efficiency</li></ul>"
        "<p>The Third Sector needs:</p>"
        "<ul><li>access to information about services current provision and potential "
        "change</li>"
        "<li>support to coordinate consultation and engagement</li>"
        "<li>strong and coordinated infrastructure organisations to support the front line</li>"
        "<li>sustainable funding for infrastructure and front line groups to enable them to "
        "deliver</li></ul>"
    ),
    "financial": "<p>3.1 Service redesign and commissioning of services from the Third Sector "
    "may present a positive contribution to the management of transitional costs in the longer "
    "term.</p><p>4.1 Retention of the current level of investment in organisations the sector "
    "in 2009/10 (without inflation uplift) will provide some interim security to local "
    "organisations while service and provider reviews are undertaken and priorities determined "
    "for the future.</p>",
    "legal": "<p>5.1 The Framework provides the context within which the Council will be able "
    "to fulfil a range of statutory duties, including the new duties to involve, promote "
    "participation and enhance mechanisms for scrutiny, proposed in the forthcoming Community "
    "Empowerment, Housing and Economic Regeneration Bill.</p>",
    "risk": "<p>6.1 Early notification of the Council's decision to maintain existing levels of "
    "investment in organisations the sector in the next financial year will reduce the risk of "
    "organisations instituting legal challenges on the basis of a failure to comply with "
    "existing Compact commitments to the sector.</p>",
    "background_papers": 'Department of Communities and Local Government "Strong and '
    'Prosperous Communities" (2006)\n'
    'Department of Communities and Local Government "Communities in Control" (2008)\n'
    "Documents are available for inspection at: County Hall, Chester",
}
