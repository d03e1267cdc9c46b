"""A required field left empty says which field, in the NHS words (issue 15): 'Enter <label>'
for a box, 'Select <label>' for a choice, a field's own words where it gives them; never
Django's 'This field is required.', which twice in one error summary named nothing."""

import re

from django import forms

from tests.inventory import all_form_classes
from thinkfamily.core.forms import DJANGO_REQUIRED, DateInputField, Form, required_message

DJANGO_WORDS = "This field is required."


class ChildForm(Form):
    given_name = forms.CharField(label="Given name")
    nhs_number = forms.CharField(label="NHS number")
    sex = forms.ChoiceField(label="Sex", choices=[("F", "Female"), ("M", "Male")], widget=forms.RadioSelect)
    reason = forms.ChoiceField(label="Reason", choices=[("a", "A")])
    agreed = forms.BooleanField(label="The parent agreed")
    seen = forms.ChoiceField(label="Was the child seen?", choices=[("y", "Yes")], widget=forms.RadioSelect)
    own = forms.CharField(label="Title", error_messages={"required": "Enter a title for the note."})
    birth = DateInputField(label="Date of birth", label_for_errors="The child's date of birth")
    version = forms.IntegerField(widget=forms.HiddenInput)


def test_each_empty_required_field_names_itself():
    form = ChildForm({})
    assert not form.is_valid()
    assert {name: errors[0] for name, errors in form.errors.items()} == {
        "given_name": "Enter given name.",
        "nhs_number": "Enter NHS number.",  # an abbreviation keeps its capitals
        "sex": "Select sex.",
        "reason": "Select reason.",
        "agreed": "Select the parent agreed.",
        "seen": "Answer the question: Was the child seen?",
        "own": "Enter a title for the note.",  # a field's own words win
        "birth": "Enter the child's date of birth.",
        "version": "The form was sent incomplete. Go back to the page, reload it and try again.",
    }


def test_a_field_added_after_the_form_is_built_names_itself_too():
    form = ChildForm({})
    form.fields["school"] = forms.CharField(label="School")
    assert not form.is_valid()
    assert form.errors["school"] == ["Enter school."]


def test_no_form_of_the_app_says_this_field_is_required_and_no_two_fields_say_the_same():
    """Every required field of every form: its own message, or one built from its label. Two
    fields of one form never say the same words (the error summary would not tell them apart)."""
    found = []
    for cls in all_form_classes():
        messages = {}
        for name, field in cls.base_fields.items():
            if not field.required or isinstance(field.widget, forms.HiddenInput):
                continue
            own = str(field.error_messages.get("required"))
            message = required_message(name, field) if own == DJANGO_REQUIRED else own
            if isinstance(field, DateInputField):
                message = f"Enter {field.label_for_errors}"
            messages[name] = message
            if DJANGO_WORDS in message or re.search(r"\b[a-z]+_[a-z_]+\b", message):
                found.append(f"{cls.__name__}.{name}: {message}")
        repeated = [m for m in set(messages.values()) if list(messages.values()).count(m) > 1]
        found += [f"{cls.__name__}: {m!r} twice" for m in repeated]
    assert found == []


def test_the_record_a_person_page_names_each_missing_field_in_its_error_summary(client, health_visitor):
    client.force_login(health_visitor)
    page = client.post("/people/new/", {"given_name": ""}).content.decode()
    summary = page.split('nhsuk-error-summary__list', 1)[1].split("</ul>", 1)[0]
    assert DJANGO_WORDS not in page
    for message in ("Enter a family name (surname).", "Enter date of birth.", "Select sex.",
                    "Select whether the record is for a child or young person, or an adult."):
        assert message in summary
