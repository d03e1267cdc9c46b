"""A deterministic synthetic population for the area (R10.5): families, households and
their address history, parental responsibility, schools, GP registrations, 0-19 caseloads
and legal statuses in realistic English proportions.

Deterministic: everything comes from one ``random.Random(seed)``, including the UUID
primary keys, and every date is relative to the fixed ``ANCHOR`` date, so the same
``children`` and ``seed`` give the same people, relationships and statuses on any day and
on SQLite or PostgreSQL (see ``fingerprint()``). Only the ``created_at``/``updated_at``
bookkeeping columns and the integer keys of households and link rows differ between runs.

Fast: rows are generated in Python, then written with ``bulk_create`` in batches inside one
transaction. Everything that a save() would do (search keys) is done here.

Synthetic: NHS numbers come only from the range that is never issued to real patients
(``nhs_number.REGION_SYNTHETIC``), skip the featured families' numbers, and stay below
999 000 0000, which is left to hand-made test factories. Names, addresses, schools and
practices are made up.

Shape of a family (``Builder.make_family``): a mother, the children's father (living with
them, or living elsewhere after a separation, or not recorded), sometimes a new partner
(step-parent) and half-siblings, grandparents (recorded as the parents' own mother and
father, so the family picture derives them), occasionally a grandparent or another adult
in the household. Siblings are never stored: they are derived from shared parents."""

import bisect
import hashlib
import random
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import nhs_number
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from tqdm import tqdm

from thinkfamily.chronology import types as event_types
from thinkfamily.chronology.models import Event
from thinkfamily.chronology.types import EVENT_TYPES
from thinkfamily.demo import area as area_data
from thinkfamily.demo.area import OUT_OF_AREA_TOWNS, PRIMARY, SECONDARY, SEFTON_TOWNS, SPECIAL, STREETS, TOWNS
from thinkfamily.demo.featured import FEATURED_NHS_NUMBERS, add_featured
from thinkfamily.demo.lac_health import add_lac_health, delete_lac_health
from thinkfamily.demo.lac_stories import add_lac_stories, delete_lac_stories
from thinkfamily.demo.referrals import add_demo_referrals
from thinkfamily.flags.models import Flag, FlagType
from thinkfamily.flags.services import LEGAL_STATUS_FLAGS
from thinkfamily.organisations.models import CaseloadMembership, Organisation
from thinkfamily.people.models import (
    CPCategory,
    GPRegistration,
    Household,
    HouseholdMembership,
    LegalStatus,
    LegalStatusEntry,
    ParentalResponsibility,
    Person,
    Relationship,
    SchoolEnrolment,
    Sex,
)
from thinkfamily.referrals.models import (
    Concern,
    DischargeOverride,
    InformationRequest,
    InformationResponse,
    Referral,
    ReferralStatus,
)

ANCHOR = date(2026, 11, 1)
BATCH_SIZE = 5000
FAR = date(9999, 12, 31)

# Current statuses per 10,000 children (England, roughly: CIN census and SSDA903).
RATES_PER_10000 = {
    "child_in_need": 330,
    "child_protection_plan": 45,
    "looked_after": 60,  # Sefton's own looked-after children
    "placed_here": 10,  # looked after by another authority and placed in Sefton
    "care_leaver": 30,  # 18-19 year olds
    "uasc": 5,
    "ehe": 50,
    "unborn": 60,  # pregnancies booked with maternity services
    # history: statuses that have ended
    "child_in_need_ended": 250,
    "child_protection_plan_ended": 60,
    "looked_after_ended": 15,
    "ehe_ended": 15,
}
CARE_ORDER_NOTE = "Care order (section 31)"
SECTION_20_NOTE = "Accommodated under section 20"
CP_CATEGORIES = [(CPCategory.NEGLECT, 50), (CPCategory.EMOTIONAL, 35), (CPCategory.PHYSICAL, 8),
                 (CPCategory.SEXUAL, 4)]

T = Relationship.Type
Basis = ParentalResponsibility.Basis
START, END = LegalStatusEntry.Change.START, LegalStatusEntry.Change.END
CHILD, ADULT, UNBORN = Person.Kind.CHILD, Person.Kind.ADULT, Person.Kind.UNBORN
F, M = Sex.FEMALE, Sex.MALE

# ---------------------------------------------------------------------------------------
# Names


def _words(text: str) -> tuple:
    return tuple(text.split())


@dataclass(frozen=True)
class NamePool:
    girls: tuple
    boys: tuple
    women: tuple
    men: tuple
    older_women: tuple
    older_men: tuple
    surnames: tuple
    adult_languages: tuple = ("English",)


_BRITISH = NamePool(
    girls=_words(
        "Olivia Amelia Isla Ava Mia Ivy Lily Isabella Rosie Sophia Grace Freya Ella Evie Poppy Willow Sophie Emily "
        "Chloe Jessica Ruby Millie Lucy Holly Erin Niamh Caitlin Megan Ellie Lexi Darcie Maisie Phoebe Scarlett "
        "Harper Hallie Aria Layla Matilda Esme Florence Daisy Sienna Orla Eva Elsie Hannah Katie Amber Lola Isabelle "
        "Molly Summer Georgia Imogen Jasmine Abigail Leah Zara Bethany Alice Charlotte Emma Lacey Paige Courtney "
        "Jade Keira Nevaeh Lottie Mollie Gracie Esmae Thea Luna Maya Violet Edie Bonnie Robyn Aoife Eleanor"
    ),
    boys=_words(
        "Oliver George Noah Arthur Leo Harry Oscar Archie Henry Theodore Freddie Jack Charlie Thomas Jacob Alfie "
        "Finley Joshua Lucas James William Isaac Max Ethan Mason Logan Riley Jayden Kai Tyler Callum Liam Dylan "
        "Lewis Ryan Daniel Samuel Joseph Harvey Louie Tommy Ronnie Reuben Jude Sonny Teddy Albie Frankie Luca "
        "Elijah Jenson Owen Rory Connor Kian Declan Aiden Cameron Bailey Kyle Jamie Ben Matthew Adam Nathan Luke "
        "Sean Alexander Edward Hugo Billy Jake Rhys Toby Zachary Stanley Arlo"
    ),
    women=_words(
        "Sarah Laura Gemma Emma Rachel Lisa Kelly Nicola Claire Joanne Michelle Amy Hayley Stacey Danielle Leanne "
        "Jennifer Rebecca Katie Natalie Samantha Victoria Louise Kirsty Lauren Jade Hannah Charlotte Zoe Donna Tracy "
        "Karen Julie Helen Alison Angela Dawn Paula Catherine Amanda Caroline Carly Kerry Shannon Chelsea Toni Jodie "
        "Melissa Sophie Megan Ashleigh Jessica Chantelle Kayleigh Siobhan Lindsay Vicky Becky Naomi Holly Abbie "
        "Georgia Bethany Courtney Jasmine Rachael Stephanie Kimberley Marie"
    ),
    men=_words(
        "Daniel David James Michael Christopher Matthew Mark Paul Andrew Steven Craig Lee Anthony Jason Dean Gary "
        "Richard Robert John Thomas Stephen Ryan Scott Adam Jamie Kevin Carl Wayne Darren Liam Jonathan Sean Kieran "
        "Ashley Shaun Neil Simon Joseph Luke Kyle Jordan Nathan Callum Bradley Jake Martin Philip Peter Tony Damien "
        "Gareth Leon Dale Aaron Ben Connor Joel Lewis Sam Tom Alex"
    ),
    older_women=_words(
        "Margaret Patricia Susan Linda Christine Elaine Carol Janet Barbara Pauline Jean Maureen Anne Sandra Brenda "
        "Denise Lesley Gillian Diane Wendy Valerie Sheila Joan Kathleen Theresa Bernadette Irene Eileen Lynne "
        "Jacqueline Julie Karen Tracey Deborah Joanne Alison"
    ),
    older_men=_words(
        "Peter John David Michael William Brian Alan Kenneth Anthony Terence Keith Colin Raymond Stephen Robert "
        "Thomas Francis Patrick Bernard Gerard Derek Barry Graham Philip Trevor Malcolm Roy Dennis Kevin Gary "
        "Paul Ian Mark Tony"
    ),
    surnames=_words(
        "Smith Jones Williams Brown Taylor Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright Walker "
        "White Edwards Hughes Green Hall Lewis Harris Clarke Jackson Wood Turner Martin Cooper Hill Ward Morris "
        "Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett "
        "Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards "
        "Marshall Anderson Simpson Ellis Adams Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Hunt Campbell "
        "Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins Murray "
        "Dixon Harvey Graham Pearson Fletcher Walsh Gibson Howard Andrews Stewart Elliott Reynolds Saunders Payne "
        "Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson Bradley Spencer Dawson Ball Burton O'Brien Watts "
        "Rose Booth Perry Ryan Grant Wells Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter "
        "Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland Hawkins Harding Porter "
        "Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner Dean Lane Cooke Bates Henderson Parry Burgess "
        "Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman Warren Nicholls Hamilton Byrne Sutton "
        "McDonald Yates Hodgson Robson Curtis Hopkins O'Neill Quinn McCormack Doyle Gallagher Connolly Duffy "
        "McGuire Kavanagh Rimmer Ashcroft Aindow Sumner Molyneux Halsall Blundell Tyrer Swift Gore Houghton Lunt "
        "Mawdsley Heaton Cropper Rigby Aspinall Prescott Whittle McKenna Fitzgerald Maguire Flanagan Donnelly "
        "Brennan Carroll Keegan Lynch McCarthy O'Connor O'Hara Rafferty Tierney Devine Finnegan Hegarty "
        "Owens Ainsworth Culshaw Jolly Sephton Gregson Bamber Catterall Fazakerley Gerrard Leatherbarrow"
    ),
)
_POLISH = NamePool(
    girls=_words("Zofia Julia Zuzanna Maja Lena Hanna Alicja Oliwia Wiktoria Natalia Amelia Laura"),
    boys=_words("Jakub Antoni Jan Szymon Franciszek Filip Aleksander Mikołaj Wojciech Kacper Adam Igor"),
    women=_words("Agnieszka Katarzyna Magdalena Joanna Anna Monika Ewa Paulina Marta Karolina"),
    men=_words("Piotr Tomasz Krzysztof Marcin Paweł Łukasz Michał Grzegorz Dariusz Rafał"),
    older_women=_words("Barbara Krystyna Elżbieta Danuta Halina Irena Teresa"),
    older_men=_words("Stanisław Andrzej Józef Tadeusz Jerzy Zbigniew Ryszard"),
    surnames=_words("Nowak Wójcik Kowalczyk Woźniak Mazur Krawczyk Kaczmarek Zając Król Wieczorek Jabłoński Dudek"
    ),
    adult_languages=("Polish", "Polish", "English"),
)
_SOUTH_ASIAN = NamePool(
    girls=_words("Aisha Fatima Maryam Zainab Amira Priya Anaya Safa Inaya Hafsa Aleena Simran"),
    boys=_words("Muhammad Ibrahim Yusuf Ayaan Zayn Arjun Rayan Hamza Aarav Zakariya Musa Harjit"),
    women=_words("Nadia Sadia Ayesha Farhana Shabana Rubina Nusrat Parveen Sunita Anjali"),
    men=_words("Imran Asif Tariq Shahid Kamran Amir Faisal Sanjay Rajesh Harpreet"),
    older_women=_words("Begum Zubaida Shamim Kulwant Kamla"),
    older_men=_words("Mohammed Abdul Bashir Gurdev Ramesh"),
    surnames=_words("Khan Ahmed Hussain Ali Patel Shah Akhtar Rahman Iqbal Singh Kaur Chowdhury Sharma Begum"),
    adult_languages=("English", "English", "Urdu", "Bengali", "Punjabi"),
)
_CHINESE = NamePool(
    girls=_words("Mei Ling Xin Yan Amy Chloe Grace Jessica"),
    boys=_words("Wei Jun Hao Ming Jason Ryan Ethan Kevin"),
    women=_words("Li Na Ying Hui Jing Xiu"),
    men=_words("Wei Jian Hong Gang Tao Bo"),
    older_women=_words("Mei Lan Fang"),
    older_men=_words("Chun Guo Ping"),
    surnames=_words("Li Wang Zhang Chen Liu Yang Huang Wong Lam Cheung"),
    adult_languages=("English", "Cantonese", "Mandarin"),
)
_AFRICAN = NamePool(
    girls=_words("Amara Adaeze Nia Zuri Chioma Ama Esther Grace Blessing Favour"),
    boys=_words("Kwame Tobi David Emmanuel Daniel Samuel Chidi Kofi Joshua Michael"),
    women=_words("Ngozi Abena Funmilayo Grace Blessing Mercy Comfort Joy"),
    men=_words("Oluwaseun Kwabena Emmanuel Chukwuemeka Samuel Joseph Patrick Isaac"),
    older_women=_words("Comfort Mercy Patience"),
    older_men=_words("Joseph Augustine Francis"),
    surnames=_words("Okafor Adeyemi Mensah Okoye Boateng Nwosu Asante Eze Owusu Adebayo"),
)
# Unaccompanied asylum-seeking children: (ethnicity, language, boys, girls, surnames)
_UASC_ORIGINS = [
    ("Black or Black British - African", "Tigrinya", "Yonas Filmon Robel Semere Daniel Henok",
     "Selam Helen Senait", "Tesfay Haile Gebremedhin Berhane Kidane"),
    ("Black or Black British - African", "Arabic", "Mohammed Ahmed Osman Ibrahim Adam Mustafa", "Amna Fatima",
     "Osman Adam Abdalla Ibrahim Yousif"),
    ("Asian or Asian British - Any other Asian background", "Pashto", "Samiullah Abdullah Ahmad Jawad Farhad",
     "Mariam", "Ahmadzai Rahimi Safi Noori Stanikzai"),
    ("White - Any other White background", "Albanian", "Ardit Kledi Erion Besnik Arben", "Elira",
     "Hoxha Krasniqi Shehu Gashi Berisha"),
    ("Other Ethnic Groups - Any other ethnic group", "Kurdish (Sorani)", "Karwan Rebwar Dana Hawre", "Shilan",
     "Mahmoud Rasul Karim Aziz"),
    ("Asian or Asian British - Any other Asian background", "Vietnamese", "Minh Duc Tuan Hieu", "Linh",
     "Nguyen Tran Le Pham"),
]

