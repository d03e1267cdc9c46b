"""Reference data for the area of the review (Sefton): commissioners, providers, the council
and its neighbours, GP practices, schools, their services and teams, and one demo
practitioner per role.

Everything here is created idempotently (get_or_create by organisation code, service
kind and name, team name, username), so ``ensure_area()`` can run on every ``seed_demo``
and ``make run``. Organisation codes of the NHS bodies and councils are their public
codes; GP practices, schools and every phone number are synthetic. Phone numbers come
from Ofcom's ranges reserved for drama (0151 496 0000-0999 and 01632 960000-960999), so
none of them can ring a real person.

The area data does not depend on the seed: the same towns, streets, practices and schools
exist whichever population ``seed_demo`` generates."""

import random
from dataclasses import dataclass, field

from django.db import transaction

from thinkfamily.organisations.models import Organisation, Practitioner, Service, Team

DEMO_PASSWORD = "thinkfamily-demo"

# Public codes (ODS for NHS bodies, ONS for councils).
SOUTH_SEFTON_CCG = "01T"
SOUTHPORT_FORMBY_CCG = "01V"
SOUTHPORT_ORMSKIRK = "RVY"
LIVERPOOL_WOMENS = "REP"
ALDER_HEY = "RBS"
NORTH_WEST_BOROUGHS = "RTV"
MERSEY_CARE = "RW4"
ADDACTION = "DEMO-ADDACTION"
SEFTON_COUNCIL = "E08000014"
LIVERPOOL_COUNCIL = "E08000012"
KNOWSLEY_COUNCIL = "E08000011"
WIRRAL_COUNCIL = "E08000015"
LANCASHIRE_COUNCIL = "E10000017"

OTHER_AUTHORITIES = [LIVERPOOL_COUNCIL, KNOWSLEY_COUNCIL, LANCASHIRE_COUNCIL, WIRRAL_COUNCIL]


class _Phones:
    """Hands out fictional numbers in a fixed order, so every run gives the same ones."""

    def __init__(self):
        self.liverpool = 0
        self.southport = 0

    def south(self) -> str:
        self.liverpool += 1
        return f"0151 496 0{self.liverpool:03d}"

    def north(self) -> str:
        self.southport += 1
        return f"01632 960{self.southport:03d}"


# ---------------------------------------------------------------------------------------
# Towns. ``hv`` and ``sn`` name the 0-19 localities (the health visiting and school nursing
# teams); ``weight`` is the town's rough share of the area's children.


@dataclass(frozen=True)
class Town:
    name: str
    postal_town: str
    districts: tuple
    hv: str | None
    sn: str | None
    weight: float
    authority: str = SEFTON_COUNCIL
    ccg: str | None = SOUTH_SEFTON_CCG

    @property
    def in_area(self) -> bool:
        return self.authority == SEFTON_COUNCIL

    @property
    def school_area(self) -> str:
        """Children move school when they move between these, not within them."""
        return self.sn or self.name

    @property
    def south(self) -> bool:
        return self.ccg != SOUTHPORT_FORMBY_CCG


SEFTON_TOWNS = [
    Town("Bootle", "Bootle", ("L20",), "Bootle", "Bootle", 18),
    Town("Seaforth", "Liverpool", ("L21",), "Seaforth and Litherland", "Bootle", 3),
    Town("Litherland", "Liverpool", ("L21",), "Seaforth and Litherland", "Bootle", 5),
    Town("Netherton", "Bootle", ("L30",), "Netherton", "Netherton and Maghull", 9),
    Town("Waterloo", "Liverpool", ("L22",), "Crosby", "Crosby", 6),
    Town("Crosby", "Liverpool", ("L23",), "Crosby", "Crosby", 11),
    Town("Thornton", "Liverpool", ("L23",), "Crosby", "Crosby", 2),
    Town("Sefton Village", "Liverpool", ("L29",), "Maghull", "Netherton and Maghull", 0.5),
    Town("Maghull", "Liverpool", ("L31",), "Maghull", "Netherton and Maghull", 7),
    Town("Lydiate", "Liverpool", ("L31",), "Maghull", "Netherton and Maghull", 2),
    Town("Formby", "Liverpool", ("L37",), "Formby", "Formby", 8, ccg=SOUTHPORT_FORMBY_CCG),
    Town("Ainsdale", "Southport", ("PR8",), "Ainsdale and Birkdale", "Southport", 4, ccg=SOUTHPORT_FORMBY_CCG),
    Town("Birkdale", "Southport", ("PR8",), "Ainsdale and Birkdale", "Southport", 5, ccg=SOUTHPORT_FORMBY_CCG),
    Town("Southport", "Southport", ("PR8", "PR9"), "Southport", "Southport", 17, ccg=SOUTHPORT_FORMBY_CCG),
    Town("Churchtown", "Southport", ("PR9",), "Southport", "Southport", 3, ccg=SOUTHPORT_FORMBY_CCG),
]

