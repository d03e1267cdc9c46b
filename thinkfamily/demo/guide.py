"""The demo guide (issue 15): who to sign in as, what that role does, which of the featured
people it can open, and the story to try. ``make run`` prints it (``demo_logins``) and the
sign-in page shows it, only while the demo data is loaded: the featured people, with their
fixed ids (demo/featured.py), are the seed's own mark, and no real database has them.

Which featured people a sign-in can open is not written here: it is asked of the access
rules (access.scoping), at the application's clock, so that the guide cannot promise a record
the service would refuse. The search hints' example NHS number comes from the same answer."""

from dataclasses import dataclass

from thinkfamily.access.scoping import people_for
from thinkfamily.core.nhs_numbers import SYNTHETIC_EXAMPLE, format_nhs_number
from thinkfamily.demo.area import DEMO_PASSWORD, DEMO_PRACTITIONERS
from thinkfamily.demo.featured import FEATURED_IDS
from thinkfamily.organisations.models import Practitioner
from thinkfamily.people.models import Person

# The featured people the stories are about, in the order the guide lists them: the children
# (the unborn baby too), then the adults whose own services see them.
FEATURED_PEOPLE = ["Liam Roberts", "Mia Walsh", "Chloe Bennett", "Unborn baby Bennett", "Jade Taylor",
                   "Keira Molloy", "Sarah Roberts", "Dean Walsh"]
PASSWORD = DEMO_PASSWORD  # every demo sign-in's


@dataclass(frozen=True)
class Story:
    does: str  # what the role does, in a sentence
    try_this: str  # the story to try


STORIES = {
    "hv.demo": Story(
        "Visits families with children under 5 at home.",
        "Open your caseload on the home page, then Mia's record: her family, the genogram, the flags and "
        "the chronology.",
    ),
    "sn.demo": Story(
        "Looks after the health of school-age children.",
        "Open Liam's record from your caseload: a child protection plan, his family and his school history.",
    ),
    "midwife.demo": Story(
        "Cares for pregnant women and their unborn babies.",
        "Chloe Bennett missed two antenatal appointments while her unborn baby is on a plan: the "
        "'was not brought' follow-up is overdue on your home page. The baby's record shows the pregnancy.",
    ),
    "ed.demo": Story(
        "Sees children and adults who come to the emergency department.",
        "Use the point-of-care lookup with Liam's NHS number: it shows his flags and tells his social care "
        "contact he was seen.",
    ),
    "wm.demo": Story(
        "Manages the emergency department's nurses and checks their referrals.",
        "Open the ward's referrals: Mia's was weak and late; Jade's and Liam's were complete.",
    ),
    "gp.demo": Story(
        "Sees the patients registered at the practice.",
        "Find Liam by his NHS number: he is registered at your practice. His record shows his plan, his "
        "family and who to contact.",
    ),
    "camhs.demo": Story(
        "Works with children and young people's mental health.",
        "Answer the overdue MASH request about Liam, then look at young people moving to adult services "
        "and the waiting times.",
    ),
    "cic.demo": Story(
        "Arranges the health assessments of children in care.",
        "Open the health assessments work list and the children in care dashboard, then Jade's health "
        "plan and Keira's health passport.",
    ),
    "mash.demo": Story(
        "Decides what happens to referrals to children's social care.",
        "Open the referrals (Liam and the unborn Bennett baby await an outcome) and the MASH requests "
        "(Liam's request to CAMHS is overdue and escalated).",
    ),
    "sw.demo": Story(
        "Holds children on plans for the council.",
        "Open your caseload and the alerts that reach a child's social worker, such as a missed "
        "appointment.",
    ),
    "liaison.demo": Story(
        "Reviews children and young people seen in adults' emergency departments.",
        "Open the liaison reviews: Keira (17), seen in an adults-only emergency department, awaits "
        "tomorrow's review.",
    ),
    "sm.demo": Story(
        "Supports adults with drug and alcohol use.",
        "Dean Walsh missed his appointments while Liam and Mia live with him: the follow-up on your home "
        "page is overdue until you record it.",
    ),
    "amh.demo": Story(
        "Supports adults with their mental health.",
        "Open Sarah Roberts from your caseload: her assessment links Liam and Mia (Think Family).",
    ),
    "lead.demo": Story(
        "Leads safeguarding for the trust and reviews break-glass access.",
        "Review break-glass access, the referrals by ward and month, and the MASH request figures.",
    ),
    "admin.demo": Story(
        "Runs the area's organisations, teams and staff. Opens nobody's record.",
        "Open Administration: the area's organisations and teams, the staff, and importing an area.",
    ),
}


@dataclass(frozen=True)
class FeaturedPerson:
    name: str
    nhs_number: str  # formatted, or "" for the unborn baby (a number is issued at birth)


@dataclass(frozen=True)
class GuideEntry:
    username: str
    name: str
    role: str
    team: str
    does: str
    can_open: list[FeaturedPerson]
    try_this: str


def _featured(people) -> list[FeaturedPerson]:
    """The featured people among ``people`` (a queryset of Person), in the guide's order: one
    query."""
    order = [FEATURED_IDS[name] for name in FEATURED_PEOPLE]
    rows = {person.pk: person for person in people.filter(pk__in=order)}
    return [FeaturedPerson(rows[pk].full_name, format_nhs_number(rows[pk].nhs_number) if rows[pk].nhs_number else "")
            for pk in order if pk in rows]


def can_open(user, now=None) -> list[FeaturedPerson]:
    """The featured people this user may open: the access rules' answer (access.scoping)."""
    return _featured(people_for(user, now))


def demo_loaded() -> bool:
    """True while the demo's data is in the database: the seed's featured people are there."""
    return Person.objects.filter(pk=FEATURED_IDS["Liam Roberts"]).exists()


def entries(now=None) -> list[GuideEntry]:
    """The guide, one entry per demo sign-in, in the order ``make run`` prints them; empty
    when no demo data is loaded (production)."""
    if not demo_loaded():
        return []
    users = {u.username: u for u in Practitioner.objects.filter(username__in=[p.username for p in DEMO_PRACTITIONERS])
             .select_related("team__service__organisation")}
    found = []
    for spec in DEMO_PRACTITIONERS:
        user = users.get(spec.username)
        if user is None or not user.is_active:
            continue
        story = STORIES.get(spec.username, Story("", ""))
        found.append(GuideEntry(
            username=spec.username, name=user.display_name, role=Practitioner.Role(spec.role).label,
            team=spec.team, does=story.does, can_open=can_open(user, now), try_this=story.try_this,
        ))
    return found


def example_nhs_number(user=None) -> str:
    """The example NHS number a search hint gives ``user``: the first featured person (with a
    number) they may open, so that typing it finds a record; with no ``user`` (the
    point-of-care lookup, which looks up anyone) the first featured person with a number. A
    number of the synthetic range when no demo data is loaded or none fits."""
    for person in _featured(Person.objects.all() if user is None else people_for(user)):
        if person.nhs_number:
            return person.nhs_number
    return SYNTHETIC_EXAMPLE
