"""Writing case notes and sharing restricted ones."""

from django.core.exceptions import ValidationError
from django.db import transaction

from thinkfamily.access import permissions
from thinkfamily.casenotes.models import CaseNote, CaseNoteShare
from thinkfamily.core.audit import Auditor
from thinkfamily.core.concurrency import AlreadyRecorded, one_current
from thinkfamily.referrals.models import ConcernSource
from thinkfamily.referrals.services import concerns


@transaction.atomic
def write_case_note(auditor: Auditor, author, person, *, title: str, body: str, restricted: bool = False,
                    concern: bool = False, concern_description: str = ""):
    """A note in the person's record. A restricted service's notes are always restricted
    (R2.4), whatever ``restricted`` says: sharing one, for a reason, is the only way to open it.
    A note that records a concern that social care may need to be involved (``concern``)
    records it as a concern with a decision due (issue 14), in the same transaction: if
    either is refused, neither is written."""
    permissions.require_of(auditor, "health.write_entry", person)
    if author.team_id is None:
        raise ValidationError({"__all__": "Only a practitioner in a service can write in the record."})
    service = author.team.service
    restricted = bool(restricted) or service.is_restricted
    if not title.strip() or not body.strip():
        raise ValidationError({"body": "Enter a title and the note."})
    note = CaseNote.objects.create(
        person=person, service=service, author=author, title=title.strip(), body=body.strip(), restricted=restricted
    )
    auditor.create(note, ["person", "service", "title", "body", "restricted"])
    if concern:
        if not (concern_description or "").strip():
            raise ValidationError({"concern_description": "Say what the concern is: what you saw or heard that "
                                                          "means social care may need to be involved."})
        concerns.record_concern(auditor, author, person, description=concern_description,
                                source=ConcernSource.CASE_NOTE, source_note=note)
    return note


@transaction.atomic
def share_case_note(auditor: Auditor, sharer, note: CaseNote, *, shared_with, reason: str) -> CaseNoteShare:
    """Only the owning service shares a restricted entry, and always for a recorded reason."""
    permissions.require_of(auditor, "health.write_entry", note.person)
    if sharer.team_id is None or sharer.team.service_id != note.service_id:
        raise ValidationError({"__all__": "Only the service that wrote this entry can share it."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why this restricted entry is being shared."})
    if shared_with.pk == note.service_id:
        raise ValidationError({"shared_with": "The entry already belongs to that service."})
    def already_shared():
        return AlreadyRecorded(CaseNoteShare.objects.filter(note=note, shared_with=shared_with).first(),
                               "The entry is already shared with that service.", field="shared_with")

    if CaseNoteShare.objects.filter(note=note, shared_with=shared_with).exists():
        raise already_shared()
    with one_current(already_shared):  # constraint one_share_per_service, if another share came first
        share = CaseNoteShare.objects.create(
            note=note, shared_with=shared_with, reason=reason.strip(), shared_by=sharer
        )
    auditor.create(share, ["note", "shared_with", "reason"], subject=note.person)
    return share