# Where children are placed out of area, absent parents live, and children placed here by
# another authority come from.
OUT_OF_AREA_TOWNS = [
    Town("Walton", "Liverpool", ("L4", "L9"), None, None, 3, authority=LIVERPOOL_COUNCIL, ccg=None),
    Town("Norris Green", "Liverpool", ("L11",), None, None, 2, authority=LIVERPOOL_COUNCIL, ccg=None),
    Town("Kirkby", "Liverpool", ("L32",), None, None, 2, authority=KNOWSLEY_COUNCIL, ccg=None),
    Town("Huyton", "Liverpool", ("L36",), None, None, 1, authority=KNOWSLEY_COUNCIL, ccg=None),
    Town("Ormskirk", "Ormskirk", ("L39",), None, None, 2, authority=LANCASHIRE_COUNCIL, ccg=None),
    Town("Skelmersdale", "Skelmersdale", ("WN8",), None, None, 1, authority=LANCASHIRE_COUNCIL, ccg=None),
    Town("Chorley", "Chorley", ("PR7",), None, None, 2, authority=LANCASHIRE_COUNCIL, ccg=None),
    Town("Birkenhead", "Birkenhead", ("CH41",), None, None, 1, authority=WIRRAL_COUNCIL, ccg=None),
]

TOWNS = {town.name: town for town in SEFTON_TOWNS + OUT_OF_AREA_TOWNS}

_STREET_WORDS = [
    "Marine", "Church", "Moor", "Park", "Station", "Victoria", "Albert", "Queens", "Kings", "College", "Manor",
    "Mill", "Green", "Hawthorn", "Rowan", "Beech", "Elm", "Oak", "Ash", "Willow", "Holly", "Cedar", "Larch",
    "Sycamore", "Linden", "Chestnut", "Cherry", "Laurel", "Birch", "Poplar", "Heath", "Dune", "Shore", "Sandy",
    "Links", "Harbour", "Lighthouse", "Ribble", "Alt", "Seafield", "Brook", "Meadow", "Orchard", "Field",
    "Ferndale", "Glenville", "Rosedale", "Woodland", "Hillside", "Riverside", "Canal", "Lock", "Derby", "Stanley",
    "Gladstone", "Nelson", "Wellington", "Trafalgar", "Balmoral", "Windsor", "Sandringham", "Kenilworth",
    "Cambridge", "Oxford", "Warwick", "Lancaster", "York", "Chester", "Durham", "Cheltenham", "Exeter", "Glebe",
    "Bridge", "Primrose", "Bluebell", "Heather", "Thistle", "Clover", "Daisy", "Foxglove", "Kestrel", "Heron",
    "Curlew", "Plover", "Lapwing", "Sandpiper", "Swallow", "Skylark", "Wren", "Robin", "Linnet", "Marsh",
]
_STREET_SUFFIXES = [
    "Road", "Street", "Avenue", "Close", "Drive", "Lane", "Grove", "Crescent", "Way", "Gardens", "Terrace",
    "Walk", "Court", "Place", "Mews", "View", "Road", "Street", "Avenue", "Road",
]
_POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters used in the last part of a postcode
STREETS_PER_TOWN = 60


def _streets_for(town: Town) -> list[tuple[str, str]]:
    """(street, postcode) pairs for a town: the same list on every run."""
    rng = random.Random(f"sefton-area:streets:{town.name}")
    names: list[str] = []
    while len(names) < STREETS_PER_TOWN:
        name = f"{rng.choice(_STREET_WORDS)} {rng.choice(_STREET_SUFFIXES)}"
        if name not in names:
            names.append(name)
    streets = []
    for name in names:
        district = rng.choice(town.districts)
        postcode = f"{district} {rng.randint(1, 9)}{rng.choice(_POSTCODE_LETTERS)}{rng.choice(_POSTCODE_LETTERS)}"
        streets.append((name, postcode))
    return streets


