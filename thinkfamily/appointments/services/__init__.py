"""Appointments' services: booking and outcomes (``booking``), the 'was not brought' rule
(``was_not_brought``), follow-ups (``follow_ups``), and adults who disengage
(``disengagement``)."""
