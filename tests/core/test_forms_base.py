"""Every form and query parameter goes through one mechanism (issue 11, defect 10): forms
derive from core.forms.Form, whose text fields refuse hidden control characters with a
message naming the field; query parameters are read through a form, not straight from
request.GET. These checks fail when the next form or view forgets."""

import re
from pathlib import Path

from django import forms
from hypothesis import given
from hypothesis import strategies as st

import thinkfamily
from tests.inventory import all_form_classes
from thinkfamily.core import text
from thinkfamily.core.forms import Form

ROOT = Path(thinkfamily.__file__).parent
# Raw reads that are validated where they are read: a page number (Paginator.get_page falls
# back to the first or last page), the address to go back to (url_has_allowed_host_and_scheme)
# and the lookup API's NHS number (nhs_numbers.validate, a 400 with the reason).
RAW_READS_ALLOWED = {"page", "next", "nhs_number"}


def test_every_form_of_the_app_derives_from_the_core_form():
    found = all_form_classes()
    assert len(found) > 40  # the walk found the app's forms
    assert sorted(f"{cls.__module__}.{cls.__name__}" for cls in found if not issubclass(cls, Form)) == []


def test_views_read_query_parameters_and_form_fields_through_forms():
    raw = re.compile(r"request\.(?:GET|POST)(?:\.get\(\s*[\"'](\w+)|\[\s*[\"'](\w+))")
    found = []
    for path in ROOT.rglob("*.py"):
        for match in raw.finditer(path.read_text()):
            name = match[1] or match[2]
            if name not in RAW_READS_ALLOWED:
                found.append(f"{path.relative_to(ROOT)}: request.{match[0].split('.')[1]} {name!r}")
    assert found == []


class NoteForm(Form):
    title = forms.CharField(label="Title", max_length=200)
    body = forms.CharField(label="What happened", widget=forms.Textarea)


CONTROL = st.characters(categories=["Cc"]).filter(lambda c: c not in "\t\n\r")
BIDI = st.sampled_from(sorted(text.BIDI_CONTROLS))


@given(before=st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=10), hidden=st.one_of(CONTROL, BIDI),
       after=st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=10))
def test_every_text_field_refuses_a_control_or_direction_character_naming_the_field(before, hidden, after):
    form = NoteForm({"title": f"{before}{hidden}{after}", "body": f"Seen{hidden}at home."})
    assert not form.is_valid()
    assert form.errors["title"] == [text.message("Title")]
    assert form.errors["body"] == [text.message("What happened")]
    assert form.errors["title"][0].startswith("Title contains a hidden character")


@given(st.text(st.characters(categories=["L", "M", "N", "P", "S", "Zs"]), min_size=1, max_size=40).filter(str.strip))
def test_ordinary_writing_in_any_script_is_kept_and_a_text_box_keeps_its_lines(words):
    form = NoteForm({"title": words, "body": f"{words}\r\n\tand then\nthe end"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["body"].endswith("the end")