STREETS = {town.name: _streets_for(town) for town in TOWNS.values()}


# ---------------------------------------------------------------------------------------
# GP practices (synthetic names), by town.

SEFTON_PRACTICES = [
    ("Bootle", "Bootle Strand Surgery"), ("Bootle", "Marsh Lane Medical Centre"),
    ("Bootle", "Derby Road Family Practice"), ("Bootle", "Bootle Village Surgery"),
    ("Bootle", "Hawthorne Road Health Centre"), ("Bootle", "Orrell Mount Surgery"),
    ("Bootle", "Stanley Park Medical Practice"),
    ("Seaforth", "Seaforth Village Surgery"), ("Seaforth", "Seaforth Sands Practice"),
    ("Litherland", "Litherland Town Surgery"), ("Litherland", "Sefton Road Medical Centre"),
    ("Litherland", "Litherland Park Practice"),
    ("Netherton", "Netherton Health Centre"), ("Netherton", "Glovers Lane Surgery"),
    ("Netherton", "Park House Medical Practice"), ("Netherton", "Netherton Green Surgery"),
    ("Waterloo", "Waterloo Marine Practice"), ("Waterloo", "South Road Surgery"),
    ("Waterloo", "Brighton Road Medical Centre"),
    ("Crosby", "Crosby Village Surgery"), ("Crosby", "Moor Lane Medical Centre"),
    ("Crosby", "Blundellsands Family Practice"), ("Crosby", "College Road Surgery"),
    ("Thornton", "Thornton Park Surgery"),
    ("Maghull", "Maghull Health Centre"), ("Maghull", "Westway Medical Practice"),
    ("Maghull", "Maghull Village Surgery"), ("Maghull", "Moss Side Surgery"),
    ("Lydiate", "Lydiate Family Practice"),
    ("Formby", "Formby Village Surgery"), ("Formby", "Freshfield Medical Centre"),
    ("Formby", "Formby Dunes Practice"),
    ("Ainsdale", "Ainsdale Village Surgery"), ("Ainsdale", "Ainsdale Sands Medical Centre"),
    ("Birkdale", "Birkdale Village Surgery"), ("Birkdale", "Birkdale Park Practice"),
    ("Southport", "Southport Promenade Surgery"), ("Southport", "Lord Street Medical Centre"),
    ("Southport", "Kew Family Practice"), ("Southport", "Norwood Surgery"),
    ("Southport", "Hesketh Park Medical Practice"), ("Southport", "Southport Marine Surgery"),
    ("Southport", "Cambridge Road Surgery"),
    ("Churchtown", "Churchtown Village Surgery"), ("Churchtown", "Botanic Gardens Practice"),
]
OUT_OF_AREA_PRACTICES = [
    ("Walton", "Walton Vale Surgery"), ("Norris Green", "Norris Green Medical Centre"),
    ("Kirkby", "Kirkby Town Surgery"), ("Huyton", "Huyton Village Practice"),
    ("Ormskirk", "Ormskirk Park Surgery"), ("Skelmersdale", "Skelmersdale Concourse Practice"),
    ("Chorley", "Chorley Market Surgery"), ("Birkenhead", "Birkenhead Park Medical Centre"),
]
# Towns without a practice of their own register at a neighbour's.
PRACTICE_TOWN_FALLBACK = {"Sefton Village": "Maghull"}

# ---------------------------------------------------------------------------------------
# Schools (synthetic names): 78 primary, 18 secondary and 4 special schools in Sefton, and
# a primary and a secondary in each out-of-area town.

