import pytest

from tests.referrals.information_requests import scenes


@pytest.fixture
def world(family, health_visitor, council):
    """Liam, a child in need of Sefton Council, and the services that know him and his mother
    (tests.referrals.information_requests.scenes.build_mash_world)."""
    return scenes.build_mash_world(family, health_visitor, council)
