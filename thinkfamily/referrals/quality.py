"""The quality check of a referral to the MASH (R4.1): a score from 0 to 100 and what is
missing or weak, in words a nurse can act on.

Pure functions over plain values (no database), so that every rule is tested on its own
and the same check runs on the page before sending and when the referral is sent (the
result is then kept on the referral).

What it looks for, from the review: referrals that describe the adult's behaviour but not
the risk to the child (§3.14, §5.2.10), no voice of the child (§5.2.10), a level of need
written as a range such as "level three/four" (§5.3.4), and other children in the
household left out. "Describes only the adult" is a simple, explainable heuristic: the
risk text uses words about the adults' behaviour (drinking, drugs, violence, mother...)
and none about the child (the child's name, child, baby, safe, harm, neglect, fed...)."""

import re
from dataclasses import dataclass, field

WEAK_BELOW = 70
SHORT_RISK_WORDS = 20
SHORT_CONCERN_WORDS = 5

# Points for each part of a good referral; they add up to 100.
POINTS = {
    "presenting_concern": 10,
    "risk_to_child": 25,
    "impact_on_child": 15,
    "voice_of_child": 15,
    "level_of_need": 15,
    "linked_children": 10,
    "parental_responsibility": 10,
}
assert sum(POINTS.values()) == 100

ADULT_WORDS = {
    "drink", "drinks", "drinking", "drank", "drunk", "alcohol", "alcoholic", "intoxicated", "smelt", "smelled",
    "drugs", "drug", "cannabis", "cocaine", "heroin", "spice", "overdose", "overdosed",
    "violent", "violence", "assault", "assaulted", "fight", "fighting", "argument", "arguing", "shouting",
    "aggressive", "police", "mother", "mum", "mom", "father", "dad", "stepfather", "step-father", "partner",
    "boyfriend", "girlfriend", "parent", "parents", "adult", "adults", "depressed", "depression", "psychosis",
    "psychotic", "suicidal", "paranoid",
}  # fmt: skip
CHILD_WORDS = {
    "child", "children", "child's", "baby", "babies", "baby's", "infant", "toddler", "newborn", "unborn", "son",
    "daughter", "kids", "kid", "sibling", "siblings", "brother", "sister", "safe", "safety", "unsafe", "harm",
    "harmed", "harmful", "neglect", "neglected", "neglectful", "supervision", "supervise", "supervised",
    "unsupervised", "injury", "injured", "injuries", "hurt", "fed", "feed", "feeding", "hungry", "school",
    "nursery", "witness", "witnessed", "witnessing", "exposed", "exposure", "frightened", "scared", "wellbeing",
    "well-being", "development", "vulnerable",
}  # fmt: skip
CHILD_PHRASES = ("care for", "caring for", "cared for", "look after", "looking after", "looked after", "at risk")
NUMBER_WORDS = r"(?:one|two|three|four|1|2|3|4)"
LEVEL_RANGE = re.compile(
    rf"\blevels?\s*{NUMBER_WORDS}\s*(?:/|\\|-|–|—|\bor\b|\bto\b|\band\b|&)\s*(?:level\s*)?{NUMBER_WORDS}\b",
    re.IGNORECASE,
)
TOXIC_TRIO = {
    "domestic_abuse": "domestic abuse",
    "parental_substance_misuse": "parental substance misuse",
    "parental_mental_ill_health": "parental mental ill-health",
}


@dataclass(frozen=True)
class OtherChild:
    """A child who lives with the referred child, from the family record."""

    person_id: object
    name: str
    age: int | None = None  # whole years; None for an unborn child
    given_name: str = ""

    @property
    def described(self) -> str:
        return f"{self.name} ({self.age})" if self.age is not None else self.name


@dataclass(frozen=True)
class Pronouns:
    subject: str = "they"
    object: str = "them"
    possessive: str = "their"

    @classmethod
    def for_sex(cls, sex: str) -> "Pronouns":
        return {"male": cls("he", "him", "his"), "female": cls("she", "her", "her")}.get(sex, cls())


@dataclass(frozen=True)
class ReferralText:
    """What the check reads: the referral's answers and what the family record says."""

    child_given_name: str
    presenting_concern: str = ""
    risk_to_child: str = ""
    impact_on_child: str = ""
    voice_of_child: str = ""
    parental_responsibility: str = ""
    other_children: str = ""
    level_of_need: str = ""
    domestic_abuse: bool = False
    parental_substance_misuse: bool = False
    parental_mental_ill_health: bool = False
    linked_children_ids: frozenset = frozenset()
    household_children: tuple[OtherChild, ...] = ()
    pr_holders_on_record: tuple[str, ...] = ()
    child_is_unborn: bool = False
    pronouns: Pronouns = field(default_factory=Pronouns)