ETHNICITIES = [
    ("White - British", 915, _BRITISH),
    ("White - Irish", 6, _BRITISH),
    ("White - Any other White background", 22, _POLISH),
    ("Mixed - White and Black Caribbean", 7, _BRITISH),
    ("Mixed - White and Black African", 4, _BRITISH),
    ("Mixed - White and Asian", 7, _BRITISH),
    ("Asian or Asian British - Indian", 4, _SOUTH_ASIAN),
    ("Asian or Asian British - Pakistani", 2, _SOUTH_ASIAN),
    ("Asian or Asian British - Bangladeshi", 2, _SOUTH_ASIAN),
    ("Black or Black British - African", 6, _AFRICAN),
    ("Black or Black British - Caribbean", 2, _BRITISH),
    ("Other Ethnic Groups - Chinese", 5, _CHINESE),
    ("Other Ethnic Groups - Any other ethnic group", 5, _BRITISH),
    ("Not stated", 11, _BRITISH),
]

# ---------------------------------------------------------------------------------------
# Small helpers


class Weighted:
    """A weighted choice with its cumulative weights computed once."""

    def __init__(self, pairs):
        self.values = [value for value, _ in pairs]
        self.cumulative = []
        total = 0
        for _, weight in pairs:
            total += weight
            self.cumulative.append(total)
        self.total = total

    def pick(self, rng):
        return self.values[bisect.bisect_right(self.cumulative, rng.random() * self.total)]


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def age_on(dob: date, on: date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def in_years(years: float) -> timedelta:
    return timedelta(days=round(years * 365.25))


def clip(value, low, high):
    return max(low, min(high, value))


class Stay:
    """A period in a household, before it becomes a HouseholdMembership row."""

    __slots__ = ("household", "start", "end", "reason")

    def __init__(self, household, start, end=None, reason=""):
        self.household, self.start, self.end, self.reason = household, start, end, reason


class Family:
    def __init__(self, town, ethnicity, names):
        self.town = town
        self.ethnicity = ethnicity
        self.names = names
        self.mother = None
        self.father = None  # the older children's father
        self.partner = None  # the mother's current partner, when not the father
        self.resident_father = False
        self.household = None
        self.children = []  # people of kind child (and adult children at home)
        self.grandmother = None  # the mother's mother, when recorded
        self.unborn = None
        self.schools = {}


STRUCTURES = Weighted([("couple", 58), ("lone_mother", 22), ("stepfamily", 13), ("unknown_father", 3),
                       ("lone_father", 2), ("young_mother", 0.6)])
CHILDREN_PER_FAMILY = Weighted([(1, 40), (2, 37), (3, 15), (4, 6), (5, 2)])
LAC_AGE_BANDS = Weighted([((0, 4), 20), ((5, 9), 20), ((10, 15), 39), ((16, 17), 21)])
PLACEMENTS = Weighted([
    ("Foster placement with a Sefton foster carer", 50),
    ("Foster placement through an independent fostering agency", 18),
    ("Kinship foster placement (family and friends carer)", 12),
    ("Children's home", 10),
    ("Placed with parents", 5),
    ("Supported accommodation (16 and over)", 5),
])
OUT_OF_AREA_SHARE = {
    "Foster placement with a Sefton foster carer": 0.1,
    "Foster placement through an independent fostering agency": 0.45,
    "Children's home": 0.5,
    "Supported accommodation (16 and over)": 0.2,
    "Placed for adoption": 0.3,
}
SCHOOL_MOVE_REASONS = ["Parental preference", "Managed move", "Permanent exclusion",
                       "Parent concerned about bullying", "Moved to a school with a resourced provision"]
HOUSE_MOVE_REASONS = ["Moved house", "Moved house", "Moved to a larger home", "Rehoused by a housing association",
                      "Moved to be nearer family", "Evicted from previous tenancy", "Moved out of temporary housing"]
OTHER_ADULTS = ["Mother's brother", "Mother's sister", "Lodger", "Family friend", "Mother's cousin",
                "Father's brother"]


# ---------------------------------------------------------------------------------------


class Builder:
    """Generates the population in memory, then writes it."""

    def __init__(self, area, children: int, seed: int, anchor: date = ANCHOR):
        self.area = area
        self.target = children
        self.seed = seed
        self.rng = random.Random(seed)
        self.anchor = anchor
        self.council = area.council
        self.people: list[Person] = []
        self.households: list[Household] = []
        self.stays: dict = {}
        # Link rows are tuples in the order of the matching *_COLUMNS below.
        self.relationships: list[tuple] = []
        self.responsibility: list[tuple] = []
        self.statuses: list[tuple] = []
        self.enrolments: list[tuple] = []
        self.registrations: list[tuple] = []
        self.caseload: list[tuple] = []
        self.explicit: set = set()
        self.child_count = 0
        self.families: list[Family] = []
        self.family_of: dict = {}
        self.parents: list[Person] = []
        self.taken: set = set()  # children given a current or historic legal status
        self.lac_current: dict = {}  # person id -> start of the current looked-after spell
        self.ehe: dict = {}  # person id -> (start, end)
        self.unborn: list[Person] = []
        self.cp_unborn: set = set()
        self.used_nhs = set(FEATURED_NHS_NUMBERS.values())
        self.used_addresses: set = set()
        self.foster_homes: dict = {}  # town name -> [(household, carers, places)]
        self.town_pick = Weighted([(town, town.weight) for town in SEFTON_TOWNS])
        self.out_town_pick = Weighted([(town, town.weight) for town in OUT_OF_AREA_TOWNS])
        self.ethnicity_pick = Weighted([((label, names), weight) for label, weight, names in ETHNICITIES])
        self.category_pick = Weighted(CP_CATEGORIES)
        self.counters = Counter()

    # --- primitives ---------------------------------------------------------------------

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def new_nhs_number(self) -> str:
        rng = self.rng
        while True:
            base = str(rng.randrange(900_000_000, 999_000_000))
            check = nhs_number.calculate_checksum(base)
            if check == 10:
                continue
            digits = f"{base}{check}"
            if digits not in self.used_nhs:
                self.used_nhs.add(digits)
                return digits

    def person(self, *, given, family, sex, dob=None, edd=None, kind=None, middle="", ethnicity="",
               language="English", interpreter=False, nhs="auto", pid=None, explicit=False) -> Person:
        if kind is None:
            kind = CHILD if age_on(dob, self.anchor) < 20 else ADULT
        if nhs == "auto":
            nhs = self.new_nhs_number()
        person = Person(
            id=pid or self.new_id(), kind=kind, nhs_number=nhs, given_name=given, middle_names=middle,
            family_name=family, date_of_birth=dob, expected_delivery_date=edd, sex=sex, ethnicity=ethnicity,
            language=language, interpreter_needed=interpreter,
        )
        person.refresh_search_keys()
        self.people.append(person)
        if kind == CHILD:
            self.child_count += 1
        if explicit:
            self.explicit.add(person.id)
        return person

    def household(self, town, flat=None) -> Household:
        rng = self.rng
        streets = STREETS[town.name]
        flat = rng.random() < 0.18 if flat is None else flat
        for attempt in range(50):
            street, postcode = streets[rng.randrange(len(streets))]
            number = rng.randint(1, 240)
            line = f"Flat {rng.randint(1, 30)}, {number} {street}" if flat or attempt > 5 else f"{number} {street}"
            if (town.name, line) not in self.used_addresses:
                break
        self.used_addresses.add((town.name, line))
        return self._household(town, line, postcode, rng.choice(self.area.practices_in(town)))

    def fixed_household(self, town_name, line, postcode) -> Household:
        town = TOWNS[town_name]
        self.used_addresses.add((town.name, line))
        return self._household(town, line, postcode, self.area.practices_in(town)[0])

    def _household(self, town, line, postcode, practice) -> Household:
        household = Household(address_line_1=line, address_line_2=town.name if town.name != town.postal_town else "",
                              town=town.postal_town, postcode=postcode)
        household.tf_town = town
        household.tf_practice = practice
        self.households.append(household)
        return household

    def live(self, person, household, start, end=None, reason=""):
        self.stays.setdefault(person.id, []).append(Stay(household, start, end, reason))

    def relate(self, person, relative, type_, start=None, end=None, notes=""):
        self.relationships.append((person.id, relative.id, type_, start, end, notes))

    def end_kinship_care(self, child, carer, on):
        """The kinship foster care ``place`` just recorded with ``carer`` ends ``on``: one current
        carer relationship between two people at a time (people.Relationship's constraint)."""
        last = self.relationships[-1] if self.relationships else None
        if last is not None and last[:3] == (child.id, carer.id, T.CARER) and last[4] is None:
            self.relationships[-1] = (*last[:4], on, last[5])

    def pr(self, child, *, holder=None, org=None, basis, start, end=None):
        """Parental responsibility for a child (kind 'child'); it ends at 18."""
        if child.kind != CHILD:
            return
        eighteen = add_years(child.date_of_birth, 18)
        if eighteen <= self.anchor and (end is None or end > eighteen):
            end = eighteen
        if start > self.anchor or (end is not None and start >= end):
            return
        self.responsibility.append((child.id, holder.id if holder else None, org.pk if org else None, basis, start,
                                    end))

    def event(self, person, status, change, when, *, category="", placement="", authority=None, placing=None,
              out_of_area=False, notes=""):
        recorded = datetime.combine(when, time(9 if change == END else 10), tzinfo=UTC)
        self.statuses.append((person.id, status, change, when, category, placement, (authority or self.council).pk,
                              placing.pk if placing else None, out_of_area, notes, recorded))

    def enrol(self, person, school, start, end=None, reason=""):
        self.enrolments.append((person.id, school.pk, start, end, reason))

    def register(self, person, practice, start, end=None):
        self.registrations.append((person.id, practice.pk, start, end))

    def on_caseload(self, person, team, practitioner, start, end=None):
        self.caseload.append((person.id, team.pk, practitioner.pk if practitioner else None, start, end))

    # --- names --------------------------------------------------------------------------

    def given(self, names: NamePool, sex, dob) -> str:
        if dob.year >= 2004:
            pool = names.girls if sex == F else names.boys
        elif dob.year >= 1975:
            pool = names.women if sex == F else names.men
        else:
            pool = names.older_women if sex == F else names.older_men
        return pool[self.rng.randrange(len(pool))]

    def middle(self, names: NamePool, sex, dob, given) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.42:
            return ""
        first = self.given(names, sex, dob)
        if first == given:
            return ""
        if roll > 0.93:
            second = self.given(names, sex, dob)
            if second not in (first, given):
                return f"{first} {second}"
        return first

    def surname(self, names: NamePool) -> str:
        rng = self.rng
        name = names.surnames[rng.randrange(len(names.surnames))]
        if names is _BRITISH and rng.random() < 0.01:
            name = f"{name}-{names.surnames[rng.randrange(len(names.surnames))]}"
        return name

    def make(self, names, ethnicity, sex, dob, family_name, kind=None, language="English") -> Person:
        given = self.given(names, sex, dob)
        interpreter = language != "English" and self.rng.random() < 0.4
        return self.person(given=given, middle=self.middle(names, sex, dob, given), family=family_name, sex=sex,
                           dob=dob, ethnicity=ethnicity, kind=kind, language=language, interpreter=interpreter)

    def adult_language(self, names) -> str:
        langs = names.adult_languages
        return langs[self.rng.randrange(len(langs))]

    # --- the population -----------------------------------------------------------------

    def build(self, progress=False) -> None:
        add_featured(self)
        rates = {key: round(self.target * rate / 10000) for key, rate in RATES_PER_10000.items()}
        self.rates = rates
        for _ in range(rates["uasc"]):
            if self.child_count < self.target:
                self.make_uasc()
        for _ in range(rates["placed_here"]):
            if self.child_count < self.target:
                self.make_placed_here()
        with tqdm(total=self.target, desc="Generating families", unit="children", disable=not progress) as bar:
            bar.update(self.child_count)
            while self.child_count < self.target:
                before = self.child_count
                self.make_family()
                bar.update(self.child_count - before)
        self.assign_unborn(rates["unborn"])
        self.assign_care_leavers(rates["care_leaver"])
        self.assign_looked_after(max(0, rates["looked_after"] - 1))
        self.assign_looked_after_ended(rates["looked_after_ended"])
        self.assign_family_statuses("cp", max(0, rates["child_protection_plan"] - 2))
        self.assign_family_statuses("cin", rates["child_in_need"])
        self.assign_family_statuses("cp_ended", rates["child_protection_plan_ended"])
        self.assign_family_statuses("cin_ended", rates["child_in_need_ended"])
        self.assign_ehe(rates["ehe"], rates["ehe_ended"])
        self.assign_unborn_cp(max(1, round(self.target * 3 / 10000)))
        self.derive_rows()

    # --- families -----------------------------------------------------------------------

    def make_family(self) -> None:
        rng = self.rng
        anchor = self.anchor
        remaining = self.target - self.child_count
        town = self.town_pick.pick(rng)
        ethnicity, names = self.ethnicity_pick.pick(rng)
        structure = STRUCTURES.pick(rng)
        if structure == "young_mother" and remaining < 2:
            structure = "lone_mother"
        family = Family(town, ethnicity, names)
        self.families.append(family)

        # Birth dates: a reference child born in the last 20 years, older and younger siblings around it.
        if structure == "young_mother":
            dobs = [anchor - timedelta(days=rng.randrange(1, 900))]
        else:
            n = CHILDREN_PER_FAMILY.pick(rng)
            k = rng.randrange(n)
            gaps = [in_years(1.1 + rng.expovariate(1 / 2.2)) for _ in range(n - 1)]
            ref = anchor - timedelta(days=rng.randrange(0, 20 * 365))
            dobs = [ref]
            for i in range(k - 1, -1, -1):
                dobs.insert(0, dobs[0] - gaps[i])
            for i in range(k, n - 1):
                dobs.append(dobs[-1] + gaps[i])
        first_birth = dobs[0]
        dobs = [d for d in dobs if d <= anchor - timedelta(days=3) and age_on(d, anchor) < 25]
        if not dobs:
            dobs = [anchor - timedelta(days=rng.randrange(3, 20 * 365))]
            first_birth = dobs[0]
        # Keep within the number of children still to make (dropping the youngest).
        kids = [d for d in dobs if age_on(d, anchor) < 20]
        if len(kids) > remaining - (1 if structure == "young_mother" else 0):
            keep = max(1, remaining - (1 if structure == "young_mother" else 0))
            last_kept = kids[keep - 1]
            dobs = [d for d in dobs if d <= last_kept]

        # Mother
        if structure == "young_mother":
            mother_age_at_first = rng.uniform(16.2, 19.0)
        else:
            mother_age_at_first = clip(rng.gauss(28.0, 5.5), 17.0, 41.0)
        mother_dob = first_birth - in_years(mother_age_at_first)
        if structure != "young_mother" and age_on(mother_dob, anchor) < 20:
            mother_dob = add_years(anchor, -20) - timedelta(days=rng.randrange(1, 400))
        if age_on(mother_dob, dobs[-1]) > 46:  # no births after 46
            dobs = [d for d in dobs if age_on(mother_dob, d) <= 46] or dobs[:1]
        maiden = self.surname(names)
        language = self.adult_language(names)

        # Father of the (older) children
        has_father = structure != "unknown_father"
        father_dob = first_birth - in_years(clip(mother_age_at_first + rng.gauss(2.5, 3.5), 17.5, 55))
        if age_on(father_dob, anchor) < 20:
            father_dob = add_years(anchor, -20) - timedelta(days=rng.randrange(1, 400))
        married = has_father and structure != "young_mother" and rng.random() < (
            0.58 if structure == "couple" else 0.3)
        father_surname = self.surname(names)
        mother_surname = father_surname if married and rng.random() < 0.85 else maiden

        # Separation and a new partner
        split = len(dobs)  # children before index `split` are the father's; after, the partner's
        separated = None
        partner_in = None
        if structure in ("lone_mother", "stepfamily", "lone_father"):
            if structure == "stepfamily" and len(dobs) >= 2:
                widest = max(range(1, len(dobs)), key=lambda i: (dobs[i] - dobs[i - 1]).days)
                if (dobs[widest] - dobs[widest - 1]).days > 600:
                    split = widest
            low = dobs[split - 1] + timedelta(days=60)
            high = (dobs[split] - timedelta(days=330)) if split < len(dobs) else anchor - timedelta(days=30)
            if high <= low:
                structure, split = "couple", len(dobs)
            else:
                separated = low + timedelta(days=rng.randrange((high - low).days))
                if structure == "stepfamily":
                    p_high = (dobs[split] - timedelta(days=280)) if split < len(dobs) else anchor - timedelta(days=7)
                    p_low = separated + timedelta(days=30)
                    if p_high <= p_low:
                        structure = "lone_mother"
                    else:
                        partner_in = p_low + timedelta(days=rng.randrange((p_high - p_low).days))
        never_lived_together = structure == "lone_mother" and rng.random() < 0.3
        if structure == "young_mother":
            never_lived_together = True

        # Where and since when the family has lived
        if structure == "young_mother":
            home_since = mother_dob
        else:
            earliest = max(add_years(mother_dob, 17), add_years(father_dob, 17) if has_father else date.min)
            home_since = max(earliest, first_birth - in_years(rng.uniform(0, 3.5)))
            home_since = min(home_since, dobs[0])
        family.household = self.household(town)
        addresses = [(family.household, home_since)]
        if structure != "young_mother" and rng.random() < 0.38:
            span = (anchor - timedelta(days=60) - home_since).days
            if span > 240:
                moves = 2 if rng.random() < 0.25 and span > 900 else 1
                dates = sorted(home_since + timedelta(days=rng.randrange(120, span)) for _ in range(moves))
                addresses = []
                start = home_since
                for move in dates:
                    addresses.append((self.household(self.nearby_town(town)), start))
                    start = move
                addresses.append((family.household, start))

        def live_in_family(person, since, until=None, first_reason=""):
            """Stays for a person who lives with the family from ``since`` until ``until``."""
            for i, (household, from_) in enumerate(addresses):
                to = addresses[i + 1][1] if i + 1 < len(addresses) else None
                s = max(from_, since)
                e = to if until is None else (min(to, until) if to else until)
                if e is not None and s >= e:
                    continue
                reason = first_reason if s == since else HOUSE_MOVE_REASONS[rng.randrange(len(HOUSE_MOVE_REASONS))]
                self.live(person, household, s, e, reason)

        # --- people
        eth = ethnicity
        mother = self.make(names, eth, F, mother_dob, mother_surname, language=language)
        family.mother = mother
        self.parents.append(mother)
        father = None
        if has_father:
            father = self.make(names, eth, M, father_dob, father_surname, language=language)
            family.father = father
            self.parents.append(father)
        partner = None
        if partner_in:
            partner_dob = mother_dob - in_years(rng.gauss(2.0, 4.0))
            if age_on(partner_dob, anchor) < 20:
                partner_dob = add_years(anchor, -20) - timedelta(days=rng.randrange(1, 400))
            partner_dob = min(partner_dob, add_years(partner_in, -18))
            partner = self.make(names, eth, M, partner_dob, self.surname(names), language=language)
            family.partner = partner
            self.parents.append(partner)

        # Mother's and father's households
        if structure == "lone_father":
            live_in_family(father, home_since)
            live_in_family(mother, home_since, separated)
            self.live(mother, self.household(self.nearby_town(town, away=0.2)), separated, None,
                      "Moved out after separation")
        else:
            live_in_family(mother, home_since)
            if father is not None:
                if never_lived_together:
                    since = max(add_years(father_dob, 18), dobs[0] - in_years(rng.uniform(0, 4)))
                    self.live(father, self.household(self.nearby_town(town, away=0.2)), since)
                elif separated:
                    live_in_family(father, home_since, separated)
                    self.live(father, self.household(self.nearby_town(town, away=0.2)), separated, None,
                              "Moved out after separation")
                else:
                    live_in_family(father, home_since)
                    family.resident_father = True
            if partner is not None:
                since = max(add_years(partner.date_of_birth, 16), partner_in - in_years(rng.uniform(1, 8)))
                if since < partner_in:
                    self.live(partner, self.household(self.nearby_town(town)), since, partner_in)
                live_in_family(partner, partner_in, None, "Moved in with partner")

        # Couples
        if father is not None and structure != "young_mother":
            together = min(home_since, dobs[0] - timedelta(days=300))
            together = max(together, add_years(mother_dob, 16), add_years(father_dob, 16))
            notes = "Married" if married else ""
            self.relate(mother, father, T.PARTNER, together, separated if separated else None,
                        notes + ("; separated" if separated and married else ""))
        if partner is not None:
            self.relate(mother, partner, T.PARTNER, max(separated, partner_in - in_years(rng.uniform(0.2, 1.5))))

        # Children
        father_basis = None
        if father is not None:
            if married:
                father_basis = Basis.MARRIED_FATHER
            elif rng.random() < (0.92 if structure == "couple" else 0.8):
                father_basis = Basis.REGISTERED_FATHER
        partner_basis = Basis.REGISTERED_FATHER if rng.random() < 0.9 else None
        child_surname = father_surname if (married or (father and rng.random() < 0.6)) else mother_surname
        partner_surname = partner.family_name if partner and rng.random() < 0.6 else mother_surname
        for i, dob in enumerate(dobs):
            sex = F if rng.random() < 0.488 else M
            by_partner = partner is not None and i >= split
            surname = partner_surname if by_partner else child_surname
            child = self.make(names, eth, sex, dob, surname)
            family.children.append(child)
            self.family_of[child.id] = family
            live_in_family(child, max(dob, home_since), None, "Born")
            self.relate(child, mother, T.MOTHER, dob)
            self.pr(child, holder=mother, basis=Basis.BIRTH_MOTHER, start=dob)
            dad = partner if by_partner else father
            basis = partner_basis if by_partner else father_basis
            if dad is not None:
                self.relate(child, dad, T.FATHER, dob)
                if basis:
                    self.pr(child, holder=dad, basis=basis, start=dob)
                elif rng.random() < 0.3:
                    self.pr(child, holder=dad, basis=Basis.PR_AGREEMENT, start=dob + in_years(rng.uniform(0.3, 4)))
            if partner is not None and not by_partner:
                self.relate(child, partner, T.STEP_PARENT, max(partner_in, dob))
                if rng.random() < 0.04:
                    self.pr(child, holder=partner, basis=Basis.STEP_PARENT,
                            start=max(partner_in, dob) + in_years(rng.uniform(0.5, 3)))

        # Grandparents: the parents' own mother and father.
        for parent in (mother, father, partner):
            if parent is None:
                continue
            chances = (0.72, 0.52) if parent is mother else ((0.5, 0.34) if parent is father else (0.12, 0.08))
            if structure == "young_mother" and parent is mother:
                chances = (1.0, 0.5)
            gran_surname = maiden if parent is mother else parent.family_name
            self.add_grandparents(family, parent, chances, gran_surname, town, structure == "young_mother")

        # Other adults at home
        if rng.random() < 0.025:
            arrived = max(home_since, anchor - in_years(rng.uniform(0.1, 6)))
            dob = anchor - in_years(rng.uniform(20, 60))
            sex = M if rng.random() < 0.55 else F
            adult = self.make(names, eth, sex, dob, self.surname(names) if rng.random() < 0.5 else maiden)
            live_in_family(adult, arrived, None, "Moved into the household")
            note = OTHER_ADULTS[rng.randrange(len(OTHER_ADULTS))]
            for child in family.children:
                if child.kind == CHILD:
                    self.relate(child, adult, T.OTHER_ADULT, max(arrived, child.date_of_birth),
                                notes=f"{note}, lives in the household")

    def nearby_town(self, town, away=0.05):
        """Somewhere to live near ``town``: usually the same town, sometimes elsewhere in the area, and with
        probability ``away`` out of the area."""
        rng = self.rng
        roll = rng.random()
        if roll < away:
            return self.out_town_pick.pick(rng)
        if roll < away + 0.55:
            return town
        return self.town_pick.pick(rng)

    def add_grandparents(self, family, parent, chances, surname, town, young_mother):
        rng = self.rng
        anchor = self.anchor
        names = family.names
        made = []
        for sex, chance in zip((F, M), chances, strict=True):
            if rng.random() >= chance:
                continue
            dob = parent.date_of_birth - in_years(rng.uniform(18.5, 38))
            age = age_on(dob, anchor)
            if age > 96 or (age > 78 and rng.random() < (age - 78) / 18):
                continue
            gran_surname = surname if sex == M or rng.random() < 0.85 else self.surname(names)
            gran = self.make(names, family.ethnicity, sex, dob, gran_surname, language=self.adult_language(names))
            self.relate(parent, gran, T.MOTHER if sex == F else T.FATHER, parent.date_of_birth)
            if parent.kind == CHILD:
                self.pr(parent, holder=gran, basis=Basis.BIRTH_MOTHER if sex == F else Basis.REGISTERED_FATHER,
                        start=parent.date_of_birth)
            made.append(gran)
            if parent is family.mother and sex == F:
                family.grandmother = gran
        if not made:
            return
        together = len(made) == 2 and rng.random() < 0.65
        if together:
            self.relate(made[0], made[1], T.PARTNER, add_years(parent.date_of_birth, -rng.randint(1, 8)),
                        notes="Married" if rng.random() < 0.8 else "")
        in_family_home = young_mother or (parent is family.mother and family.father is not None
                                          and not family.resident_father and rng.random() < 0.03) or (
            parent is family.mother and rng.random() < 0.02)
        shared = None
        for gran in made:
            if in_family_home and gran is made[0]:
                stays = self.stays.get(family.mother.id, [])
                household = family.household
                since = stays[-1].start if stays else anchor
                if young_mother:
                    # The young mother lives in her mother's home, which the grandmother has had for years.
                    since = max(add_years(gran.date_of_birth, 18), family.mother.date_of_birth - in_years(2))
                self.live(gran, household, since)
                continue
            if together and shared is not None:
                household = shared
            else:
                household = self.household(self.nearby_town(town, away=0.15))
                shared = household
            since = max(add_years(gran.date_of_birth, 18), anchor - in_years(rng.uniform(1, 35)))
            self.live(gran, household, since)

    # --- people who are not part of a generated family ---------------------------------

    def foster_home(self, in_area=True, kind="foster"):
        """A foster carer's (or a children's home's, or supported accommodation's) household, and its carers."""
        rng = self.rng
        town = self.town_pick.pick(rng) if in_area else self.out_town_pick.pick(rng)
        homes = self.foster_homes.setdefault((town.name, kind), [])
        if homes and rng.random() < 0.45:
            entry = homes[rng.randrange(len(homes))]
            if entry[2] > 0:
                entry[2] -= 1
                return entry[0], entry[1]
        if kind == "home":
            household = self.household(town, flat=False)
            name = ("Oak", "Rowan", "Beech", "Willow", "Cedar")[rng.randrange(5)]
            household.address_line_1 = f"{name} House, {household.address_line_1}"
            carers = []
        elif kind == "supported":
            household = self.household(town, flat=True)
            carers = []
        else:
            household = self.household(town, flat=False)
            names = _BRITISH
            surname = self.surname(names)
            dob = self.anchor - in_years(rng.uniform(32, 64))
            carers = [self.make(names, "White - British", F, dob, surname)]
            if rng.random() < 0.65:
                carers.append(self.make(names, "White - British", M, dob - in_years(rng.gauss(2, 3)), surname))
                self.relate(carers[0], carers[1], T.PARTNER, add_years(dob, 24), notes="Married")
            since = max(add_years(dob, 25), self.anchor - in_years(rng.uniform(3, 20)))
            for carer in carers:
                self.live(carer, household, since)
        homes.append([household, carers, {"foster": 2, "adopters": 0}.get(kind, 5)])
        return household, carers

    def make_uasc(self) -> None:
        rng = self.rng
        anchor = self.anchor
        ethnicity, language, boys, girls, surnames = _UASC_ORIGINS[rng.randrange(len(_UASC_ORIGINS))]
        sex = M if rng.random() < 0.9 else F
        age = rng.uniform(14, 17.95)
        dob = anchor - in_years(age)
        arrived = anchor - timedelta(days=rng.randrange(20, max(21, min(900, round((age - 13.5) * 365)))))
        given = rng.choice((boys if sex == M else girls).split())
        nhs = "auto" if (anchor - arrived).days > 100 or rng.random() < 0.5 else None
        child = self.person(given=given, family=rng.choice(surnames.split()), sex=sex, dob=dob, ethnicity=ethnicity,
                            language=language, interpreter=rng.random() < 0.85, nhs=nhs)
        supported = age_on(dob, arrived) >= 16 and rng.random() < 0.6
        household, carers = self.foster_home(True, "supported" if supported else "foster")
        self.live(child, household, arrived, None, "Arrived in the UK unaccompanied")
        placement = "Supported accommodation (16 and over)" if supported else \
            "Foster placement with a Sefton foster carer"
        self.event(child, LegalStatus.UASC, START, arrived, notes="Age assessed on arrival")
        self.event(child, LegalStatus.LOOKED_AFTER, START, arrived, placement=placement, placing=self.council,
                   notes="Accommodated under section 20")
        for carer in carers:
            self.relate(child, carer, T.CARER, arrived, notes="Foster carer")
        self.lac_current[child.id] = arrived
        self.taken.add(child.id)

    def make_placed_here(self) -> None:
        """A child looked after by another authority and placed with a foster carer in Sefton."""
        rng = self.rng
        anchor = self.anchor
        low, high = LAC_AGE_BANDS.pick(rng)
        dob = anchor - timedelta(days=rng.randrange(low * 365 + 30, (high + 1) * 365 - 5))
        home_town = self.out_town_pick.pick(rng)
        authority = self.area.organisations[home_town.authority]
        names = _BRITISH
        surname = self.surname(names)
        mother_dob = dob - in_years(clip(rng.gauss(26, 5.5), 17, 42))
        mother = self.make(names, "White - British", F, mother_dob, surname)
        child = self.make(names, "White - British", F if rng.random() < 0.47 else M, dob, surname)
        mothers_home = self.household(home_town)
        self.live(mother, mothers_home, max(add_years(mother_dob, 18), dob - in_years(rng.uniform(0, 3))))
        placed = anchor - timedelta(days=rng.randrange(14, max(15, min((anchor - dob).days, 4 * 365))))
        self.live(child, mothers_home, dob, placed, "Born")
        household, carers = self.foster_home(True)
        self.live(child, household, placed, None, f"Placed in foster care in Sefton by {authority.name}")
        self.relate(child, mother, T.MOTHER, dob)
        self.pr(child, holder=mother, basis=Basis.BIRTH_MOTHER, start=dob)
        for carer in carers:
            self.relate(child, carer, T.CARER, placed, notes="Foster carer")
        care_order = rng.random() < 0.75
        if care_order:
            self.pr(child, org=authority, basis=Basis.CARE_ORDER, start=placed)
        self.event(child, LegalStatus.LOOKED_AFTER, START, placed, authority=authority, placing=authority,
                   out_of_area=True, placement="Foster placement through an independent fostering agency",
                   notes=("Care order (section 31)" if care_order else "Accommodated under section 20")
                   + f"; placed in Sefton by {authority.name}")
        self.lac_current[child.id] = placed
        self.taken.add(child.id)
        self.counters["placed_here"] += 1

    # --- statuses -----------------------------------------------------------------------

    def candidates(self, low_age, high_age):
        """Children of generated families aged low..high (inclusive) with no status yet, in a random order."""
        found = [
            child for family in self.families for child in family.children
            if child.kind == CHILD and child.id not in self.taken
            and low_age <= age_on(child.date_of_birth, self.anchor) <= high_age
        ]
        self.rng.shuffle(found)
        return found

    def splice(self, person, household, start, end=None, reason="", back_reason="Returned home"):
        """Put ``person`` in ``household`` from ``start`` to ``end``, cutting their other stays around it."""
        new = []
        for stay in self.stays.get(person.id, []):
            stay_end = stay.end or FAR
            if stay.start < start:
                new.append(Stay(stay.household, stay.start, stay.end if stay_end <= start else start, stay.reason))
            if end is not None and stay_end > end:
                from_ = max(stay.start, end)
                new.append(Stay(stay.household, from_, stay.end, back_reason if stay.start < end else stay.reason))
        new.append(Stay(household, start, end, reason))
        new.sort(key=lambda s: s.start)
        self.stays[person.id] = new

    def cp_history(self, child, before, chance_cp=0.55, chance_cin=0.5):
        """Statuses that led up to ``before``: a child protection plan, and a child-in-need plan before that."""
        rng = self.rng
        dob = child.date_of_birth
        if rng.random() < chance_cp:
            cp_start = before - timedelta(days=rng.randrange(90, 500))
            if cp_start > dob:
                if rng.random() < chance_cin:
                    cin_start = cp_start - timedelta(days=rng.randrange(30, 300))
                    if cin_start > dob:
                        self.event(child, LegalStatus.CHILD_IN_NEED, START, cin_start)
                        self.event(child, LegalStatus.CHILD_IN_NEED, END, cp_start)
                self.event(child, LegalStatus.CHILD_PROTECTION_PLAN, START, cp_start,
                           category=self.category_pick.pick(rng))
                self.event(child, LegalStatus.CHILD_PROTECTION_PLAN, END, before)

    def gran_household(self, family):
        """The maternal grandmother's own home (not the family's), if she is recorded."""
        if family is None or family.grandmother is None:
            return None
        household = self.stays[family.grandmother.id][-1].household
        return None if household is family.household else household

    def place(self, child, start, placement, out_of_area, end=None) -> bool:
        """Move a child into a placement (with carers) from ``start`` until ``end``; returns whether the
        placement is outside the area."""
        family = self.family_of.get(child.id)
        household = self.gran_household(family) if placement.startswith("Kinship") else None
        if household is not None:
            gran = family.grandmother
            self.splice(child, household, start, end, "Kinship placement with grandmother", "Returned home")
            self.relate(child, gran, T.CARER, start, end, "Kinship foster carer (maternal grandmother)")
            return not household.tf_town.in_area
        if placement == "Placed with parents":
            return False
        kind = {"Children's home": "home", "Placed for adoption": "adopters"}.get(placement, "foster")
        if placement.startswith("Supported"):
            kind = "supported"
        household, carers = self.foster_home(not out_of_area, kind)
        reason = "Placed in foster care" if kind == "foster" else f"Placed: {placement.lower()}"
        if out_of_area:
            reason += " out of area"
        self.splice(child, household, start, end, reason, "Returned home from care")
        note = "Prospective adopter" if placement == "Placed for adoption" else "Foster carer"
        for carer in carers:
            self.relate(child, carer, T.CARER, start, end, note)
        return not household.tf_town.in_area

    def pick_placement(self, age):
        rng = self.rng
        while True:
            placement = PLACEMENTS.pick(rng)
            if placement.startswith("Supported") and age < 16:
                continue
            if placement == "Children's home" and age < 8:
                continue
            out = rng.random() < OUT_OF_AREA_SHARE.get(placement, 0)
            return placement, out

    def assign_looked_after(self, target) -> None:
        rng = self.rng
        anchor = self.anchor
        bands = {band: self.candidates(band[0], band[1]) for band in LAC_AGE_BANDS.values}
        done = 0
        while done < target:
            band = LAC_AGE_BANDS.pick(rng)
            pool = bands[band]
            if not pool:
                if not any(bands.values()):
                    return
                continue
            child = pool.pop()
            self.taken.add(child.id)
            dob = child.date_of_birth
            age_days = (anchor - dob).days
            spell = int(min(30 + rng.expovariate(1 / 900), age_days - 1, 16 * 365))
            start = anchor - timedelta(days=spell)
            if start - dob < timedelta(days=10):
                start = dob + timedelta(days=rng.randrange(0, 10))
            self.cp_history(child, start)
            age = age_on(dob, anchor)
            care_order = rng.random() < 0.75
            adoption = age < 5 and rng.random() < 0.2 and (anchor - start).days > 200
            placement, out = ("Foster placement with a Sefton foster carer", False) if adoption else \
                self.pick_placement(age)
            basis_note = "Care order (section 31)" if care_order or adoption else "Accommodated under section 20"
            # A second placement for some.
            moved = None
            if not adoption and placement != "Placed with parents" and (anchor - start).days > 400 and \
                    rng.random() < 0.25:
                moved = start + timedelta(days=rng.randrange(120, (anchor - start).days - 30))
            out = self.place(child, start, placement, out, moved)
            self.event(child, LegalStatus.LOOKED_AFTER, START, start, placement=placement, placing=self.council,
                       out_of_area=out, notes=basis_note)
            if moved:
                placement2, out2 = self.pick_placement(age)
                if placement2 == "Placed with parents":
                    placement2, out2 = "Foster placement with a Sefton foster carer", False
                out2 = self.place(child, moved, placement2, out2)
                # A change of placement: the old spell ends and a new one starts the same day.
                self.event(child, LegalStatus.LOOKED_AFTER, END, moved, placement=placement, placing=self.council,
                           out_of_area=out, notes="Change of placement")
                self.event(child, LegalStatus.LOOKED_AFTER, START, moved, placement=placement2,
                           placing=self.council, out_of_area=out2, notes=basis_note)
            if adoption:
                placed = start + timedelta(days=rng.randrange(180, min(540, (anchor - start).days)))
                out_a = rng.random() < OUT_OF_AREA_SHARE["Placed for adoption"]
                out_a = self.place(child, placed, "Placed for adoption", out_a)
                self.event(child, LegalStatus.PLACED_FOR_ADOPTION, START, placed, placement="Placed for adoption",
                           placing=self.council, out_of_area=out_a, notes="Placement order")
            if care_order or adoption:
                self.pr(child, org=self.council, basis=Basis.CARE_ORDER, start=start)
            self.lac_current[child.id] = start
            done += 1
            self.counters["looked_after"] += 1

    def assign_looked_after_ended(self, target) -> None:
        rng = self.rng
        anchor = self.anchor
        for child in self.candidates(1, 17)[:target]:
            self.taken.add(child.id)
            dob = child.date_of_birth
            start = max(dob + timedelta(days=20), anchor - timedelta(days=rng.randrange(400, 6 * 365)))
            if (anchor - start).days < 120:
                continue
            end = start + timedelta(days=rng.randrange(60, min(700, (anchor - start).days - 30)))
            family = self.family_of[child.id]
            gran_home = self.gran_household(family)
            sgo = gran_home is not None and rng.random() < 0.35
            care_order = rng.random() < 0.5 or sgo
            self.cp_history(child, start, 0.5)
            placement, out = self.pick_placement(age_on(dob, start))
            if sgo:
                out = self.place(child, start, placement, out)
                gran = family.grandmother
                self.end_kinship_care(child, gran, end)  # she stays the carer, now as special guardian
                self.splice(child, gran_home, end, None, "Special guardianship with grandmother")
                self.pr(child, holder=gran, basis=Basis.SPECIAL_GUARDIANSHIP, start=end)
                self.relate(child, gran, T.CARER, end, notes="Special guardian (maternal grandmother)")
            else:
                out = self.place(child, start, placement, out, end)
            self.event(child, LegalStatus.LOOKED_AFTER, START, start, placement=placement, placing=self.council,
                       out_of_area=out, notes=CARE_ORDER_NOTE if care_order else SECTION_20_NOTE)
            self.event(child, LegalStatus.LOOKED_AFTER, END, end, placement=placement, placing=self.council,
                       out_of_area=out, notes="Special guardianship order" if sgo else "Returned home to parents")
            if care_order:
                self.pr(child, org=self.council, basis=Basis.CARE_ORDER, start=start, end=end)
            self.counters["looked_after_ended"] += 1

    def assign_care_leavers(self, target) -> None:
        rng = self.rng
        for child in self.candidates(18, 19)[:target]:
            self.taken.add(child.id)
            dob = child.date_of_birth
            eighteen = add_years(dob, 18)
            start = add_years(dob, 16) - timedelta(days=rng.randrange(0, 6 * 365))
            self.cp_history(child, start, 0.4)
            placement, out = self.pick_placement(age_on(dob, start))
            if placement == "Placed with parents":
                placement, out = "Foster placement with a Sefton foster carer", False
            care_order = rng.random() < 0.75
            out = self.place(child, start, placement, out)
            staying_put = placement.startswith("Foster") and rng.random() < 0.3
            if not staying_put:
                town = self.town_pick.pick(rng)
                self.splice(child, self.household(town, flat=True), eighteen, None,
                            "Moved to own tenancy" if rng.random() < 0.6 else "Moved to supported lodgings")
            self.event(child, LegalStatus.LOOKED_AFTER, START, start, placement=placement, placing=self.council,
                       out_of_area=out, notes=CARE_ORDER_NOTE if care_order else SECTION_20_NOTE)
            self.event(child, LegalStatus.LOOKED_AFTER, END, eighteen, placement=placement, placing=self.council,
                       out_of_area=out, notes="Ceased to be looked after at 18")
            self.event(child, LegalStatus.CARE_LEAVER, START, eighteen,
                       notes="Staying put with former foster carers" if staying_put else "")
            if care_order:
                self.pr(child, org=self.council, basis=Basis.CARE_ORDER, start=start)
            self.counters["care_leaver"] += 1

    def assign_family_statuses(self, kind, target) -> None:
        """Child protection and child-in-need plans cover the children of a household together."""
        rng = self.rng
        anchor = self.anchor
        families = list(self.families)
        rng.shuffle(families)
        done = 0
        for family in families:
            if done >= target:
                break
            children = [
                c for c in family.children
                if c.kind == CHILD and c.id not in self.taken and age_on(c.date_of_birth, anchor) < 18
            ]
            if not children:
                continue
            if kind == "cp":
                start = anchor - timedelta(days=int(min(14 + rng.expovariate(1 / 260), 900)))
            elif kind == "cin":
                start = anchor - timedelta(days=int(min(14 + rng.expovariate(1 / 330), 1200)))
            else:
                start = anchor - timedelta(days=rng.randrange(180, 6 * 365))
            category = self.category_pick.pick(rng)
            before = rng.random()
            for child in children:
                self.taken.add(child.id)
                dob = child.date_of_birth
                begin = max(start, dob)
                if kind == "cp":
                    if before < 0.6:
                        cin = begin - timedelta(days=rng.randrange(30, 400))
                        if cin > dob:
                            self.event(child, LegalStatus.CHILD_IN_NEED, START, cin)
                            self.event(child, LegalStatus.CHILD_IN_NEED, END, begin)
                    self.event(child, LegalStatus.CHILD_PROTECTION_PLAN, START, begin, category=category)
                elif kind == "cin":
                    if before < 0.2:
                        cp = begin - timedelta(days=rng.randrange(120, 500))
                        if cp > dob:
                            self.event(child, LegalStatus.CHILD_PROTECTION_PLAN, START, cp, category=category)
                            self.event(child, LegalStatus.CHILD_PROTECTION_PLAN, END, begin)
                    self.event(child, LegalStatus.CHILD_IN_NEED, START, begin)
                elif kind == "cp_ended":
                    end = begin + timedelta(days=rng.randrange(90, 600))
                    if end > anchor - timedelta(days=14):
                        continue
                    self.event(child, LegalStatus.CHILD_PROTECTION_PLAN, START, begin, category=category)
                    self.event(child, LegalStatus.CHILD_PROTECTION_PLAN, END, end)
                    if before < 0.7 and end + timedelta(days=200) < anchor:
                        self.event(child, LegalStatus.CHILD_IN_NEED, START, end)
                        self.event(child, LegalStatus.CHILD_IN_NEED, END, end + timedelta(days=rng.randrange(90, 200)))
                else:  # cin_ended
                    end = begin + timedelta(days=rng.randrange(60, 540))
                    if end > anchor - timedelta(days=14):
                        continue
                    self.event(child, LegalStatus.CHILD_IN_NEED, START, begin)
                    self.event(child, LegalStatus.CHILD_IN_NEED, END, end)
                done += 1
                self.counters[kind] += 1
            if kind == "cp" and family.unborn is not None and family.unborn.id not in self.cp_unborn:
                begin = max(start, family.unborn.expected_delivery_date - timedelta(days=150))
                if begin <= anchor:
                    self.event(family.unborn, LegalStatus.CHILD_PROTECTION_PLAN, START, begin, category=category,
                               notes="Pre-birth child protection conference")
                    self.cp_unborn.add(family.unborn.id)

    def assign_ehe(self, target, ended) -> None:
        rng = self.rng
        anchor = self.anchor
        pool = self.candidates(5, 15)
        for i, child in enumerate(pool[: target + ended]):
            dob = child.date_of_birth
            school_start = date(dob.year + (5 if dob.month >= 9 else 4), 9, 1)
            earliest = school_start + timedelta(days=60)
            if earliest >= anchor - timedelta(days=30):
                continue
            self.taken.add(child.id)
            start = max(earliest, anchor - timedelta(days=rng.randrange(30, 1100)))
            end = None
            if i >= target:
                if (anchor - start).days < 120:
                    continue
                end = start + timedelta(days=rng.randrange(60, (anchor - start).days - 30))
            self.event(child, LegalStatus.EHE, START, start, notes="Parents' decision notified by the school")
            if end:
                self.event(child, LegalStatus.EHE, END, end, notes="Returned to school")
            self.ehe[child.id] = (start, end)
            self.counters["ehe_ended" if end else "ehe"] += 1

    def assign_unborn(self, target) -> None:
        rng = self.rng
        anchor = self.anchor
        families = list(self.families)
        rng.shuffle(families)
        for family in families:
            if len(self.unborn) >= target:
                break
            mother = family.mother
            stays = self.stays.get(mother.id)
            if not stays or stays[-1].end is not None or not stays[-1].household.tf_town.in_area:
                continue
            if not 17 <= age_on(mother.date_of_birth, anchor) <= 44:
                continue
            if family.children and max(c.date_of_birth for c in family.children) > anchor - timedelta(days=300):
                continue
            edd = anchor + timedelta(days=rng.randrange(10, 200))
            father = family.partner or (family.father if family.resident_father else None)
            surname = father.family_name if father and rng.random() < 0.5 else mother.family_name
            unborn = self.person(kind=UNBORN, given="", family=surname, sex=Sex.NOT_KNOWN, edd=edd,
                                 ethnicity=family.ethnicity, nhs=None)
            self.relate(unborn, mother, T.MOTHER)
            if father is not None:
                self.relate(unborn, father, T.FATHER)
            family.unborn = unborn
            self.unborn.append(unborn)
            self.family_of[unborn.id] = family

    def assign_unborn_cp(self, target) -> None:
        rng = self.rng
        for unborn in self.unborn:
            if len(self.cp_unborn) >= target:
                break
            if unborn.id in self.cp_unborn or rng.random() < 0.5:
                continue
            begin = unborn.expected_delivery_date - timedelta(days=rng.randrange(60, 150))
            if begin > self.anchor:
                continue
            self.event(unborn, LegalStatus.CHILD_PROTECTION_PLAN, START, begin,
                       category=self.category_pick.pick(rng), notes="Pre-birth child protection conference")
            self.cp_unborn.add(unborn.id)

    # --- rows derived from where people live -------------------------------------------

    def derive_rows(self) -> None:
        rng = self.rng
        anchor = self.anchor
        area = self.area
        hv_demo, sn_demo = area.practitioners["hv.demo"], area.practitioners["sn.demo"]
        cic_demo, camhs_demo = area.practitioners["cic.demo"], area.practitioners["camhs.demo"]
        midwife_demo = area.practitioners["midwife.demo"]
        hv_demo_team, sn_demo_team = hv_demo.team, sn_demo.team
        cic_team = area.teams[area_data.CIC_TEAM]
        camhs_team = area.teams[area_data.CAMHS_TEAM]
        stars_team = area.teams[area_data.YP_SUBSTANCE_TEAM]
        demo_counts = Counter()

        for person in self.people:
            if person.id in self.explicit or person.kind == UNBORN:
                continue
            stays = self.stays.get(person.id)
            if not stays:
                continue
            stays.sort(key=lambda s: s.start)
            self.derive_gp(person, stays)
            if person.kind != CHILD:
                continue
            self.derive_schools(person, stays)
            current = stays[-1]
            if current.end is not None:
                continue
            town = current.household.tf_town
            dob = person.date_of_birth
            age = age_on(dob, anchor)
            if town.in_area:
                if age < 5:
                    team = area.hv_team(town)
                    start = max(dob, current.start)
                    who = hv_demo if team == hv_demo_team and demo_counts["hv"] < 250 else None
                    demo_counts["hv"] += who is not None
                else:
                    team = area.sn_team(town)
                    start = max(add_years(dob, 5), current.start)
                    who = sn_demo if team == sn_demo_team and demo_counts["sn"] < 250 else None
                    demo_counts["sn"] += who is not None
                self.on_caseload(person, team, who, start)
                if 5 <= age <= 17 and rng.random() < 0.025:
                    who = camhs_demo if demo_counts["camhs"] < 40 else None
                    demo_counts["camhs"] += who is not None
                    self.on_caseload(person, camhs_team, who, max(start, anchor - timedelta(days=rng.randrange(
                        14, 700))))
                if 13 <= age <= 18 and rng.random() < 0.004:
                    self.on_caseload(person, stars_team, None, max(start, anchor - timedelta(days=rng.randrange(
                        14, 400))))
            if person.id in self.lac_current:
                who = cic_demo if demo_counts["cic"] < 60 else None
                demo_counts["cic"] += who is not None
                self.on_caseload(person, cic_team, who, self.lac_current[person.id])

        # Adults known to adult services.
        for parent in self.parents:
            roll = rng.random()
            if roll < 0.03:
                town = self.stays[parent.id][-1].household.tf_town
                name = area_data.SOUTH_CMHT if town.south else area_data.NORTH_CMHT
                self.on_caseload(parent, area.teams[name], None, anchor - timedelta(days=rng.randrange(14, 1500)))
            elif roll < 0.045:
                self.on_caseload(parent, area.teams[area_data.AMBITION_TEAM], None,
                                 anchor - timedelta(days=rng.randrange(14, 900)))

        # Pregnancies: the woman and her unborn baby on a midwifery caseload from booking.
        for unborn in self.unborn:
            family = self.family_of[unborn.id]
            mother = family.mother
            booked = unborn.expected_delivery_date - timedelta(days=210)
            enhanced = unborn.id in self.cp_unborn or age_on(mother.date_of_birth, anchor) < 20
            team = area.teams[area_data.ENHANCED_MIDWIFERY_TEAM] if enhanced else area.midwifery_team(
                self.stays[mother.id][-1].household.tf_town)
            who = midwife_demo if enhanced and demo_counts["midwife"] < 60 else None
            demo_counts["midwife"] += who is not None
            self.on_caseload(mother, team, who, booked)
            self.on_caseload(unborn, team, who, booked)

    def derive_gp(self, person, stays) -> None:
        rng = self.rng
        regs = []
        for stay in stays:
            practice = stay.household.tf_practice
            if regs and regs[-1][0] is practice:
                continue
            start = stay.start
            if regs:
                regs[-1][2] = start
            regs.append([practice, start, None])
        if stays[-1].end is not None:
            regs[-1][2] = stays[-1].end
        dob = person.date_of_birth
        first = regs[0]
        if first[1] - dob < timedelta(days=42):
            registered = min(dob + timedelta(days=rng.randrange(7, 42)), self.anchor)
            if first[2] is None or registered < first[2]:
                first[1] = registered
        for practice, start, end in regs:
            self.register(person, practice, start, end)

    def derive_schools(self, person, stays) -> None:
        """Primary from the September after the 4th birthday, secondary from 11 to 16 (and sixth form to 18 for
        some); a move of school area moves school; some other moves; elective home education cuts the record."""
        rng = self.rng
        anchor = self.anchor
        dob = person.date_of_birth
        year = dob.year + (5 if dob.month >= 9 else 4)
        if date(year, 9, 1) > anchor:
            return
        family = self.family_of.get(person.id)
        schools = family.schools if family else {}
        sixth_form = rng.random() < 0.55
        special = rng.random() < 0.012 and person.id not in self.ehe
        if special:
            phases = [(SPECIAL, date(year, 9, 1), date(year + 14, 7, 22))]
        else:
            phases = [(PRIMARY, date(year, 9, 1), date(year + 7, 7, 22)),
                      (SECONDARY, date(year + 7, 9, 1), date(year + (14 if sixth_form else 12), 7, 22))]
        rows = []  # [school, start, end, reason]
        for phase, begins, ends in phases:
            if begins > anchor:
                break
            area_now = None
            for stay in stays:
                s = max(stay.start, begins)
                e = min(stay.end or FAR, ends)
                if s >= e:
                    continue
                town = stay.household.tf_town
                if town.school_area == area_now:
                    continue
                key = (phase, town.school_area)
                school = schools.get(key)
                if school is None:
                    options = self.area.schools_in(town, phase)
                    same_town = [org for name, org in options if name == town.name]
                    pool = same_town if same_town and rng.random() < 0.8 else [org for _, org in options]
                    school = pool[rng.randrange(len(pool))]
                    schools[key] = school
                if rows and rows[-1][2] is None:
                    rows[-1][2] = s
                if area_now is None:
                    if rows:
                        reason = "Transfer to secondary school"
                    elif s > begins:
                        reason = "Arrived in the area"
                    else:
                        reason = ""
                else:
                    placement = stay.reason.startswith(("Placed", "Kinship", "Returned", "Special"))
                    reason = "Moved school after a change of placement" if placement else "Moved house"
                rows.append([school, s, None, reason])
                area_now = town.school_area
            if rows and rows[-1][2] is None:
                rows[-1][2] = ends
        if not rows:
            return
        # An occasional move for other reasons.
        if not special and rng.random() < 0.04:
            i = rng.randrange(len(rows))
            school, s, e, _ = rows[i]
            e_cut = min(e, anchor)
            if (e_cut - s).days > 200:
                when = s + timedelta(days=rng.randrange(90, (e_cut - s).days - 60))
                town = next(st.household.tf_town for st in reversed(stays) if st.start <= when)
                options = [org for _, org in self.area.schools_in(town, PRIMARY if when.year - dob.year < 11 else
                                                                     SECONDARY) if org != school]
                if options:
                    rows[i][2] = when
                    rows.insert(i + 1, [options[rng.randrange(len(options))], when, e,
                                        SCHOOL_MOVE_REASONS[rng.randrange(len(SCHOOL_MOVE_REASONS))]])
        # Elective home education: off roll from its start; back on roll if it ended.
        if person.id in self.ehe:
            ehe_start, ehe_end = self.ehe[person.id]
            kept = [[school, s, min(e, ehe_start), reason] for school, s, e, reason in rows if s < ehe_start]
            if ehe_end:
                for school, s, e, reason in rows:
                    if s < ehe_end < e:
                        kept.append([school, ehe_end, e, "Returned to school after elective home education"])
                    elif s >= ehe_end:
                        kept.append([school, s, e, reason])
            rows = kept
        for school, s, e, reason in rows:
            if s > anchor or s >= e:
                continue
            self.enrol(person, school, s, e if e <= anchor else None, reason)

    # --- writing ------------------------------------------------------------------------

    def memberships(self) -> list[tuple]:
        rows = []
        for person in self.people:
            for stay in sorted(self.stays.get(person.id, []), key=lambda s: s.start):
                rows.append((stay.household.id, person.id, stay.start, stay.end, stay.reason))
        return rows

    def flags_and_chronology(self, statuses) -> tuple[list, list]:
        """What the services write beside each legal status change, household move and school
        change: the flag it raises or ends, and the chronology events (as people.services,
        flags.services and chronology.services would have written them at the time)."""
        flag_types = dict(FlagType.objects.values_list("code", "id"))
        flag_labels = dict(FlagType.objects.values_list("code", "label"))
        authorities = {o.pk: o for o in Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY)}
        kinds = {p.id: p.kind for p in self.people}
        flags, events, open_flags = [], [], {}

        def noon(day):
            return datetime.combine(day, time(12), tzinfo=UTC)

        def event(person_id, type_, summary, day, source_type, source_id, recorded=None):
            registered = EVENT_TYPES[type_.code]
            events.append((person_id, noon(day), registered.code, registered.significance, summary[:500], None,
                           source_type, str(source_id), recorded or noon(day)))

        ordered = sorted(statuses, key=lambda row: (str(row[1]), row[2], row[4], row[11], row[0]))
        for (pk, person_id, status, change, when, category, _placement, authority_id, _placing, out_of_area, _notes,
             recorded) in ordered:
            label = LegalStatus(status).label
            if status == LegalStatus.CHILD_PROTECTION_PLAN:
                label = "Unborn child protection plan" if kinds.get(person_id) == UNBORN else label
                label = f"{label}: {CPCategory(category).label.lower()}" if category else label
            if status == LegalStatus.LOOKED_AFTER and out_of_area:
                label += " (placed out of area)"
            verb = "started" if change == START else "ended"
            event(person_id, event_types.LEGAL_STATUS_STARTED if change == START else event_types.LEGAL_STATUS_ENDED,
                  f"{label} {verb}", when, "people.LegalStatusEntry", pk, recorded)
            code = LEGAL_STATUS_FLAGS.get(status)
            if code is None:
                continue
            if status == LegalStatus.CHILD_PROTECTION_PLAN and kinds.get(person_id) == UNBORN:
                code = "unborn_cp_plan"
            key = (person_id, status)
            if change == START:
                authority = authorities[authority_id]
                flag = [person_id, flag_types[code], CPCategory(category).label if category else "", when, None,
                        authority_id, f"{authority.name} children's social care", authority.phone,
                        authority.out_of_hours_phone, pk, "", recorded]
                flags.append(flag)
                open_flags[key] = flag
                event(person_id, event_types.FLAG_RAISED,
                      f"{flag_labels[code]}{': ' + flag[2] if flag[2] else ''} flag raised by {authority.name}",
                      when, "flags.Flag", "", recorded)
            elif key in open_flags:
                flag = open_flags.pop(key)
                flag[4], flag[10] = when, "Legal status ended"
                event(person_id, event_types.FLAG_ENDED, f"{flag_labels[code]} flag ended", when, "flags.Flag", "",
                      recorded)

        towns = {h.id: h.town for h in self.households}
        moves = {}
        for household_id, person_id, start, _end, reason in self.memberships():
            moves.setdefault(person_id, []).append((start, household_id, reason))
        for person_id, stays in moves.items():
            for start, household_id, reason in sorted(stays)[1:]:
                event(person_id, event_types.HOUSEHOLD_MOVE,
                      f"Moved to {towns[household_id]}{': ' + reason if reason else ''}", start,
                      "people.Household", household_id)
        schools = dict(Organisation.objects.filter(kind=Organisation.Kind.SCHOOL).values_list("id", "name"))
        for person_id, school_id, start, _end, reason in self.enrolments:
            if reason:
                event(person_id, event_types.SCHOOL_MOVE, f"Moved to {schools[school_id]}. Reason: {reason}", start,
                      "organisations.Organisation", school_id)
        return [tuple(flag) for flag in flags], events

    def save(self, progress=False) -> dict:
        """Write everything in one transaction. Household ids are assigned here, so memberships can name them."""
        with transaction.atomic():
            first = (Household.objects.aggregate(top=Max("id"))["top"] or 0) + 1
            for number, household in enumerate(self.households, start=first):
                household.id = number
            # Legal status rows get their ids here too, so the flags they raise can name them.
            first_status = (LegalStatusEntry.objects.aggregate(top=Max("id"))["top"] or 0) + 1
            statuses = [(number, *row) for number, row in enumerate(self.statuses, start=first_status)]
            flags, events = self.flags_and_chronology(statuses)
            tables = [
                (Household, HOUSEHOLD_COLUMNS, [tuple(getattr(h, c) for c in HOUSEHOLD_COLUMNS)
                                                for h in self.households]),
                (Person, PERSON_COLUMNS, [tuple(getattr(p, c) for c in PERSON_COLUMNS) for p in self.people]),
                (HouseholdMembership, MEMBERSHIP_COLUMNS, self.memberships()),
                (Relationship, RELATIONSHIP_COLUMNS, self.relationships),
                (ParentalResponsibility, RESPONSIBILITY_COLUMNS, self.responsibility),
                (LegalStatusEntry, STATUS_COLUMNS, statuses),
                (SchoolEnrolment, ENROLMENT_COLUMNS, self.enrolments),
                (GPRegistration, REGISTRATION_COLUMNS, self.registrations),
                (CaseloadMembership, CASELOAD_COLUMNS, self.caseload),
                (Flag, FLAG_COLUMNS, flags),
                (Event, EVENT_COLUMNS, events),
            ]
            total = sum(len(rows) for _, _, rows in tables)
            with tqdm(total=total, desc="Saving", unit="rows", disable=not progress) as bar:
                for model, columns, rows in tables:
                    bar.set_postfix_str(model.__name__)
                    write_rows(model, columns, rows, bar)
            reset_sequences([Household, LegalStatusEntry])
        return {model.__name__: len(rows) for model, _, rows in tables}


