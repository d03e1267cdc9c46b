"""The genogram (R1.3): three generations drawn from the recorded relationships, with the
structure a practitioner reads from it checked on the SVG itself."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from tests.people.genogram_svg import (
    SVG,
    assert_labels_clear,
    couple_classes,
    lines,
    parse,
    points,
    rendered_font_sizes,
    top_of,
    x_of,
    y_of,
)
from thinkfamily.core.presenters import format_age
from thinkfamily.people.genogram import build_genogram
from thinkfamily.people.models import Household, HouseholdMembership, ParentalResponsibility, Person, Relationship

SHAPE_TAGS = {"square": "rect", "circle": "circle", "diamond": "polygon", "triangle": "polygon"}
pytestmark = [pytest.mark.django_db, pytest.mark.req("R1.3")]


def make_person(given, family, sex, born=None, kind=None, edd=None, died=None):
    kind = kind or ("unborn" if edd else "child" if born.year >= 2008 else "adult")
    person = Person(kind=kind, given_name=given, family_name=family, sex=sex, date_of_birth=born,
                    expected_delivery_date=edd, date_of_death=died)
    person.refresh_search_keys()
    person.save()
    return person


def relate(person, relative, type_, **dates):
    return Relationship.objects.create(person=person, relative=relative, type=type_, **dates)


def live_at(street, *people):
    home = Household.objects.create(address_line_1=street, town="Leeds", postcode="LS1 1AA")
    for person in people:
        HouseholdMembership.objects.create(household=home, person=person, start_date=datetime.date(2020, 1, 1))


@pytest.fixture
def family():
    """Liam lives with his mother Sarah, step-father Dave and half-sister Ella; Sarah is
    expecting Dave's baby. Liam's father Mark lives elsewhere. Sarah's parents (John has
    died) and Mark's mother are recorded."""
    p = {
        "liam": make_person("Liam", "Roberts", "male", datetime.date(2017, 3, 10)),
        "sarah": make_person("Sarah", "Roberts", "female", datetime.date(1991, 6, 2)),
        "mark": make_person("Mark", "Hughes", "male", datetime.date(1989, 11, 20)),
        "dave": make_person("Dave", "Smith", "male", datetime.date(1987, 1, 15)),
        "ella": make_person("Ella", "Smith", "female", datetime.date(2021, 8, 30)),
        "unborn": make_person("", "Smith", "not_known", edd=datetime.date.today() + datetime.timedelta(days=90)),
        "margaret": make_person("Margaret", "Roberts", "female", datetime.date(1962, 4, 4)),
        "john": make_person("John", "Roberts", "male", datetime.date(1960, 2, 1), died=datetime.date(2022, 5, 3)),
        "pat": make_person("Pat", "Hughes", "female", datetime.date(1964, 9, 9)),
    }
    relate(p["liam"], p["sarah"], "mother")
    relate(p["liam"], p["mark"], "father")
    relate(p["liam"], p["dave"], "step_parent")
    relate(p["ella"], p["sarah"], "mother")
    relate(p["ella"], p["dave"], "father")
    relate(p["unborn"], p["sarah"], "mother")
    relate(p["unborn"], p["dave"], "father")
    relate(p["sarah"], p["dave"], "partner", start_date=datetime.date(2019, 5, 1))
    relate(p["sarah"], p["margaret"], "mother")
    relate(p["sarah"], p["john"], "father")
    relate(p["mark"], p["pat"], "mother")
    live_at("1 Oak Road", p["liam"], p["sarah"], p["dave"], p["ella"])
    live_at("9 Elm Street", p["mark"])
    live_at("4 Ash Grove", p["margaret"])
    for holder, basis in [(p["sarah"], "birth_mother"), (p["mark"], "registered_father")]:
        ParentalResponsibility.objects.create(child=p["liam"], holder=holder, basis=basis,
                                              start_date=datetime.date(2017, 3, 10))
    return p


def test_every_family_member_is_drawn_once_with_the_symbol_for_their_sex(family):
    root, nodes = parse(build_genogram(family["liam"]))
    assert sorted(nodes) == sorted(str(p.pk) for p in family.values())
    people = root.findall(f".//{SVG}g[@class='genogram-person']")
    assert len(people) == len(family)
    expected = {"liam": "square", "sarah": "circle", "mark": "square", "dave": "square", "ella": "circle",
                "unborn": "triangle", "margaret": "circle", "john": "square", "pat": "circle"}
    for key, shape in expected.items():
        node = nodes[str(family[key].pk)]
        symbol = node.find(f"{SVG}*[@class='genogram-symbol']")
        assert node.get("data-shape") == shape, key
        assert symbol.tag == SVG + SHAPE_TAGS[shape], key
        if symbol.tag == SVG + "polygon":
            assert len(symbol.get("points").split()) == (3 if shape == "triangle" else 4)
    # Only John has died; only Liam has the double outline.
    crossed = {pid for pid, node in nodes.items() if node.find(f"{SVG}path[@class='genogram-deceased']") is not None}
    assert crossed == {str(family["john"].pk)}
    outlined = {pid for pid, node in nodes.items() if node.find(f"{SVG}*[@class='genogram-outline']") is not None}
    assert outlined == {str(family["liam"].pk)}


