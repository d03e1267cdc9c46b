"""Aggregates computed in Python the way the database computes them."""

import pytest

from thinkfamily.core.aggregates import percentile_cont


def test_percentiles_are_those_of_postgresql():
    assert percentile_cont([1, 2, 3, 4], 0.5) == 2.5
    assert percentile_cont([10], 0.9) == 10
    assert percentile_cont(list(range(1, 11)), 0.9) == pytest.approx(9.1)
    assert percentile_cont([], 0.5) is None