# ---------------------------------------------------------------------------------------
# Writing rows fast. Django's bulk_create compiles every value of every row through the
# field machinery (measured: 208 s for the area's 1.4 million rows on SQLite, over the
# 3-minute budget). The rows here are plain tuples already in database terms, so they go
# to the database in one prepared statement per batch (SQLite, executemany) or one COPY
# per table (PostgreSQL); other engines fall back to bulk_create. Columns not given are
# filled from the field's default, and auto_now(_add) columns with the time of the write.

HOUSEHOLD_COLUMNS = ["id", "address_line_1", "address_line_2", "town", "postcode"]
PERSON_COLUMNS = ["id", "kind", "nhs_number", "given_name", "middle_names", "family_name", "date_of_birth",
                  "expected_delivery_date", "sex", "ethnicity", "language", "interpreter_needed", "family_name_key",
                  "given_name_key"]
MEMBERSHIP_COLUMNS = ["household_id", "person_id", "start_date", "end_date", "reason"]
RELATIONSHIP_COLUMNS = ["person_id", "relative_id", "type", "start_date", "end_date", "notes"]
RESPONSIBILITY_COLUMNS = ["child_id", "holder_id", "holder_organisation_id", "basis", "start_date", "end_date"]
STATUS_COLUMNS = ["id", "person_id", "status", "change", "effective_date", "cp_category", "placement_type",
                  "responsible_authority_id", "placing_authority_id", "placed_out_of_area", "notes", "recorded_at"]