def test_unborn_sibling_shows_expected_delivery_date(family):
    _root, nodes = parse(build_genogram(family["liam"]))
    texts = " ".join(t.text for t in nodes[str(family["unborn"].pk)].iter(f"{SVG}text"))
    assert "EDD" in texts
    assert str(family["unborn"].expected_delivery_date.year) in texts


def test_generations_are_rows_with_grandparents_at_the_top(family):
    _root, nodes = parse(build_genogram(family["liam"]))
    y = {key: y_of(nodes[str(person.pk)]) for key, person in family.items()}
    assert y["margaret"] == y["john"] == y["pat"]
    assert y["sarah"] == y["mark"] == y["dave"]
    assert y["liam"] == y["ella"] == y["unborn"]
    assert y["pat"] < y["sarah"] < y["liam"]


def test_no_two_people_or_their_labels_overlap(family):
    _root, nodes = parse(build_genogram(family["liam"]))
    assert_labels_clear(nodes)


def test_separated_parents_and_the_couple_the_half_sibling_descends_from(family):
    root, _nodes = parse(build_genogram(family["liam"]))
    ids = {key: str(p.pk) for key, p in family.items()}
    couples = couple_classes(root)
    assert "genogram-separated" in couples[frozenset([ids["sarah"], ids["mark"]])]
    assert "genogram-separated" not in couples[frozenset([ids["sarah"], ids["dave"]])]
    assert "genogram-separated" not in couples[frozenset([ids["margaret"], ids["john"]])]
    descent = {el.get("data-child"): set(el.get("data-parents").split()) for el in lines(root, "genogram-descent")}
    assert descent[ids["liam"]] == {ids["sarah"], ids["mark"]}
    assert descent[ids["ella"]] == {ids["sarah"], ids["dave"]}
    assert descent[ids["unborn"]] == {ids["sarah"], ids["dave"]}
    assert descent[ids["sarah"]] == {ids["margaret"], ids["john"]}
    assert descent[ids["mark"]] == {ids["pat"]}
    # Dave is Sarah's partner: his couple line with her, not a second line into Liam, shows him.
    assert not lines(root, "genogram-step")


def test_parents_with_recorded_end_of_partnership_are_separated_even_at_one_address(family):
    relate(family["margaret"], family["john"], "partner", end_date=datetime.date(2000, 1, 1))
    root, _nodes = parse(build_genogram(family["liam"]))
    pair = frozenset([str(family["margaret"].pk), str(family["john"].pk)])
    assert "genogram-separated" in couple_classes(root)[pair]


def test_parental_responsibility_badge_only_on_holders(family):
    _root, nodes = parse(build_genogram(family["liam"]))
    badged = {pid for pid, node in nodes.items() if node.find(f".//{SVG}g[@class='genogram-pr']") is not None}
    assert badged == {str(family["sarah"].pk), str(family["mark"].pk)}


def test_text_alternative_names_every_relative_with_their_relationship(family):
    sentences = build_genogram(family["liam"]).text_alternative()
    text = "\n".join(sentences)
    for expected in [
        "Sarah Roberts (mother, ",
        "Mark Hughes (father, ",
        "Dave Smith (step-father, ",
        "Ella Smith (half-sibling, ",
        "Unborn baby Smith (unborn half-sibling, EDD ",
        "Margaret Roberts (maternal grandmother, ",
        "John Roberts (maternal grandfather, died 3 May 2022)",
        "Pat Hughes (paternal grandmother, ",
    ]:
        assert expected in text
    sarah = next(s for s in sentences if s.startswith("Sarah Roberts ("))
    assert sarah.endswith("lives with Liam; holds parental responsibility")
    mark = next(s for s in sentences if s.startswith("Mark Hughes ("))
    assert "lives in another household" in mark and mark.endswith("holds parental responsibility")
    dave = next(s for s in sentences if s.startswith("Dave Smith ("))
    assert "parental responsibility" not in dave
    assert "Sarah Roberts and Mark Hughes are separated" in sentences or (
        "Mark Hughes and Sarah Roberts are separated" in sentences)
    assert sum(1 for s in sentences if s.startswith(tuple(p.full_name + " (" for p in family.values()))) == 9


