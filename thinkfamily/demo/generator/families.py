"""The shape of a family: a mother, the children's father (living with them, or living
elsewhere after a separation, or not recorded), sometimes a new partner (step-parent) and
half-siblings, grandparents (``relatives``), occasionally another adult in the household.
Siblings are never stored: they are derived from shared parents.

A family is made in the order of its story: its shape and the dates that follow from it
(births, the parents' ages, a separation and a new partner, the homes it has had), then its
people, where each lives, and how they are related."""

from datetime import date, timedelta

from thinkfamily.demo.generator.chance import Weighted, clip
from thinkfamily.demo.generator.dates import add_years, age_on, in_years
from thinkfamily.demo.generator.households import nearby_town
from thinkfamily.demo.generator.names import adult_language, surname
from thinkfamily.demo.generator.relatives import add_grandparents
from thinkfamily.people.models import ParentalResponsibility, Person, Relationship, Sex

T = Relationship.Type
Basis = ParentalResponsibility.Basis
CHILD = Person.Kind.CHILD
F, M = Sex.FEMALE, Sex.MALE

STRUCTURES = Weighted([("couple", 58), ("lone_mother", 22), ("stepfamily", 13), ("unknown_father", 3),
                       ("lone_father", 2), ("young_mother", 0.6)])
CHILDREN_PER_FAMILY = Weighted([(1, 40), (2, 37), (3, 15), (4, 6), (5, 2)])
HOUSE_MOVE_REASONS = ["Moved house", "Moved house", "Moved to a larger home", "Rehoused by a housing association",
                      "Moved to be nearer family", "Evicted from previous tenancy", "Moved out of temporary housing"]
OTHER_ADULTS = ["Mother's brother", "Mother's sister", "Lodger", "Family friend", "Mother's cousin",
                "Father's brother"]


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


def make_family(b) -> None:
    """One family, and as many of its children as are still to make."""
    maker = FamilyMaker(b)
    maker.choose_shape()
    maker.choose_birth_dates()
    maker.choose_mother()
    maker.choose_father()
    maker.choose_separation()
    maker.choose_homes()
    maker.make_parents()
    maker.house_parents()
    maker.relate_couples()
    maker.make_children()
    maker.add_grandparents()
    maker.add_other_adult()


