"""The quality check of a referral to the MASH (R4.1): pure functions, no database. Each
test is a referral a nurse might write, and what the check must tell her."""

import pytest

from thinkfamily.referrals import quality
from thinkfamily.referrals.quality import OtherChild, Pronouns, ReferralText

pytestmark = pytest.mark.req("R4.1")

MIA = OtherChild(person_id="mia", name="Mia Walsh", age=3, given_name="Mia")
ONLY_THE_MOTHERS_DRINKING = (
    "Mother attended ED intoxicated, smelling of alcohol and shouting at staff. She says she has been drinking "
    "heavily since her partner left and drinks every day."
)
GOOD_RISK = (
    "Liam is at risk of neglect and of harm at night: when Sarah is drunk there is no sober adult to care for Liam "
    "and Mia (3), and Liam says he makes his own tea. This is likely to continue because Sarah drinks every day."
)


def good(**changes) -> ReferralText:
    answers = dict(
        child_given_name="Liam",
        presenting_concern="Liam was brought to ED at 23:40 by his mother, who was drunk and could not stand.",
        risk_to_child=GOOD_RISK,
        impact_on_child="Liam is tired and hungry at school and has missed 12 days this term.",
        voice_of_child="Liam said: 'Mummy sleeps on the sofa and I make toast for me and Mia.'",
        parental_responsibility="Sarah Roberts (birth mother)",
        level_of_need="3",
        parental_substance_misuse=True,
        linked_children_ids=frozenset({"mia"}),
        household_children=(MIA,),
        pr_holders_on_record=("Sarah Roberts",),
        pronouns=Pronouns.for_sex("male"),
    )
    answers.update(changes)
    return ReferralText(**answers)


def messages(report) -> list[str]:
    return [issue.message for issue in report.issues]


def test_a_complete_referral_that_analyses_the_risk_to_the_child_scores_100():
    report = quality.check(good())
    assert report.score == 100
    assert report.issues == ()
    assert not report.is_weak


def test_a_referral_describing_only_the_mothers_drinking_is_weak_and_says_what_to_add():
    report = quality.check(
        good(
            risk_to_child=ONLY_THE_MOTHERS_DRINKING,
            impact_on_child="",
            voice_of_child="",
            linked_children_ids=frozenset(),
            level_of_need="",
        )
    )
    assert report.is_weak
    found = messages(report)
    assert any(
        m.startswith(
            "The referral describes the adult's behaviour but not the risk to the child: say what could happen to "
            "Liam and how likely it is"
        )
        for m in found
    )
    assert "Name the other children in the household: Mia Walsh (3) lives with Liam." in found
    assert "Choose one level of need: if unsure, discuss with your safeguarding lead." in found
    # The adult's drinking is named back to the nurse in the example she can act on.
    assert "who looks after him when the adult is drunk" in found[0]


@pytest.mark.parametrize(
    "text",
    [
        ONLY_THE_MOTHERS_DRINKING,
        "Liam's mother was drunk and aggressive in the department; his father is known to use cannabis.",
        "Dad was violent to mum last night; police were called to the house.",
    ],
)
def test_risk_text_about_the_adults_alone_is_detected(text):
    assert quality.describes_only_the_adult(text, ["Liam"])


@pytest.mark.parametrize(
    "text",
    [
        GOOD_RISK,
        "Mother was drunk; Liam was left unsupervised overnight.",
        "Father is violent; the baby could be hurt when he throws things.",
        "Mum drinks every day and cannot care for the children.",
    ],
)
def test_risk_text_that_speaks_of_the_child_is_not_flagged(text):
    assert not quality.describes_only_the_adult(text, ["Liam"])


def test_risk_text_that_names_nobody_is_told_to_mention_the_child():
    report = quality.check(
        good(risk_to_child="I am worried about what is happening at home and feel it is serious now.")
    )
    assert any(m.startswith("The risk analysis does not mention Liam") for m in messages(report))


def test_a_very_short_risk_analysis_is_flagged_with_its_length():
    report = quality.check(good(risk_to_child="Liam is not safe."))
    (issue,) = [i for i in report.issues if "very short" in i.message]
    assert "(4 words)" in issue.message
    assert report.score == 90


def test_no_risk_analysis_costs_the_most():
    report = quality.check(good(risk_to_child=""))
    assert report.score == 75
    assert messages(report)[0].startswith("Say what the risk to Liam is")


