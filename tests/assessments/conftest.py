import pytest

from tests.flags import scenes


@pytest.fixture
def world(family, council, health_visitor):
    """The point-of-care lookup's scene (tests.flags.scenes.lookup_world): Sarah's children
    Liam and Mia, their health visitor and GP, an ED nurse at Southport and Formby ED."""
    return scenes.lookup_world(family, council, health_visitor)