ENROLMENT_COLUMNS = ["person_id", "school_id", "start_date", "end_date", "reason_for_move"]
REGISTRATION_COLUMNS = ["person_id", "practice_id", "start_date", "end_date"]
CASELOAD_COLUMNS = ["person_id", "team_id", "practitioner_id", "start_date", "end_date"]
FLAG_COLUMNS = ["person_id", "type_id", "detail", "start_date", "end_date", "raised_by_organisation_id",
                "contact_name", "contact_phone", "contact_out_of_hours_phone", "legal_status_entry_id", "end_reason",
                "created_at"]
EVENT_COLUMNS = ["person_id", "occurred_at", "type", "significance", "summary", "service_id", "source_type",
                 "source_id", "recorded_at"]


def _converter(field):
    """A function from a Python value to what this database stores for the field."""
    vendor = connection.vendor
    target = field.target_field if field.is_relation else field
    kind = target.get_internal_type()
    if vendor == "postgresql":
        return None  # psycopg adapts UUIDs, dates and datetimes itself
    if vendor == "sqlite":
        if kind == "UUIDField":
            return lambda v: None if v is None else v.hex
        if kind == "DateField":
            return lambda v: None if v is None else v.isoformat()
        if kind == "DateTimeField":
            return connection.ops.adapt_datetimefield_value
        return None
    return lambda v: field.get_db_prep_save(v, connection)