_SCHOOL_WORDS = [
    "Hawthorn", "Rowan", "Willow", "Beechwood", "Alder", "Larchfield", "Hazel", "Hollybank", "Juniper", "Linden",
    "Maple", "Cedar", "Birchfield", "Oakfield", "Ashdale", "Elmwood", "Ferndale", "Heathfield", "Meadowbank",
    "Brookside", "Riverside", "Lakeside", "Seabank", "Shorefield", "Dunes", "Marram", "Sandpiper", "Kingfisher",
    "Heron", "Curlew", "Skylark", "Swallow", "Wren", "Robin", "Kestrel", "Osprey", "Redshank", "Plover",
    "Lapwing", "Goldcrest", "Fieldfare", "Moorfield", "Greenacre", "Parkfield", "Hillcrest", "Valley", "Grange",
    "Manor Park", "Priory", "Abbeyfield", "Orchard", "Cherry Tree", "Bluebell", "Primrose", "Foxglove", "Heather",
    "Clover", "Thistle", "Bramble", "Meadowsweet", "Harebell", "Lavender", "Marigold", "Poppyfield", "Sunnyside",
    "Beacon", "Lighthouse", "Harbour", "Anchor", "Compass", "Horizon", "Northway", "Southfield", "Westway",
    "Eastbrook", "Whitehouse", "Redgate", "Greystone", "Blackbrook", "Goldfield", "Silverdale", "Copperfield",
    "Millbrook", "Windmill", "Waterside", "Bridgefield", "Canalside", "Lockfield", "Coastguard", "Pinewood",
    "Firtree", "Spruce", "Yew Tree", "Sycamore", "Chestnut", "Laurel", "Myrtle", "Acorn", "Fernhill", "Rosebank",
    "Sandfield", "Brightside", "Meadowcroft", "Highfield", "Woodlands", "Springfield", "Fairfield", "Stonebridge",
    "Ivydale", "Longmoor", "Sefton Park", "Broadway", "Lowfield", "Mosslands", "Wildflower", "Saltmarsh",
]
_PRIMARY_SUFFIXES = [
    "Primary School", "Community Primary School", "Catholic Primary School", "Church of England Primary School",
    "Primary School", "Infant and Junior School", "Primary Academy",
]
_SECONDARY_SUFFIXES = ["High School", "Academy", "Catholic College", "School and Sixth Form", "High School"]
PRIMARY_COUNTS = {
    "Bootle": 13, "Seaforth": 2, "Litherland": 4, "Netherton": 7, "Waterloo": 5, "Crosby": 8, "Thornton": 2,
    "Sefton Village": 1, "Maghull": 6, "Lydiate": 2, "Formby": 6, "Ainsdale": 3, "Birkdale": 4, "Southport": 12,
    "Churchtown": 3,
}
SECONDARY_COUNTS = {
    "Bootle": 3, "Litherland": 1, "Netherton": 2, "Waterloo": 1, "Crosby": 3, "Maghull": 2, "Formby": 1,
    "Ainsdale": 1, "Birkdale": 1, "Southport": 3,
}
SPECIAL_TOWNS = ["Bootle", "Crosby", "Maghull", "Southport"]

PRIMARY, SECONDARY, SPECIAL = "primary", "secondary", "special"


@dataclass(frozen=True)
class SchoolSpec:
    code: str
    name: str
    town: str
    phase: str


def _school_specs() -> list[SchoolSpec]:
    rng = random.Random("sefton-area:schools")
    words = list(_SCHOOL_WORDS)
    rng.shuffle(words)
    specs = []
    number = 0

    def add(town, phase, suffix):
        nonlocal number
        number += 1
        specs.append(SchoolSpec(f"DEMO-SCH{number:03d}", f"{words[number - 1]} {suffix}", town, phase))

    for town, count in PRIMARY_COUNTS.items():
        for _ in range(count):
            add(town, PRIMARY, rng.choice(_PRIMARY_SUFFIXES))
    for town, count in SECONDARY_COUNTS.items():
        for _ in range(count):
            add(town, SECONDARY, rng.choice(_SECONDARY_SUFFIXES))
    for town in SPECIAL_TOWNS:
        add(town, SPECIAL, "Special School")
    for town in OUT_OF_AREA_TOWNS:
        add(town.name, PRIMARY, "Primary School")
        add(town.name, SECONDARY, "High School")
    return specs


SCHOOLS = _school_specs()

# ---------------------------------------------------------------------------------------
# Providers, their services and teams. (kind, service name, site, [team names])