@dataclass(frozen=True)
class Issue:
    code: str
    message: str
    points: int  # lost from 100

    def as_json(self) -> dict:
        return {"code": self.code, "message": self.message, "points": self.points}


@dataclass(frozen=True)
class QualityReport:
    score: int
    issues: tuple[Issue, ...]

    @property
    def is_weak(self) -> bool:
        return is_weak(self.score)

    def as_json(self) -> list[dict]:
        return [issue.as_json() for issue in self.issues]


def is_weak(score: int | None) -> bool:
    return score is not None and score < WEAK_BELOW


# Reading text -------------------------------------------------------------------------------


def words(text: str) -> list[str]:
    return re.findall(r"[a-z]+(?:['’-][a-z]+)*", (text or "").lower().replace("’", "'"))


def word_count(text: str) -> int:
    return len(words(text))


def _without_possessive_adults(text: str, name: str) -> str:
    """ "Liam's mother was drunk" names the mother, not a risk to Liam: drop "<name>'s <adult>"."""
    adults = "|".join(sorted(ADULT_WORDS, key=len, reverse=True))
    return re.sub(rf"\b{re.escape(name)}['’]s\s+(?:{adults})\b", " ", text, flags=re.IGNORECASE)


def mentions_the_child(text: str, child_names: list[str]) -> bool:
    """Does the text speak about the child: by name (not only as "Liam's mother"), or with
    words about a child's safety, care and harm?"""
    lowered = (text or "").lower()
    for name in (n for n in child_names if n):
        lowered = _without_possessive_adults(lowered, name.lower())
    found = set(words(lowered))
    if found & CHILD_WORDS or any(phrase in lowered for phrase in CHILD_PHRASES):
        return True
    return any(name.lower() in found for name in child_names if name)


def mentions_the_adults(text: str) -> bool:
    return bool(set(words(text)) & ADULT_WORDS)


def describes_only_the_adult(text: str, child_names: list[str]) -> bool:
    """The risk text is about the adults' behaviour and says nothing about the child."""
    return mentions_the_adults(text) and not mentions_the_child(text, child_names)


def level_range_in(*texts: str) -> str | None:
    """The first level of need written as a range ("level three/four", "levels 3-4")."""
    for text in texts:
        match = LEVEL_RANGE.search(text or "")
        if match:
            return match.group(0)
    return None


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


# The check ----------------------------------------------------------------------------------


def check(referral: ReferralText) -> QualityReport:
    """Score the referral and say what is missing or weak, most important first."""
    issues = [
        issue
        for issue in (
            _risk_to_child(referral),
            _presenting_concern(referral),
            _impact_on_child(referral),
            _voice_of_child(referral),
            _level_of_need(referral),
            _linked_children(referral),
            _parental_responsibility(referral),
        )
        if issue is not None
    ]
    return QualityReport(max(0, 100 - sum(issue.points for issue in issues)), tuple(issues))


def _name(referral: ReferralText) -> str:
    return referral.child_given_name or "the child"


def _presenting_concern(referral: ReferralText) -> Issue | None:
    count = word_count(referral.presenting_concern)
    if count == 0:
        return Issue(
            "presenting_concern_missing",
            "Describe the presenting concern: what you saw or heard, when, and who was there.",
            POINTS["presenting_concern"],
        )
    if count < SHORT_CONCERN_WORDS:
        return Issue(
            "presenting_concern_short",
            "The presenting concern is very short: say what you saw or heard, when, and who was there.",
            POINTS["presenting_concern"] // 2,
        )
    return None


def _risk_to_child(referral: ReferralText) -> Issue | None:
    name, pronouns = _name(referral), referral.pronouns
    text = referral.risk_to_child
    count = word_count(text)
    if count == 0:
        return Issue(
            "risk_missing",
            f"Say what the risk to {name} is: what could happen to {name}, how likely it is, and what makes it "
            "more or less likely.",
            POINTS["risk_to_child"],
        )
    child_names = [referral.child_given_name]
    lost, parts = 0, []
    if describes_only_the_adult(text, child_names):
        code = "risk_describes_only_the_adult"
        lost += 15
        parts.append(
            f"The referral describes the adult's behaviour but not the risk to the child: say what could happen to "
            f"{name} and how likely it is (for example, who looks after {pronouns.object} when the adult is "
            f"{_behaviour_example(text)})."
        )
    elif not mentions_the_child(text, child_names):
        code = "risk_does_not_mention_the_child"
        lost += 15
        parts.append(
            f"The risk analysis does not mention {name}: say what could happen to {name} and how likely it is."
        )
    else:
        code = "risk_short"
    if count < SHORT_RISK_WORDS:
        lost += 10
        parts.append(
            f"The risk analysis is very short ({count} word{'s' if count != 1 else ''}): explain what could happen "
            f"to {name}, how likely it is, and what makes it more or less likely."
        )
    if not parts:
        return None
    if len(parts) == 2:
        code = f"{code}_and_short"
    return Issue(code, " ".join(parts), lost)