def write_rows(model, columns, rows, bar=None) -> None:
    fields = {f.attname: f for f in model._meta.concrete_fields}
    now = timezone.now()  # wall clock: created_at/updated_at bookkeeping, as auto_now writes it
    extra_columns, extra_values = [], []
    for field in model._meta.concrete_fields:
        if field.attname in columns or field.primary_key:
            continue
        value = now if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False) else \
            field.get_default()
        convert = _converter(field)
        extra_columns.append(field.attname)
        extra_values.append(convert(value) if convert and value is not None else value)
    extra = tuple(extra_values)
    converters = [(i, _converter(fields[c])) for i, c in enumerate(columns)]
    converters = [(i, fn) for i, fn in converters if fn is not None]
    all_columns = [*columns, *extra_columns]
    vendor = connection.vendor

    def prepared(batch):
        out = []
        for row in batch:
            if converters:
                row = list(row)
                for i, fn in converters:
                    if row[i] is not None:
                        row[i] = fn(row[i])
            out.append((*row, *extra))
        return out

    if vendor not in ("sqlite", "postgresql"):
        for i in range(0, len(rows), BATCH_SIZE):
            batch = rows[i: i + BATCH_SIZE]
            model.objects.bulk_create([model(**dict(zip(columns, row, strict=True))) for row in batch])
            if bar is not None:
                bar.update(len(batch))
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(fields[c].column) for c in all_columns)
    with connection.cursor() as cursor:
        if vendor == "postgresql" and hasattr(cursor.cursor, "copy"):  # psycopg 3
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for i in range(0, len(rows), BATCH_SIZE):
                    batch = rows[i: i + BATCH_SIZE]
                    for row in prepared(batch):
                        copy.write_row(row)
                    if bar is not None:
                        bar.update(len(batch))
        else:
            # Table and column names come from the model's metadata, quoted; values are parameters.
            sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(all_columns))})"  # noqa: S608
            for i in range(0, len(rows), BATCH_SIZE):
                batch = rows[i: i + BATCH_SIZE]
                cursor.executemany(sql, prepared(batch))
                if bar is not None:
                    bar.update(len(batch))


