"""What the pages show about a person, formatted once."""

from dataclasses import dataclass, field

from thinkfamily.core.presenters import format_age, format_date
from thinkfamily.flags.presenters import banner_flags, visible_to
from thinkfamily.people.family import legal_status_summary, legal_statuses_for
from thinkfamily.people.models import HouseholdMembership, Person


def language_text(person: Person) -> str:
    """The person's language and whether they need an interpreter, in words ("Polish
    (interpreter needed)"); empty when neither is recorded, or for an unborn baby."""
    if person.is_unborn:
        return ""
    language = (person.language or "").strip()
    if person.interpreter_needed:
        return f"{language} (interpreter needed)" if language else "Interpreter needed (language not recorded)"
    return language


@dataclass
class PersonHeader:
    """The header that is the same on every page about a person."""

    person: Person
    legal_status: str
    legal_status_tags: list
    flags: list = field(default_factory=list)  # current flags (flags.presenters.FlagView), every viewer's

    def flags_for(self, user) -> list:
        """The banner's flags this viewer may see (R2.1): the same in every service."""
        return visible_to(user, self.flags)

    @property
    def language_text(self) -> str:
        return language_text(self.person)

    @property
    def age_text(self) -> str:
        if self.person.is_unborn:
            return f"Unborn: expected {format_date(self.person.expected_delivery_date)}"
        return format_age(self.person.date_of_birth)


def person_header(person: Person) -> PersonHeader:
    statuses = legal_statuses_for([person])[person.pk]
    return PersonHeader(
        person, legal_status_summary(statuses), [entry.label for entry in statuses], flags=banner_flags(person)
    )


@dataclass
class SearchResult:
    person: Person
    address: str
    legal_status: str
    score: int


def search_results(matches) -> list[SearchResult]:
    """Address and current legal status for every match, in two queries whatever the count."""
    people = [m.person for m in matches]
    statuses = legal_statuses_for(people)
    addresses = {
        m.person_id: m.household.address
        for m in HouseholdMembership.objects.current().filter(person__in=people).select_related("household")
    }
    return [
        SearchResult(
            m.person,
            addresses.get(m.person.pk, "No current address recorded"),
            legal_status_summary(statuses[m.person.pk]),
            m.score,
        )
        for m in matches
    ]
