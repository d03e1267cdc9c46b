"""The flags legal statuses raise and end, by the services' rules (flags.services): which type
of flag a status raises, its detail, whom it names to contact, and the chronology line of each."""

from thinkfamily.chronology import types as event_types
from thinkfamily.flags.models import FlagType, flag_label
from thinkfamily.flags.services import (
    LEGAL_STATUS_ENDED,
    ended_summary,
    flag_code_for_status,
    flag_detail_for_status,
    raised_summary,
    social_care_contact,
)
from thinkfamily.organisations.models import Organisation
from thinkfamily.people.models import LegalStatusEntry

START = LegalStatusEntry.Change.START
CONTACT = ["contact_name", "contact_phone", "contact_out_of_hours_phone"]


class LegalStatusFlags:
    """Follows the legal status rows in the order they took effect, raising and ending flags
    (rows of ``writing.FLAG_COLUMNS``, as lists until they are written)."""

    def __init__(self, chronicle, unborn: set):
        self.chronicle = chronicle
        self.unborn = unborn
        self.type_ids = dict(FlagType.objects.values_list("code", "id"))
        self.type_labels = dict(FlagType.objects.values_list("code", "label"))
        self.authorities = {o.pk: o for o in Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY)}
        self.flags: list[list] = []
        self.open: dict = {}  # (person id, status) -> the flag it raised

    def follow(self, row) -> None:
        pk, person_id, status, change, when, category, _placement, authority_id, _placing, _out, _notes, recorded = row
        code = flag_code_for_status(status, unborn=person_id in self.unborn)
        if code is None:
            return
        if change == START:
            self._raise(pk, person_id, status, code, when, category, authority_id, recorded)
        elif (person_id, status) in self.open:
            self._end(person_id, status, code, when, recorded)

    def _raise(self, pk, person_id, status, code, when, category, authority_id, recorded) -> None:
        authority = self.authorities[authority_id]
        contact = social_care_contact(authority)
        detail = flag_detail_for_status(category)
        flag = [person_id, self.type_ids[code], detail, when, None, authority_id, *(contact[c] for c in CONTACT), pk,
                "", recorded]
        self.flags.append(flag)
        self.open[(person_id, status)] = flag
        self.chronicle.add(person_id, event_types.FLAG_RAISED,
                           raised_summary(flag_label(self.type_labels[code], detail), authority.name), when,
                           "flags.Flag", "", recorded)

    def _end(self, person_id, status, code, when, recorded) -> None:
        flag = self.open.pop((person_id, status))
        flag[4], flag[10] = when, LEGAL_STATUS_ENDED
        label = flag_label(self.type_labels[code], flag[2])
        self.chronicle.add(person_id, event_types.FLAG_ENDED, ended_summary(label), when, "flags.Flag", "", recorded)

    def rows(self) -> list[tuple]:
        return [tuple(flag) for flag in self.flags]