def reset_sequences(models) -> None:
    """After rows with explicit integer ids, make the database hand out the next ones (PostgreSQL)."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def generate(area, *, children: int, seed: int, progress: bool = False) -> dict:
    """Build and write the population; returns the number of rows written per model."""
    builder = Builder(area, children, seed)
    builder.build(progress=progress)
    written = builder.save(progress=progress)
    written |= add_lac_health(builder)  # looked-after children's health (demo/lac_health.py)
    written |= add_demo_referrals(area)
    return written | add_lac_stories(area)  # health plan, passport and more for the featured (demo/lac_stories.py)


# ---------------------------------------------------------------------------------------
# Checking what was written


def current_status_counts(on: date | None = None) -> Counter:
    """Current legal statuses (folded from the in-force entries, as people.family does), counted by status,
    and child protection plans by category."""
    on = on or ANCHOR
    latest = {}
    rows = (
        LegalStatusEntry.objects.in_force()
        .filter(effective_date__lte=on)
        .order_by("effective_date", "recorded_at", "id")
        .values_list("person_id", "status", "change", "cp_category", "placed_out_of_area",
                     "responsible_authority__code")
    )
    for person_id, status, change, category, out, authority in rows.iterator(chunk_size=10000):
        latest[(person_id, status)] = (change, category, out, authority)
    counts = Counter()
    for (_, status), (change, category, out, authority) in latest.items():
        if change != START:
            continue
        counts[status] += 1
        if status == LegalStatus.CHILD_PROTECTION_PLAN:
            counts[f"{status}:{category}"] += 1
        if status == LegalStatus.LOOKED_AFTER:
            if out:
                counts["looked_after:placed out of area"] += 1
            if authority != area_data.SEFTON_COUNCIL:
                counts["looked_after:placed here by another authority"] += 1
    return counts


def _norm(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


FINGERPRINT_QUERIES = [
    (Person, ["id", "kind", "nhs_number", "given_name", "middle_names", "family_name", "date_of_birth",
              "expected_delivery_date", "sex", "ethnicity", "language", "interpreter_needed", "family_name_key",
              "given_name_key"]),
    (Relationship, ["person_id", "relative_id", "type", "start_date", "end_date", "notes"]),
    (ParentalResponsibility, ["child_id", "holder_id", "holder_organisation__code", "basis", "start_date",
                              "end_date"]),
    (HouseholdMembership, ["person_id", "household__address_line_1", "household__address_line_2", "household__town",
                           "household__postcode", "start_date", "end_date", "reason"]),
    (LegalStatusEntry, ["person_id", "status", "change", "effective_date", "cp_category", "placement_type",
                        "responsible_authority__code", "placing_authority__code", "placed_out_of_area", "notes",
                        "recorded_at"]),
    (SchoolEnrolment, ["person_id", "school__code", "start_date", "end_date", "reason_for_move"]),
    (GPRegistration, ["person_id", "practice__code", "start_date", "end_date"]),
    (CaseloadMembership, ["person_id", "team__name", "practitioner__username", "start_date", "end_date"]),
]


def fingerprint() -> str:
    """A sha256 over every generated row, sorted, without database-assigned keys or timestamps. Equal on SQLite
    and PostgreSQL for the same children and seed."""
    digest = hashlib.sha256()
    for model, fields in FINGERPRINT_QUERIES:
        rows = sorted("\x1f".join(_norm(v) for v in row) for row in model.objects.values_list(*fields).iterator(
            chunk_size=10000))
        digest.update(f"{model.__name__}:{len(rows)}\n".encode())
        for row in rows:
            digest.update(row.encode())
            digest.update(b"\n")
    return digest.hexdigest()


def delete_people() -> None:
    """Remove every person and everything about them (used by tests to re-seed in one database)."""
    delete_lac_stories()
    delete_lac_health()
    for model in (InformationResponse, InformationRequest, DischargeOverride, ReferralStatus, Referral, Concern):
        model.objects.all().delete()
    for model in (Event, Flag, CaseloadMembership, GPRegistration, SchoolEnrolment, LegalStatusEntry,
                  ParentalResponsibility, HouseholdMembership, Relationship):
        model.objects.all().delete()
    Person.objects.all().delete()
    Household.objects.all().delete()
