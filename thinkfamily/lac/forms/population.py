"""Which children in care are listed (lac/population.jinja)."""

from django import forms

from thinkfamily.core.forms import QueryForm
from thinkfamily.lac.queries import population


class PopulationQuery(QueryForm):
    """Which of the children in care are listed (the filters of lac/population.jinja)."""

    show = forms.ChoiceField(choices=[(f.key, f.label) for f in population.FILTERS], required=False, initial="all")
