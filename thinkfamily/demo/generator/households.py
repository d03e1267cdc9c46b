"""Where people live: a stay in a household (before it becomes a HouseholdMembership row),
where a move takes someone, a stay cut into someone's history, and the membership rows."""

from thinkfamily.demo.generator.dates import FAR


class Stay:
    """A period in a household, before it becomes a HouseholdMembership row."""

    __slots__ = ("household", "start", "end", "reason")

    def __init__(self, household, start, end=None, reason=""):
        self.household, self.start, self.end, self.reason = household, start, end, reason


def nearby_town(b, town, away=0.05):
    """Somewhere to live near ``town``: usually the same town, sometimes elsewhere in the area, and with
    probability ``away`` out of the area."""
    rng = b.rng
    roll = rng.random()
    if roll < away:
        return b.out_town_pick.pick(rng)
    if roll < away + 0.55:
        return town
    return b.town_pick.pick(rng)


def splice(b, person, household, start, end=None, reason="", back_reason="Returned home"):
    """Put ``person`` in ``household`` from ``start`` to ``end``, cutting their other stays around it."""
    new = []
    for stay in b.stays.get(person.id, []):
        stay_end = stay.end or FAR
        if stay.start < start:
            new.append(Stay(stay.household, stay.start, stay.end if stay_end <= start else start, stay.reason))
        if end is not None and stay_end > end:
            from_ = max(stay.start, end)
            new.append(Stay(stay.household, from_, stay.end, back_reason if stay.start < end else stay.reason))
    new.append(Stay(household, start, end, reason))
    new.sort(key=lambda s: s.start)
    b.stays[person.id] = new


def gran_household(b, family):
    """The maternal grandmother's own home (not the family's), if she is recorded."""
    if family is None or family.grandmother is None:
        return None
    household = b.stays[family.grandmother.id][-1].household
    return None if household is family.household else household


def memberships(b) -> list[tuple]:
    """The HouseholdMembership rows (once households have their ids), in the order of the people."""
    rows = []
    for person in b.people:
        for stay in sorted(b.stays.get(person.id, []), key=lambda s: s.start):
            rows.append((stay.household.id, person.id, stay.start, stay.end, stay.reason))
    return rows
