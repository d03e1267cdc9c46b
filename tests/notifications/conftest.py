import pytest

from tests.notifications import scenes


@pytest.fixture
def area(family, health_visitor, council, camhs, cic_nurse, gp):
    """Liam, Mia, Chloe and the practitioners around them (tests.notifications.scenes)."""
    return scenes.notification_area(family, health_visitor, council, camhs, cic_nurse, gp)
