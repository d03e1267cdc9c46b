"""The population in memory: the ``Builder`` holds every person, household and link row
made so far, and the primitives that add one (a person, a household, a stay, a relationship,
parental responsibility, a legal status row, an enrolment, a registration, a caseload place).
``build()`` is the order of the steps; each step is a function of its own module, and every
draw comes from the builder's one random stream, so the order is the data."""

import random
import uuid
from collections import Counter
from datetime import UTC, date, datetime, time

import nhs_number
from tqdm import tqdm

from thinkfamily.demo.area import OUT_OF_AREA_TOWNS, SEFTON_TOWNS, STREETS, TOWNS
from thinkfamily.demo.featured import FEATURED_NHS_NUMBERS, add_featured
from thinkfamily.demo.generator import care, caseloads, families, practices, pregnancies, schools, statuses
from thinkfamily.demo.generator.chance import Weighted
from thinkfamily.demo.generator.dates import ANCHOR, add_years, age_on
from thinkfamily.demo.generator.households import Stay
from thinkfamily.demo.generator.names import ETHNICITIES, middle_names
from thinkfamily.demo.generator.names import given_name as draw_given_name
from thinkfamily.demo.generator.statuses import CP_CATEGORIES
from thinkfamily.people.models import Household, LegalStatusEntry, Person, Relationship

CHILD, ADULT, UNBORN = Person.Kind.CHILD, Person.Kind.ADULT, Person.Kind.UNBORN
END = LegalStatusEntry.Change.END

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


class Builder:
    """Generates the population in memory; ``population.generate`` writes it."""

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
        # Link rows are tuples in the order of the matching writing.*_COLUMNS.
        self.relationships: list[tuple] = []
        self.responsibility: list[tuple] = []
        self.statuses: list[tuple] = []
        self.enrolments: list[tuple] = []
        self.registrations: list[tuple] = []
        self.caseload: list[tuple] = []
        self.explicit: set = set()
        self.child_count = 0
        self.families: list[families.Family] = []
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

    # --- the population -----------------------------------------------------------------

    def build(self, progress=False) -> None:
        add_featured(self)
        rates = {key: round(self.target * rate / 10000) for key, rate in RATES_PER_10000.items()}
        self.rates = rates
        self.make_children_in_care_from_elsewhere(rates)
        self.make_families(progress)
        self.assign_statuses(rates)
        self.derive_rows()

    def make_children_in_care_from_elsewhere(self, rates) -> None:
        """Unaccompanied asylum-seeking children, and children placed here by other authorities."""
        for _ in range(rates["uasc"]):
            if self.child_count < self.target:
                care.make_uasc(self)
        for _ in range(rates["placed_here"]):
            if self.child_count < self.target:
                care.make_placed_here(self)

    def make_families(self, progress) -> None:
        with tqdm(total=self.target, desc="Generating families", unit="children", disable=not progress) as bar:
            bar.update(self.child_count)
            while self.child_count < self.target:
                before = self.child_count
                families.make_family(self)
                bar.update(self.child_count - before)

    def assign_statuses(self, rates) -> None:
        pregnancies.assign_unborn(self, rates["unborn"])
        care.assign_care_leavers(self, rates["care_leaver"])
        care.assign_looked_after(self, max(0, rates["looked_after"] - 1))
        care.assign_looked_after_ended(self, rates["looked_after_ended"])
        statuses.assign_family_statuses(self, "cp", max(0, rates["child_protection_plan"] - 2))
        statuses.assign_family_statuses(self, "cin", rates["child_in_need"])
        statuses.assign_family_statuses(self, "cp_ended", rates["child_protection_plan_ended"])
        statuses.assign_family_statuses(self, "cin_ended", rates["child_in_need_ended"])
        statuses.assign_ehe(self, rates["ehe"], rates["ehe_ended"])
        pregnancies.assign_unborn_cp(self, max(1, round(self.target * 3 / 10000)))

    def derive_rows(self) -> None:
        """GP registrations, school enrolments and caseload places, from where people live."""
        places = caseloads.Caseloads(self)
        for person in self.people:
            if person.id in self.explicit or person.kind == UNBORN:
                continue
            stays = self.stays.get(person.id)
            if not stays:
                continue
            stays.sort(key=lambda s: s.start)
            practices.register_with_practices(self, person, stays)
            if person.kind != CHILD:
                continue
            schools.enrol_in_schools(self, person, stays)
            places.add_child(person, stays[-1])
        places.add_parents()
        places.add_pregnancies()

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

    def make(self, names, ethnicity, sex, dob, family_name, kind=None, language="English") -> Person:
        """A person with names drawn from ``names`` (and an interpreter for some who speak another language)."""
        given = draw_given_name(self.rng, names, sex, dob)
        interpreter = language != "English" and self.rng.random() < 0.4
        return self.person(given=given, middle=middle_names(self.rng, names, sex, dob, given), family=family_name,
                           sex=sex, dob=dob, ethnicity=ethnicity, kind=kind, language=language,
                           interpreter=interpreter)

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
        if last is not None and last[:3] == (child.id, carer.id, Relationship.Type.CARER) and last[4] is None:
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
        """A legal status row: ``status`` starts or ends (``change``) on ``when``."""
        recorded = datetime.combine(when, time(9 if change == END else 10), tzinfo=UTC)
        self.statuses.append((person.id, status, change, when, category, placement, (authority or self.council).pk,
                              placing.pk if placing else None, out_of_area, notes, recorded))

    def enrol(self, person, school, start, end=None, reason=""):
        self.enrolments.append((person.id, school.pk, start, end, reason))

    def register(self, person, practice, start, end=None):
        self.registrations.append((person.id, practice.pk, start, end))

    def on_caseload(self, person, team, practitioner, start, end=None):
        self.caseload.append((person.id, team.pk, practitioner.pk if practitioner else None, start, end))
