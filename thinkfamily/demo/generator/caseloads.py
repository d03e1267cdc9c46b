"""Caseload places, from where people live and their statuses: the health visitor (under 5) or
school nurse (5 and over) of a child's home in the area, CAMHS and young people's substance
misuse for a few, the children in care nurse for a looked-after child, adult mental health and
substance misuse for some parents, and midwifery for each pregnancy. The demo practitioners
(hv.demo, sn.demo...) hold a capped share of their teams' places."""

from collections import Counter
from datetime import timedelta

from thinkfamily.demo import area as area_data
from thinkfamily.demo.generator.dates import add_years, age_on

DEMO_CAPS = {"hv": 250, "sn": 250, "camhs": 40, "cic": 60, "midwife": 60}


class Caseloads:
    def __init__(self, b):
        self.b = b
        area = b.area
        self.demo = {key: area.practitioners[f"{key}.demo"] for key in DEMO_CAPS}
        self.cic_team = area.teams[area_data.CIC_TEAM]
        self.camhs_team = area.teams[area_data.CAMHS_TEAM]
        self.stars_team = area.teams[area_data.YP_SUBSTANCE_TEAM]
        self.demo_counts = Counter()

    def _demo(self, key, chosen=True):
        """The demo practitioner ``key`` for this place (when ``chosen``) while their cap allows, or nobody."""
        who = self.demo[key] if chosen and self.demo_counts[key] < DEMO_CAPS[key] else None
        self.demo_counts[key] += who is not None
        return who

    def add_child(self, person, current) -> None:
        """A child's places, if they still live in ``current`` (their last stay)."""
        if current.end is not None:
            return
        b = self.b
        if current.household.tf_town.in_area:
            self._add_child_in_area(person, current)
        if person.id in b.lac_current:
            b.on_caseload(person, self.cic_team, self._demo("cic"), b.lac_current[person.id])

    def _add_child_in_area(self, person, current) -> None:
        b, rng, anchor, area = self.b, self.b.rng, self.b.anchor, self.b.area
        town = current.household.tf_town
        dob = person.date_of_birth
        age = age_on(dob, anchor)
        if age < 5:
            team = area.hv_team(town)
            start = max(dob, current.start)
            who = self._demo("hv", team == self.demo["hv"].team)
        else:
            team = area.sn_team(town)
            start = max(add_years(dob, 5), current.start)
            who = self._demo("sn", team == self.demo["sn"].team)
        b.on_caseload(person, team, who, start)
        if 5 <= age <= 17 and rng.random() < 0.025:
            who = self._demo("camhs")
            b.on_caseload(person, self.camhs_team, who, max(start, anchor - timedelta(days=rng.randrange(14, 700))))
        if 13 <= age <= 18 and rng.random() < 0.004:
            b.on_caseload(person, self.stars_team, None, max(start, anchor - timedelta(days=rng.randrange(14, 400))))

    def add_parents(self) -> None:
        """Adults known to adult services."""
        b, rng, anchor, area = self.b, self.b.rng, self.b.anchor, self.b.area
        for parent in b.parents:
            roll = rng.random()
            if roll < 0.03:
                town = b.stays[parent.id][-1].household.tf_town
                name = area_data.SOUTH_CMHT if town.south else area_data.NORTH_CMHT
                b.on_caseload(parent, area.teams[name], None, anchor - timedelta(days=rng.randrange(14, 1500)))
            elif roll < 0.045:
                b.on_caseload(parent, area.teams[area_data.AMBITION_TEAM], None,
                              anchor - timedelta(days=rng.randrange(14, 900)))

    def add_pregnancies(self) -> None:
        """The woman and her unborn baby on a midwifery caseload from booking: the enhanced team for a
        pre-birth plan or a mother under 20."""
        b, area = self.b, self.b.area
        for unborn in b.unborn:
            mother = b.family_of[unborn.id].mother
            booked = unborn.expected_delivery_date - timedelta(days=210)
            enhanced = unborn.id in b.cp_unborn or age_on(mother.date_of_birth, b.anchor) < 20
            team = area.teams[area_data.ENHANCED_MIDWIFERY_TEAM] if enhanced else area.midwifery_team(
                b.stays[mother.id][-1].household.tf_town)
            who = self._demo("midwife", enhanced)
            b.on_caseload(mother, team, who, booked)
            b.on_caseload(unborn, team, who, booked)