HV_TEAMS = [f"{hv} health visiting team" for hv in dict.fromkeys(t.hv for t in SEFTON_TOWNS)]
SN_TEAMS = [f"{sn} school nursing team" for sn in dict.fromkeys(t.sn for t in SEFTON_TOWNS)]
CIC_TEAM = "Children in care nursing team"
CAMHS_TEAM = "Sefton CAMHS team"
ENHANCED_MIDWIFERY_TEAM = "Enhanced midwifery team"
SOUTH_MIDWIFERY_TEAM = "South Sefton community midwifery team"
NORTH_MIDWIFERY_TEAM = "Southport and Formby community midwifery team"
MASH_TEAM = "MASH"
YP_SUBSTANCE_TEAM = "Sefton Stars team"
AMBITION_TEAM = "Ambition Sefton"
SOUTH_CMHT = "South Sefton community mental health team"
NORTH_CMHT = "Southport and Formby community mental health team"

S = Service.Kind

PROVIDERS = [
    {
        "code": SOUTH_SEFTON_CCG, "name": "NHS South Sefton CCG", "kind": Organisation.Kind.CCG, "south": True,
        "address": "Magdalen House, Bootle",
        "services": [(S.SAFEGUARDING, "Designated safeguarding team", "", ["Sefton designated safeguarding team"])],
    },
    {
        "code": SOUTHPORT_FORMBY_CCG, "name": "NHS Southport and Formby CCG", "kind": Organisation.Kind.CCG,
        "south": False, "address": "Southport",
        "services": [],
    },
    {
        "code": SOUTHPORT_ORMSKIRK, "name": "Southport and Ormskirk Hospitals NHS Trust",
        "kind": Organisation.Kind.NHS_TRUST, "south": False, "commissioners": "ccgs",
        "address": "Southport and Formby District General Hospital, Southport",
        "services": [
            (S.EMERGENCY_DEPARTMENT, "Emergency department", "Southport and Formby District General Hospital",
             ["Southport emergency department"]),
            (S.EMERGENCY_DEPARTMENT, "Children's emergency department", "Ormskirk and District General Hospital",
             ["Ormskirk children's emergency department"]),
            (S.MATERNITY, "Maternity services", "Ormskirk and District General Hospital", [NORTH_MIDWIFERY_TEAM]),
            (S.SEXUAL_HEALTH, "Sexual health service", "Southport Centre for Health and Wellbeing",
             ["Sefton sexual health team"]),
            (S.PAEDIATRICS, "Paediatrics", "Ormskirk and District General Hospital",
             ["Paediatric ward team", "Paediatric liaison team"]),
            (S.SAFEGUARDING, "Safeguarding team", "Southport and Formby District General Hospital",
             ["Southport and Ormskirk safeguarding team"]),
        ],
    },
    {
        "code": LIVERPOOL_WOMENS, "name": "Liverpool Women's NHS Foundation Trust",
        "kind": Organisation.Kind.NHS_TRUST, "south": True, "commissioners": "ccgs",
        "address": "Liverpool Women's Hospital, Liverpool",
        "services": [
            (S.MATERNITY, "Maternity services", "Liverpool Women's Hospital",
             [ENHANCED_MIDWIFERY_TEAM, SOUTH_MIDWIFERY_TEAM]),
            (S.SAFEGUARDING, "Safeguarding team", "Liverpool Women's Hospital",
             ["Liverpool Women's safeguarding team"]),
        ],
    },
    {
        "code": ALDER_HEY, "name": "Alder Hey Children's NHS Foundation Trust", "kind": Organisation.Kind.NHS_TRUST,
        "south": True, "commissioners": "ccgs", "address": "Alder Hey Children's Hospital, Liverpool",
        "services": [
            (S.EMERGENCY_DEPARTMENT, "Emergency department", "Alder Hey Children's Hospital",
             ["Alder Hey emergency department"]),
            (S.CAMHS, "Sefton CAMHS", "Alder Hey Children's Hospital", [CAMHS_TEAM]),
            (S.LAC_MEDICAL, "Looked-after children's medical team", "Alder Hey Children's Hospital",
             ["LAC medical team"]),
            (S.SAFEGUARDING, "Safeguarding team", "Alder Hey Children's Hospital", ["Alder Hey safeguarding team"]),
        ],
    },
    {
        "code": NORTH_WEST_BOROUGHS, "name": "North West Boroughs Healthcare NHS Foundation Trust",
        "kind": Organisation.Kind.NHS_TRUST, "south": True, "commissioners": "ccgs+council",
        "address": "Hollins Park, Warrington",
        "services": [
            (S.HEALTH_VISITING, "0-19 health visiting (Sefton)", "", HV_TEAMS),
            (S.SCHOOL_NURSING, "0-19 school nursing (Sefton)", "", SN_TEAMS),
            (S.CHILDREN_IN_CARE, "Children in care health", "", [CIC_TEAM]),
            (S.SAFEGUARDING, "Safeguarding children team", "", ["North West Boroughs safeguarding children team"]),
        ],
    },
    {
        "code": MERSEY_CARE, "name": "Mersey Care NHS Foundation Trust", "kind": Organisation.Kind.NHS_TRUST,
        "south": True, "commissioners": "ccgs+council", "address": "V7 Building, Kings Business Park, Prescot",
        "services": [
            (S.ADULT_MENTAL_HEALTH, "Adult community mental health (Sefton)", "", [SOUTH_CMHT, NORTH_CMHT]),
            (S.ADULT_SUBSTANCE_MISUSE, "Ambition Sefton", "Bootle", [AMBITION_TEAM, "Ambition Sefton family team"]),
            (S.SAFEGUARDING, "Safeguarding team", "", ["Mersey Care safeguarding team"]),
        ],
    },
    {
        "code": ADDACTION, "name": "Addaction", "kind": Organisation.Kind.VOLUNTARY, "south": True,
        "commissioners": "council", "address": "Bootle",
        "services": [(S.YOUNG_PEOPLE_SUBSTANCE_MISUSE, "Sefton Stars", "Bootle", [YP_SUBSTANCE_TEAM])],
    },
    {
        "code": SEFTON_COUNCIL, "name": "Sefton Council", "kind": Organisation.Kind.LOCAL_AUTHORITY, "south": True,
        "out_of_hours": True, "address": "Bootle Town Hall, Oriel Road, Bootle",
        "services": [
            (S.MASH, "Multi-Agency Safeguarding Hub", "Bootle", [MASH_TEAM]),
            (S.CHILDRENS_SOCIAL_CARE, "Children's social care", "Bootle", [
                "Assessment team", "Child in need and child protection team", "Children in care social work team",
                "Leaving care team", "Emergency duty team",
            ]),
        ],
    },
    {
        "code": LIVERPOOL_COUNCIL, "name": "Liverpool City Council", "kind": Organisation.Kind.LOCAL_AUTHORITY,
        "south": True, "out_of_hours": True, "address": "Cunard Building, Liverpool",
        "services": [
            (S.CHILDRENS_SOCIAL_CARE, "Children's social care", "Liverpool", ["Liverpool children in care team"]),
        ],
    },
    {
        "code": KNOWSLEY_COUNCIL, "name": "Knowsley Council", "kind": Organisation.Kind.LOCAL_AUTHORITY,
        "south": True, "out_of_hours": True, "address": "Municipal Buildings, Huyton",
        "services": [(S.CHILDRENS_SOCIAL_CARE, "Children's social care", "Huyton", ["Knowsley children in care team"])],
    },
    {
        "code": LANCASHIRE_COUNCIL, "name": "Lancashire County Council", "kind": Organisation.Kind.LOCAL_AUTHORITY,
        "south": False, "out_of_hours": True, "address": "County Hall, Preston",
        "services": [
            (S.CHILDRENS_SOCIAL_CARE, "Children's social care", "Preston", ["Lancashire children in care team"]),
        ],
    },
    {
        "code": WIRRAL_COUNCIL, "name": "Wirral Council", "kind": Organisation.Kind.LOCAL_AUTHORITY, "south": True,
        "out_of_hours": True, "address": "Wallasey Town Hall, Wallasey",
        "services": [(S.CHILDRENS_SOCIAL_CARE, "Children's social care", "Wallasey", ["Wirral children in care team"])],
    },
]