def test_svg_is_accessible_and_needs_no_inline_style_or_script(family):
    markup = str(build_genogram(family["liam"]).svg())
    root = ET.fromstring(markup)
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}desc").get("id") == desc_id
    assert "style=" not in markup and "<script" not in markup and " on" not in markup.replace(" one", "")


def test_names_are_escaped(family):
    family["sarah"].given_name = "<script>alert(1)</script>"
    family["sarah"].save()
    genogram = build_genogram(family["liam"])
    markup = str(genogram.svg())
    assert "<script>" not in markup
    assert "&lt;script&gt;" in markup
    ET.fromstring(markup)  # still well-formed


def test_queries_do_not_grow_with_the_family(family, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        small = build_genogram(family["liam"])
        small.svg()
        small.text_alternative()
    for i in range(8):
        child = make_person(f"Child{i}", "Roberts", "female" if i % 2 else "male", datetime.date(2010 + i, 1, 1))
        relate(child, family["sarah"], "mother")
        relate(child, family["mark"], "father")
    with django_assert_max_num_queries(5):
        big = build_genogram(family["liam"])
        big.svg()
    assert len(big.nodes) == len(small.nodes) + 8
    root, nodes = parse(big)
    assert_labels_clear(nodes)
    # Eleven children in a row cannot be legible on a phone scaled to fit: the page is told to
    # let this one scroll sideways at its natural size instead.
    assert "genogram-wide" in root.get("class").split()


def test_adult_subject_with_children_and_grandchildren(family):
    """Drawn from Sarah's record: her parents above, her children below, and Ella's baby."""
    baby = make_person("Ava", "Smith", "female", datetime.date(2024, 1, 1))
    relate(baby, family["ella"], "mother")
    genogram = build_genogram(family["sarah"])
    roles = {node.person.given_name: node.role for node in genogram.nodes.values()}
    assert roles["Margaret"] == "mother" and roles["Liam"] == "son" and roles["Ella"] == "daughter"
    assert roles["Ava"] == "grandchild"
    _root, nodes = parse(genogram)
    assert y_of(nodes[str(family["margaret"].pk)]) < y_of(nodes[str(family["sarah"].pk)])
    assert y_of(nodes[str(family["sarah"].pk)]) < y_of(nodes[str(family["liam"].pk)]) < y_of(nodes[str(baby.pk)])


def test_person_with_no_recorded_family_is_drawn_alone():
    alone = make_person("Sam", "Taylor", "not_known", datetime.date(2015, 5, 5))
    genogram = build_genogram(alone)
    _root, nodes = parse(genogram)
    assert list(nodes) == [str(alone.pk)] and nodes[str(alone.pk)].get("data-shape") == "diamond"
    assert genogram.text_alternative() == [
        f"Sam Taylor ({format_age(alone.date_of_birth)}) is the person this genogram is about"
    ]
    assert not genogram.couples and not genogram.descents


def assert_descent_lines_drop_into_the_top_centre(root, nodes, kind="genogram-descent"):
    couple_y = {frozenset(el.get("data-people").split()): points(el)[0][1] for el in lines(root, "genogram-couple")}
    for path in lines(root, kind):
        corners, child = points(path), nodes[path.get("data-child")]
        parents = [nodes[p] for p in path.get("data-parents").split()]
        # Only straight down and sideways: never up, never diagonal.
        for (x1, y1), (x2, y2) in zip(corners, corners[1:], strict=False):
            assert x1 == x2 or y1 == y2, path.get("d")
            assert y2 >= y1, path.get("d")
        # In vertically, at the top of the child's symbol.
        (x1, y1), (x2, y2) = corners[-2:]
        assert x1 == x2 and y1 < y2 == top_of(child, x2), path.get("d")
        if kind == "genogram-descent":
            assert x2 == x_of(child), path.get("d")
        start_x, start_y = corners[0]
        if len(parents) == 2:  # from the middle of the couple line
            pair = frozenset(path.get("data-parents").split())
            middle = (x_of(parents[0]) + x_of(parents[1])) / 2
            assert start_y == couple_y[pair] == y_of(parents[0]), path.get("d")
            assert abs(start_x - middle) <= 6, path.get("d")
        else:  # from below a lone parent, under their label
            (parent,) = parents
            label_bottom = y_of(parent) + max(float(t.get("y")) for t in parent.iter(f"{SVG}text"))
            assert abs(start_x - x_of(parent)) <= 6 and start_y > label_bottom, path.get("d")


def test_descent_lines_drop_from_the_couple_line_or_below_a_lone_parent_into_the_top_of_each_child(family):
    """Margaret and John's line to Sarah comes down from the middle of their couple line, Pat's
    to Mark from below her (she is his only recorded parent): never out of a parent's side."""
    root, nodes = parse(build_genogram(family["liam"]))
    assert len(lines(root, "genogram-descent")) == 5
    assert_descent_lines_drop_into_the_top_centre(root, nodes)
    # With parents straight above their child the line is a single vertical stroke.
    ids = {key: str(p.pk) for key, p in family.items()}
    to_mark = next(el for el in lines(root, "genogram-descent") if el.get("data-child") == ids["mark"])
    assert len(points(to_mark)) == 2


def test_no_two_lines_meet_a_person_at_the_same_point(family):
    root, nodes = parse(build_genogram(family["liam"]))
    ends = [pt for cls in ("genogram-couple", "genogram-descent", "genogram-step")
            for path in lines(root, cls) for pt in (points(path)[0], points(path)[-1])]
    for pid, node in nodes.items():
        touching = [pt for pt in ends if abs(pt[0] - x_of(node)) <= 31 and abs(pt[1] - y_of(node)) <= 31]
        assert len(touching) == len(set(touching)), pid
    # Liam: one line in (from Sarah and Mark), nothing from Dave.
    liam = nodes[str(family["liam"].pk)]
    into_top = [pt for pt in ends if abs(pt[0] - x_of(liam)) <= 31 and pt[1] == top_of(liam)]
    assert len(into_top) == 1


def test_step_father_living_with_the_mother_is_beside_her_and_named(family):
    root, nodes = parse(build_genogram(family["liam"]))
    sarah, dave = nodes[str(family["sarah"].pk)], nodes[str(family["dave"].pk)]
    texts = [t.text for t in dave.iter(f"{SVG}text")]
    assert "Step-father" in texts and "Home A" in texts
    between = [n for n in nodes.values() if y_of(n) == y_of(sarah) and x_of(sarah) < x_of(n) < x_of(dave)]
    assert not between
    assert couple_classes(root)[frozenset([str(family["sarah"].pk), str(family["dave"].pk)])] == ["genogram-couple"]


def test_foster_carers_have_one_dashed_line_beside_the_line_from_the_mother():
    jade = make_person("Jade", "Kelly", "female", datetime.date(2014, 2, 2))
    kelly = make_person("Kelly", "Moss", "female", datetime.date(1995, 1, 1))
    susan = make_person("Susan", "Price", "female", datetime.date(1970, 1, 1))
    mark = make_person("Mark", "Price", "male", datetime.date(1968, 1, 1))
    relate(jade, kelly, "mother")
    relate(jade, susan, "carer")
    relate(jade, mark, "carer")
    relate(susan, mark, "partner")
    live_at("7 Carers Way", jade, susan, mark)
    root, nodes = parse(build_genogram(jade))
    (step,) = lines(root, "genogram-step")
    assert set(step.get("data-parents").split()) == {str(susan.pk), str(mark.pk)}
    assert step.get("stroke-dasharray")
    assert_descent_lines_drop_into_the_top_centre(root, nodes)
    assert_descent_lines_drop_into_the_top_centre(root, nodes, "genogram-step")
    end = points(step)[-1]
    assert abs(end[0] - x_of(nodes[str(jade.pk)])) >= 10  # clear of the mother's line into the top centre


def test_the_drawing_is_as_wide_as_what_is_drawn(family):
    root, nodes = parse(build_genogram(family["liam"]))
    left, top, width, height = (float(v) for v in root.get("viewBox").split())
    assert (left, top) == (0, 0)
    assert (float(root.get("width")), float(root.get("height"))) == (width, height)
    xs = [x_of(n) for n in nodes.values()]
    # A label's width (at most about 100) either side of the outermost symbols, and no more.
    assert 20 <= min(xs) <= 70 and width - 70 <= max(xs) <= width - 20
    assert width < 420
    assert all(float(t.get("y")) < height for t in root.iter(f"{SVG}text") if t.get("class") == "genogram-legend")


def test_a_three_generation_family_stays_legible_on_a_phone(family):
    """Nine people, and ten with a fourth grandparent: at 375px wide the page scales the
    drawing down, and the smallest text must still be at least 10px."""
    root, _nodes = parse(build_genogram(family["liam"]))
    assert min(rendered_font_sizes(root)) >= 10
    relate(family["mark"], make_person("Ronald", "Hughes", "male", datetime.date(1961, 3, 3)), "father")
    root, nodes = parse(build_genogram(family["liam"]))
    assert len(nodes) == 10
    assert min(rendered_font_sizes(root)) >= 10
    assert "genogram-wide" not in root.get("class").split()