def _behaviour_example(text: str) -> str:
    found = set(words(text))
    if found & {"drink", "drinks", "drinking", "drank", "drunk", "alcohol", "alcoholic", "intoxicated"}:
        return "drunk"
    if found & {"drugs", "drug", "cannabis", "cocaine", "heroin", "spice", "overdose", "overdosed"}:
        return "using drugs"
    if found & {"violent", "violence", "assault", "assaulted", "fight", "fighting", "aggressive", "shouting"}:
        return "violent"
    if found & {"depressed", "depression", "psychosis", "psychotic", "suicidal", "paranoid"}:
        return "unwell"
    return "unable to care"


def _impact_on_child(referral: ReferralText) -> Issue | None:
    if word_count(referral.impact_on_child):
        return None
    name, pronouns = _name(referral), referral.pronouns
    ticked = [label for key, label in TOXIC_TRIO.items() if getattr(referral, key)]
    if ticked:
        return Issue(
            "impact_missing_with_toxic_trio",
            f"You ticked {_join(ticked)}, but the impact on {name} is empty: say how this affects {name} day to day "
            f"({pronouns.possessive} safety, care, health and how {pronouns.subject} feel"
            f"{'s' if pronouns.subject != 'they' else ''}).",
            POINTS["impact_on_child"],
        )
    return Issue(
        "impact_missing",
        f"Describe the impact on {name}: how what is happening affects {pronouns.possessive} safety, care, health "
        "and development.",
        POINTS["impact_on_child"],
    )


def _voice_of_child(referral: ReferralText) -> Issue | None:
    if referral.child_is_unborn or word_count(referral.voice_of_child):
        return None
    name, pronouns = _name(referral), referral.pronouns
    verb = "is" if pronouns.subject != "they" else "are"
    return Issue(
        "voice_missing",
        f"Record the voice of the child: what {name} said, in {pronouns.possessive} own words, or, if "
        f"{pronouns.subject} {verb} too young to say, what you saw of {pronouns.object}: how {pronouns.subject} "
        "looked, behaved and responded.",
        POINTS["voice_of_child"],
    )


def _level_of_need(referral: ReferralText) -> Issue | None:
    written = level_range_in(
        referral.presenting_concern, referral.risk_to_child, referral.impact_on_child, referral.voice_of_child
    )
    if written:
        return Issue(
            "level_of_need_range",
            f"The referral gives a range of levels of need (“{written}”): the MASH needs one. Choose one level of "
            "need: if unsure, discuss with your safeguarding lead.",
            POINTS["level_of_need"] if not referral.level_of_need else 10,
        )
    if not referral.level_of_need:
        return Issue(
            "level_of_need_missing",
            "Choose one level of need: if unsure, discuss with your safeguarding lead.",
            POINTS["level_of_need"],
        )
    return None


def _linked_children(referral: ReferralText) -> Issue | None:
    named_in_text = set(words(referral.other_children))
    missing = [
        child
        for child in referral.household_children
        if child.person_id not in referral.linked_children_ids
        and not (child.given_name and child.given_name.lower() in named_in_text)
    ]
    if not missing:
        return None
    verb = "lives" if len(missing) == 1 else "live"
    return Issue(
        "other_children_missing",
        f"Name the other children in the household: {_join([c.described for c in missing])} {verb} with "
        f"{_name(referral)}.",
        POINTS["linked_children"],
    )


def _parental_responsibility(referral: ReferralText) -> Issue | None:
    if word_count(referral.parental_responsibility):
        return None
    name = _name(referral)
    if referral.pr_holders_on_record:
        return Issue(
            "parental_responsibility_missing",
            f"Say who holds parental responsibility for {name}. The family record shows: "
            f"{_join(list(referral.pr_holders_on_record))}.",
            POINTS["parental_responsibility"],
        )
    return Issue(
        "parental_responsibility_missing",
        f"Say who holds parental responsibility for {name}, or that it is not known: nobody is recorded on the "
        "family record.",
        POINTS["parental_responsibility"],
    )