# ---------------------------------------------------------------------------------------
# Demo practitioners: one per role. The command prints these logins.


@dataclass(frozen=True)
class DemoPractitioner:
    username: str
    first_name: str
    last_name: str
    role: str
    team: str
    job_title: str


DEMO_PRACTITIONERS = [
    DemoPractitioner("hv.demo", "Hannah", "Webb", Practitioner.Role.HEALTH_VISITOR, "Crosby health visiting team",
                     "Health visitor"),
    DemoPractitioner("sn.demo", "Siobhan", "Nolan", Practitioner.Role.SCHOOL_NURSE, "Crosby school nursing team",
                     "School nurse"),
    DemoPractitioner("midwife.demo", "Megan", "Doyle", Practitioner.Role.MIDWIFE, ENHANCED_MIDWIFERY_TEAM,
                     "Specialist midwife"),
    DemoPractitioner("ed.demo", "Eddie", "Okafor", Practitioner.Role.ED_NURSE, "Southport emergency department",
                     "Emergency department staff nurse"),
    DemoPractitioner("wm.demo", "Wendy", "Price", Practitioner.Role.WARD_MANAGER, "Southport emergency department",
                     "Emergency department sister (ward manager)"),
    DemoPractitioner("gp.demo", "Gita", "Patel", Practitioner.Role.GP, "Crosby Village Surgery clinical team", "GP"),
    DemoPractitioner("camhs.demo", "Callum", "Reid", Practitioner.Role.CAMHS_PRACTITIONER, CAMHS_TEAM,
                     "CAMHS practitioner"),
    DemoPractitioner("cic.demo", "Ciara", "Lynch", Practitioner.Role.CIC_NURSE, CIC_TEAM, "Children in care nurse"),
    DemoPractitioner("mash.demo", "Marcus", "Shaw", Practitioner.Role.MASH_SOCIAL_WORKER, MASH_TEAM,
                     "MASH social worker"),
    DemoPractitioner("sw.demo", "Sam", "Walsh", Practitioner.Role.SOCIAL_WORKER,
                     "Child in need and child protection team", "Social worker"),
    DemoPractitioner("liaison.demo", "Laura", "Finch", Practitioner.Role.PAEDIATRIC_LIAISON, "Paediatric liaison team",
                     "Paediatric liaison nurse"),
    DemoPractitioner("sm.demo", "Sean", "Byrne", Practitioner.Role.SUBSTANCE_MISUSE_WORKER, AMBITION_TEAM,
                     "Recovery worker (adult substance misuse)"),
    DemoPractitioner("amh.demo", "Amira", "Hassan", Practitioner.Role.ADULT_MH_PRACTITIONER, SOUTH_CMHT,
                     "Community mental health nurse"),
    DemoPractitioner("lead.demo", "Lesley", "Edwards", Practitioner.Role.SAFEGUARDING_LEAD,
                     "North West Boroughs safeguarding children team", "Named nurse for safeguarding children"),
    # Runs the area (organisations, teams, staff, import): opens no one's record.
    DemoPractitioner("admin.demo", "Adele", "Morris", Practitioner.Role.LOCAL_ADMINISTRATOR,
                     "Sefton designated safeguarding team", "ThinkFamily local administrator"),
]
DEMO_LOGINS = [(p.username, Practitioner.Role(p.role).label, p.team) for p in DEMO_PRACTITIONERS]


