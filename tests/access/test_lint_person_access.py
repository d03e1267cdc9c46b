"""The lint that keeps views behind the access layer must itself catch what it claims to."""

import pytest

from tests import inventory

lint = inventory.script("lint_person_access")


@pytest.mark.req("R10.1")
@pytest.mark.parametrize(
    "snippet",
    [
        "def v(request):\n    return Person.objects.get(pk=1)\n",
        "def v(request):\n    return LegalStatusEntry._default_manager.all()\n",
        "def v(request, pk):\n    return get_object_or_404(Relationship, pk=pk)\n",
    ],
)
def test_the_lint_catches_a_view_reaching_personal_data_directly(snippet):
    assert lint.problems_in(snippet, "thinkfamily/x/views.py")


def test_the_lint_allows_reference_data_and_the_access_layer():
    assert not lint.problems_in("def v(r):\n    return Organisation.objects.all()\n", "thinkfamily/x/views.py")
    assert not lint.problems_in("def v(r):\n    return scope.people()\n", "thinkfamily/x/views.py")


@pytest.mark.req("R10.1")
def test_no_view_module_reaches_personal_data_around_the_access_layer():
    views = lint.view_modules(inventory.REPOSITORY)
    problems = [p for rel, path in views for p in lint.problems_in(path.read_text(), rel)]
    assert problems == []
