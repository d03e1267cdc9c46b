import pytest

from tests.referrals import scenes


@pytest.fixture
def world(family, ed_nurse, council):
    """Liam's family; Emma, an ED nurse at Southport with Liam in front of her (an open ED
    episode); her ward manager; a nurse and manager of another ward of the same trust; the
    trust's safeguarding lead; Sefton's MASH (commissioning the trust) and Liverpool's."""
    return scenes.referral_world(family, ed_nurse, council)