# ---------------------------------------------------------------------------------------


@dataclass
class Area:
    """The area's organisations and teams, looked up by what the generator needs."""

    organisations: dict = field(default_factory=dict)  # code -> Organisation
    teams: dict = field(default_factory=dict)  # name -> Team
    practitioners: dict = field(default_factory=dict)  # username -> Practitioner
    practices: dict = field(default_factory=dict)  # town name -> [Organisation]
    schools: dict = field(default_factory=dict)  # (school area, phase) -> [(town name, Organisation)]
    school_specs: dict = field(default_factory=dict)  # code -> SchoolSpec

    @property
    def council(self) -> Organisation:
        return self.organisations[SEFTON_COUNCIL]

    def practices_in(self, town: Town) -> list:
        return self.practices[PRACTICE_TOWN_FALLBACK.get(town.name, town.name)]

    def schools_in(self, town: Town, phase: str) -> list:
        """Schools of that phase in the town's school area, those in the town itself first."""
        found = self.schools.get((town.school_area, phase))
        if not found and phase == SPECIAL:
            found = self.schools[("Crosby", SPECIAL)]
        if not found:
            found = self.schools[(town.school_area, PRIMARY if phase == SECONDARY else SECONDARY)]
        return found

    def practice(self, name: str) -> Organisation:
        return next(org for orgs in self.practices.values() for org in orgs if org.name == name)

    def school(self, code: str) -> Organisation:
        spec = self.school_specs[code]
        town = TOWNS[spec.town]
        return next(org for _, org in self.schools[(town.school_area, spec.phase)] if org.code == code)

    def hv_team(self, town: Town):
        return self.teams[f"{town.hv} health visiting team"] if town.hv else None

    def sn_team(self, town: Town):
        return self.teams[f"{town.sn} school nursing team"] if town.sn else None

    def midwifery_team(self, town: Town):
        return self.teams[SOUTH_MIDWIFERY_TEAM if town.south else NORTH_MIDWIFERY_TEAM]