@pytest.mark.parametrize(
    "written",
    ["level three/four", "Level 3/4", "levels 3-4", "level 3 or 4", "Level three to level four", "level 2 / 3"],
)
def test_a_level_of_need_written_as_a_range_is_found(written):
    assert quality.level_range_in(f"I think this is {written} at least.")


@pytest.mark.parametrize("text", ["level 3", "Level four: significant harm", "seen on 3/4/2026", "three or four times"])
def test_one_level_or_a_date_is_not_a_range(text):
    assert quality.level_range_in(text) is None


def test_a_range_of_levels_in_the_text_asks_for_one_level_even_when_one_is_chosen():
    report = quality.check(good(presenting_concern="Midwife's view: level three/four. Mother drinking in pregnancy."))
    (issue,) = [i for i in report.issues if i.code == "level_of_need_range"]
    assert "“level three/four”" in issue.message
    assert issue.message.endswith("Choose one level of need: if unsure, discuss with your safeguarding lead.")


def test_no_level_chosen_asks_for_one():
    report = quality.check(good(level_of_need=""))
    assert messages(report) == ["Choose one level of need: if unsure, discuss with your safeguarding lead."]
    assert report.score == 85


def test_other_children_in_the_household_must_be_named_ticked_or_written():
    assert "Name the other children in the household: Mia Walsh (3) lives with Liam." in messages(
        quality.check(good(linked_children_ids=frozenset()))
    )
    written = quality.check(good(linked_children_ids=frozenset(), other_children="Mia, 3, lives at home"))
    assert written.score == 100
    noah = OtherChild("noah", "Noah Walsh", 1, "Noah")
    both = quality.check(good(linked_children_ids=frozenset(), household_children=(MIA, noah)))
    assert "Mia Walsh (3) and Noah Walsh (1) live with Liam." in messages(both)[0]


def test_a_household_with_no_other_children_needs_none_named():
    assert quality.check(good(linked_children_ids=frozenset(), household_children=())).score == 100


def test_no_voice_of_the_child_says_how_to_record_it_for_a_young_child():
    report = quality.check(good(voice_of_child="", pronouns=Pronouns.for_sex("female"), child_given_name="Mia"))
    assert messages(report) == [
        "Record the voice of the child: what Mia said, in her own words, or, if she is too young to say, what you "
        "saw of her: how she looked, behaved and responded."
    ]


def test_an_unborn_baby_has_no_voice_to_record():
    assert quality.check(good(voice_of_child="", child_is_unborn=True)).score == 100


def test_toxic_trio_ticked_with_no_impact_on_the_child_names_the_factors():
    report = quality.check(good(impact_on_child="", domestic_abuse=True, parental_substance_misuse=True))
    (issue,) = report.issues
    assert issue.code == "impact_missing_with_toxic_trio"
    assert issue.message.startswith(
        "You ticked domestic abuse and parental substance misuse, but the impact on Liam is empty"
    )


def test_missing_parental_responsibility_points_to_the_family_record():
    report = quality.check(good(parental_responsibility=""))
    assert messages(report) == [
        "Say who holds parental responsibility for Liam. The family record shows: Sarah Roberts."
    ]
    nobody = quality.check(good(parental_responsibility="", pr_holders_on_record=()))
    assert "nobody is recorded on the family record" in messages(nobody)[0]


def test_the_score_never_goes_below_zero_and_every_part_costs_its_points():
    empty = quality.check(ReferralText(child_given_name="Liam", household_children=(MIA,)))
    assert empty.score == 0
    assert {i.code for i in empty.issues} == {
        "risk_missing",
        "presenting_concern_missing",
        "impact_missing",
        "voice_missing",
        "level_of_need_missing",
        "other_children_missing",
        "parental_responsibility_missing",
    }
    assert sum(quality.POINTS.values()) == 100


def test_the_report_is_kept_as_json_on_the_referral():
    report = quality.check(good(level_of_need=""))
    assert report.as_json() == [
        {
            "code": "level_of_need_missing",
            "message": "Choose one level of need: if unsure, discuss with your safeguarding lead.",
            "points": 15,
        }
    ]
    assert quality.is_weak(69) and not quality.is_weak(70) and not quality.is_weak(None)