class FamilyMaker:
    """The facts of one family as they are drawn, each step using those before it."""

    def __init__(self, b):
        self.b, self.rng, self.anchor = b, b.rng, b.anchor
        self.father = self.partner = None

    @property
    def young_mother(self) -> bool:
        return self.structure == "young_mother"

    def choose_shape(self) -> None:
        b, rng = self.b, self.rng
        self.remaining = b.target - b.child_count
        self.town = b.town_pick.pick(rng)
        self.ethnicity, self.names = b.ethnicity_pick.pick(rng)
        self.structure = STRUCTURES.pick(rng)
        if self.young_mother and self.remaining < 2:
            self.structure = "lone_mother"
        self.family = Family(self.town, self.ethnicity, self.names)
        b.families.append(self.family)

    def choose_birth_dates(self) -> None:
        """A reference child born in the last 20 years, older and younger siblings around it; then only
        the children born by now, under 25, and within the number of children still to make."""
        rng, anchor = self.rng, self.anchor
        if self.young_mother:
            dobs = [anchor - timedelta(days=rng.randrange(1, 900))]
        else:
            dobs = self._siblings_around_a_reference_child()
        first_birth = dobs[0]
        dobs = [d for d in dobs if d <= anchor - timedelta(days=3) and age_on(d, anchor) < 25]
        if not dobs:
            dobs = [anchor - timedelta(days=rng.randrange(3, 20 * 365))]
            first_birth = dobs[0]
        # Keep within the number of children still to make (dropping the youngest).
        kids = [d for d in dobs if age_on(d, anchor) < 20]
        room = self.remaining - (1 if self.young_mother else 0)
        if len(kids) > room:
            last_kept = kids[max(1, room) - 1]
            dobs = [d for d in dobs if d <= last_kept]
        self.dobs, self.first_birth = dobs, first_birth

    def _siblings_around_a_reference_child(self) -> list:
        rng = self.rng
        n = CHILDREN_PER_FAMILY.pick(rng)
        k = rng.randrange(n)
        gaps = [in_years(1.1 + rng.expovariate(1 / 2.2)) for _ in range(n - 1)]
        ref = self.anchor - timedelta(days=rng.randrange(0, 20 * 365))
        dobs = [ref]
        for i in range(k - 1, -1, -1):
            dobs.insert(0, dobs[0] - gaps[i])
        for i in range(k, n - 1):
            dobs.append(dobs[-1] + gaps[i])
        return dobs

    def choose_mother(self) -> None:
        """Her age at her first child's birth, her maiden name and language; no births after 46."""
        rng, anchor = self.rng, self.anchor
        if self.young_mother:
            self.mother_age_at_first = rng.uniform(16.2, 19.0)
        else:
            self.mother_age_at_first = clip(rng.gauss(28.0, 5.5), 17.0, 41.0)
        mother_dob = self.first_birth - in_years(self.mother_age_at_first)
        if not self.young_mother and age_on(mother_dob, anchor) < 20:
            mother_dob = self._an_adult_of_twenty()
        if age_on(mother_dob, self.dobs[-1]) > 46:  # no births after 46
            self.dobs = [d for d in self.dobs if age_on(mother_dob, d) <= 46] or self.dobs[:1]
        self.mother_dob = mother_dob
        self.maiden = surname(rng, self.names)
        self.language = adult_language(rng, self.names)

    def _an_adult_of_twenty(self) -> date:
        return add_years(self.anchor, -20) - timedelta(days=self.rng.randrange(1, 400))

    def choose_father(self) -> None:
        """The older children's father: his age, whether he married their mother, and the surnames."""
        rng, structure = self.rng, self.structure
        self.has_father = structure != "unknown_father"
        self.father_dob = self.first_birth - in_years(clip(self.mother_age_at_first + rng.gauss(2.5, 3.5), 17.5, 55))
        if age_on(self.father_dob, self.anchor) < 20:
            self.father_dob = self._an_adult_of_twenty()
        self.married = self.has_father and not self.young_mother and rng.random() < (
            0.58 if structure == "couple" else 0.3)
        self.father_surname = surname(rng, self.names)
        self.mother_surname = self.father_surname if self.married and rng.random() < 0.85 else self.maiden

    def choose_separation(self) -> None:
        """When the parents separated, and when a new partner moved in (a stepfamily): children born
        before ``split`` are the father's, after it the partner's."""
        self.split = len(self.dobs)
        self.separated = None
        self.partner_in = None
        if self.structure in ("lone_mother", "stepfamily", "lone_father"):
            self._separate()
        self.never_lived_together = self.structure == "lone_mother" and self.rng.random() < 0.3
        if self.young_mother:
            self.never_lived_together = True

    def _separate(self) -> None:
        rng, anchor, dobs = self.rng, self.anchor, self.dobs
        if self.structure == "stepfamily" and len(dobs) >= 2:
            widest = max(range(1, len(dobs)), key=lambda i: (dobs[i] - dobs[i - 1]).days)
            if (dobs[widest] - dobs[widest - 1]).days > 600:
                self.split = widest
        split = self.split
        low = dobs[split - 1] + timedelta(days=60)
        high = (dobs[split] - timedelta(days=330)) if split < len(dobs) else anchor - timedelta(days=30)
        if high <= low:
            self.structure, self.split = "couple", len(dobs)
            return
        self.separated = low + timedelta(days=rng.randrange((high - low).days))
        if self.structure == "stepfamily":
            self._new_partner()

    def _new_partner(self) -> None:
        dobs, split = self.dobs, self.split
        p_high = (dobs[split] - timedelta(days=280)) if split < len(dobs) else self.anchor - timedelta(days=7)
        p_low = self.separated + timedelta(days=30)
        if p_high <= p_low:
            self.structure = "lone_mother"
        else:
            self.partner_in = p_low + timedelta(days=self.rng.randrange((p_high - p_low).days))

    def choose_homes(self) -> None:
        """Since when the family has lived in its home, and the homes it had before (``addresses``:
        household and the day the family moved in)."""
        rng, anchor, family = self.rng, self.anchor, self.family
        if self.young_mother:
            home_since = self.mother_dob
        else:
            earliest = max(add_years(self.mother_dob, 17),
                           add_years(self.father_dob, 17) if self.has_father else date.min)
            home_since = max(earliest, self.first_birth - in_years(rng.uniform(0, 3.5)))
            home_since = min(home_since, self.dobs[0])
        self.home_since = home_since
        family.household = self.b.household(self.town)
        self.addresses = [(family.household, home_since)]
        if not self.young_mother and rng.random() < 0.38:
            span = (anchor - timedelta(days=60) - home_since).days
            if span > 240:
                self._earlier_homes(span)

    def _earlier_homes(self, span) -> None:
        rng, home_since = self.rng, self.home_since
        moves = 2 if rng.random() < 0.25 and span > 900 else 1
        dates = sorted(home_since + timedelta(days=rng.randrange(120, span)) for _ in range(moves))
        self.addresses = []
        start = home_since
        for move in dates:
            self.addresses.append((self.b.household(nearby_town(self.b, self.town)), start))
            start = move
        self.addresses.append((self.family.household, start))

    def live_in_family(self, person, since, until=None, first_reason=""):
        """Stays for a person who lives with the family from ``since`` until ``until``."""
        addresses = self.addresses
        for i, (household, from_) in enumerate(addresses):
            to = addresses[i + 1][1] if i + 1 < len(addresses) else None
            s = max(from_, since)
            e = to if until is None else (min(to, until) if to else until)
            if e is not None and s >= e:
                continue
            reason = first_reason if s == since else HOUSE_MOVE_REASONS[self.rng.randrange(len(HOUSE_MOVE_REASONS))]
            self.b.live(person, household, s, e, reason)

    def make_parents(self) -> None:
        b, family, names, eth = self.b, self.family, self.names, self.ethnicity
        self.mother = family.mother = b.make(names, eth, F, self.mother_dob, self.mother_surname,
                                             language=self.language)
        b.parents.append(self.mother)
        if self.has_father:
            self.father = family.father = b.make(names, eth, M, self.father_dob, self.father_surname,
                                                 language=self.language)
            b.parents.append(self.father)
        if self.partner_in:
            self._make_partner()

    def _make_partner(self) -> None:
        b, rng = self.b, self.rng
        partner_dob = self.mother_dob - in_years(rng.gauss(2.0, 4.0))
        if age_on(partner_dob, self.anchor) < 20:
            partner_dob = self._an_adult_of_twenty()
        partner_dob = min(partner_dob, add_years(self.partner_in, -18))
        self.partner = self.family.partner = b.make(self.names, self.ethnicity, M, partner_dob,
                                                    surname(rng, self.names), language=self.language)
        b.parents.append(self.partner)

    def house_parents(self) -> None:
        """The mother's, the father's and the partner's homes: with the family, or elsewhere since
        a separation or before moving in."""
        b, mother, father = self.b, self.mother, self.father
        if self.structure == "lone_father":
            self.live_in_family(father, self.home_since)
            self.live_in_family(mother, self.home_since, self.separated)
            b.live(mother, b.household(nearby_town(b, self.town, away=0.2)), self.separated, None,
                   "Moved out after separation")
            return
        self.live_in_family(mother, self.home_since)
        if father is not None:
            self._house_father()
        if self.partner is not None:
            since = max(add_years(self.partner.date_of_birth, 16), self.partner_in - in_years(self.rng.uniform(1, 8)))
            if since < self.partner_in:
                b.live(self.partner, b.household(nearby_town(b, self.town)), since, self.partner_in)
            self.live_in_family(self.partner, self.partner_in, None, "Moved in with partner")

    def _house_father(self) -> None:
        b, father = self.b, self.father
        if self.never_lived_together:
            since = max(add_years(self.father_dob, 18), self.dobs[0] - in_years(self.rng.uniform(0, 4)))
            b.live(father, b.household(nearby_town(b, self.town, away=0.2)), since)
        elif self.separated:
            self.live_in_family(father, self.home_since, self.separated)
            b.live(father, b.household(nearby_town(b, self.town, away=0.2)), self.separated, None,
                   "Moved out after separation")
        else:
            self.live_in_family(father, self.home_since)
            self.family.resident_father = True

    def relate_couples(self) -> None:
        b, separated = self.b, self.separated
        if self.father is not None and not self.young_mother:
            together = min(self.home_since, self.dobs[0] - timedelta(days=300))
            together = max(together, add_years(self.mother_dob, 16), add_years(self.father_dob, 16))
            notes = "Married" if self.married else ""
            b.relate(self.mother, self.father, T.PARTNER, together, separated if separated else None,
                     notes + ("; separated" if separated and self.married else ""))
        if self.partner is not None:
            b.relate(self.mother, self.partner, T.PARTNER,
                     max(separated, self.partner_in - in_years(self.rng.uniform(0.2, 1.5))))

    def make_children(self) -> None:
        """The children, each with the surname and parental responsibility of their parents."""
        rng, father, partner = self.rng, self.father, self.partner
        self.father_basis = None
        if father is not None:
            if self.married:
                self.father_basis = Basis.MARRIED_FATHER
            elif rng.random() < (0.92 if self.structure == "couple" else 0.8):
                self.father_basis = Basis.REGISTERED_FATHER
        self.partner_basis = Basis.REGISTERED_FATHER if rng.random() < 0.9 else None
        self.child_surname = self.father_surname if (self.married or (father and rng.random() < 0.6)) else \
            self.mother_surname
        self.partner_surname = partner.family_name if partner and rng.random() < 0.6 else self.mother_surname
        for i, dob in enumerate(self.dobs):
            self._make_child(dob, by_partner=partner is not None and i >= self.split)

    def _make_child(self, dob, *, by_partner) -> None:
        b, rng, family = self.b, self.rng, self.family
        sex = F if rng.random() < 0.488 else M
        child = b.make(self.names, self.ethnicity, sex, dob, self.partner_surname if by_partner else self.child_surname)
        family.children.append(child)
        b.family_of[child.id] = family
        self.live_in_family(child, max(dob, self.home_since), None, "Born")
        b.relate(child, self.mother, T.MOTHER, dob)
        b.pr(child, holder=self.mother, basis=Basis.BIRTH_MOTHER, start=dob)
        dad = self.partner if by_partner else self.father
        basis = self.partner_basis if by_partner else self.father_basis
        if dad is not None:
            b.relate(child, dad, T.FATHER, dob)
            if basis:
                b.pr(child, holder=dad, basis=basis, start=dob)
            elif rng.random() < 0.3:
                b.pr(child, holder=dad, basis=Basis.PR_AGREEMENT, start=dob + in_years(rng.uniform(0.3, 4)))
        if self.partner is not None and not by_partner:
            self._relate_step_parent(child, dob)

    def _relate_step_parent(self, child, dob) -> None:
        b, rng, partner = self.b, self.rng, self.partner
        b.relate(child, partner, T.STEP_PARENT, max(self.partner_in, dob))
        if rng.random() < 0.04:
            b.pr(child, holder=partner, basis=Basis.STEP_PARENT,
                 start=max(self.partner_in, dob) + in_years(rng.uniform(0.5, 3)))

    def add_grandparents(self) -> None:
        """The parents' own mother and father."""
        for parent in (self.mother, self.father, self.partner):
            if parent is None:
                continue
            chances = (0.72, 0.52) if parent is self.mother else (
                (0.5, 0.34) if parent is self.father else (0.12, 0.08))
            if self.young_mother and parent is self.mother:
                chances = (1.0, 0.5)
            gran_surname = self.maiden if parent is self.mother else parent.family_name
            add_grandparents(self.b, self.family, parent, chances, gran_surname, self.town, self.young_mother)

    def add_other_adult(self) -> None:
        """Now and then another adult at home: an uncle or aunt, a lodger, a friend."""
        b, rng, anchor = self.b, self.rng, self.anchor
        if rng.random() >= 0.025:
            return
        arrived = max(self.home_since, anchor - in_years(rng.uniform(0.1, 6)))
        dob = anchor - in_years(rng.uniform(20, 60))
        sex = M if rng.random() < 0.55 else F
        adult = b.make(self.names, self.ethnicity, sex, dob,
                       surname(rng, self.names) if rng.random() < 0.5 else self.maiden)
        self.live_in_family(adult, arrived, None, "Moved into the household")
        note = OTHER_ADULTS[rng.randrange(len(OTHER_ADULTS))]
        for child in self.family.children:
            if child.kind == CHILD:
                b.relate(child, adult, T.OTHER_ADULT, max(arrived, child.date_of_birth),
                         notes=f"{note}, lives in the household")
