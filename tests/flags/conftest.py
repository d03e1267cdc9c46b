import pytest

from tests.flags import scenes


@pytest.fixture
def world(family, council, health_visitor):
    """The point-of-care lookup's scene (tests.flags.scenes.lookup_world); test_flags plays in
    its own."""
    return scenes.lookup_world(family, council, health_visitor)
