"""How notifications read on the page. Templates stay simple; these format."""

from thinkfamily.core.presenters import format_datetime


def read_receipt(notification) -> str:
    """What the sender sees about one recipient: when they read it, or that they have not."""
    if notification.read_at is None:
        return "Not read yet"
    return f"Read {format_datetime(notification.read_at)}"


def recipient_line(practitioner) -> str:
    """A recipient as a sender needs to know them: name, role and organisation."""
    parts = [practitioner.display_name]
    if practitioner.role:
        parts.append(practitioner.get_role_display())
    if practitioner.team_id:
        parts.append(practitioner.team.service.organisation.name)
    return ", ".join(parts)