def _org(code, name, kind, phone="", out_of_hours_phone="", address="") -> Organisation:
    org, _ = Organisation.objects.get_or_create(
        code=code,
        defaults={"name": name, "kind": kind, "phone": phone, "out_of_hours_phone": out_of_hours_phone,
                  "address": address},
    )
    return org


def _service(org, kind, name, site="", phone="") -> Service:
    service, _ = Service.objects.get_or_create(
        organisation=org, kind=kind, name=name, defaults={"site": site, "phone": phone}
    )
    return service


def _team(service, name, phone="", email="") -> Team:
    team, _ = Team.objects.get_or_create(service=service, name=name, defaults={"phone": phone, "email": email})
    return team


def _email_for(team_name: str) -> str:
    local = "".join(ch if ch.isalnum() else "." for ch in team_name.lower()).strip(".")
    while ".." in local:
        local = local.replace("..", ".")
    return f"{local}@example.org"


@transaction.atomic
def ensure_area() -> Area:
    """Create (or find) the area's organisations, services, teams and demo practitioners."""
    phones = _Phones()
    area = Area()
    ccgs = []
    council = None
    for spec in PROVIDERS:
        phone = phones.south() if spec["south"] else phones.north()
        ooh = phones.south() if spec.get("out_of_hours") else ""
        org = _org(spec["code"], spec["name"], spec["kind"], phone, ooh, spec.get("address", ""))
        area.organisations[org.code] = org
        if org.kind == Organisation.Kind.CCG:
            ccgs.append(org)
        if org.code == SEFTON_COUNCIL:
            council = org
        for kind, service_name, site, team_names in spec["services"]:
            service_phone = phones.south() if spec["south"] else phones.north()
            service = _service(org, kind, service_name, site, service_phone)
            for team_name in team_names:
                team_phone = phones.south() if spec["south"] else phones.north()
                area.teams[team_name] = _team(service, team_name, team_phone, _email_for(team_name))
    for spec in PROVIDERS:
        commissioners = {"ccgs": ccgs, "council": [council], "ccgs+council": [*ccgs, council]}.get(
            spec.get("commissioners"), []
        )
        if commissioners:
            area.organisations[spec["code"]].commissioned_by.add(*commissioners)

    for number, (town_name, name) in enumerate(SEFTON_PRACTICES + OUT_OF_AREA_PRACTICES, start=1):
        town = TOWNS[town_name]
        street, postcode = STREETS[town_name][number % STREETS_PER_TOWN]
        phone = phones.south() if town.south else phones.north()
        org = _org(f"DEMO-GP{number:02d}", name, Organisation.Kind.GP_PRACTICE, phone,
                   address=f"{number} {street}, {town.name}, {postcode}")
        area.practices.setdefault(town_name, []).append(org)
        service = _service(org, S.GENERAL_PRACTICE, "General practice", org.name, phone)
        team_name = f"{name} clinical team"
        area.teams[team_name] = _team(service, team_name, phone, _email_for(team_name))
        if town.ccg:
            org.commissioned_by.add(area.organisations[town.ccg])

    for number, spec in enumerate(SCHOOLS, start=1):
        town = TOWNS[spec.town]
        street, postcode = STREETS[spec.town][(number * 7) % STREETS_PER_TOWN]
        phone = phones.south() if town.south else phones.north()
        org = _org(spec.code, spec.name, Organisation.Kind.SCHOOL, phone, address=f"{street}, {town.name}, {postcode}")
        area.schools.setdefault((town.school_area, spec.phase), []).append((spec.town, org))
        area.school_specs[spec.code] = spec

    _ensure_practitioners(area)
    return area


def _ensure_practitioners(area: Area) -> None:
    for spec in DEMO_PRACTITIONERS:
        team = area.teams[spec.team]
        user, created = Practitioner.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "role": spec.role,
                "team": team,
                "job_title": spec.job_title,
                "email": f"{spec.username}@example.org",
                "phone": team.phone,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        area.practitioners[spec.username] = user
