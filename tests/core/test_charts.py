"""The charts drawn on the server (thinkfamily/core/charts.py): each value is drawn where the
axis says it is, the chart is an image named by its title and described (every figure in
words) for a screen reader, a chart with nothing to draw says so, and labels are escaped."""

import datetime
import re

import pytest

from thinkfamily.core.charts import MonthlyChart, Series, nice_ticks

MONTHS = tuple(datetime.date(2026, m, 1) for m in range(1, 7))


def _bars(svg: str) -> list[dict]:
    return [
        {"month": month, "value": float(value), "y": float(y), "height": float(height)}
        for y, height, month, value in re.findall(
            r'<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"[^>]*data-chart-month="([\d-]+)" '
            r'data-value="([\d.]+)"', svg)
    ]


def test_each_bar_is_as_tall_as_its_value_on_the_axis_and_stacks_on_the_one_below():
    chart = MonthlyChart(chart_id="c", title="Referrals", months=MONTHS, value_label="Referrals",
                         series=(Series("In time", (0, 2, 4, 0, 1, 0)), Series("Late", (0, 1, 0, 0, 0, 0))))
    frame = chart.frame
    assert chart.ticks == [0, 1, 2, 3, 4] and frame.y_max == 4
    per_unit = (frame.baseline - frame.top) / frame.y_max
    bars = _bars(str(chart.svg()))
    assert [(b["month"], b["value"]) for b in bars] == [
        ("2026-02", 2), ("2026-02", 1), ("2026-03", 4), ("2026-05", 1)]  # no bar for nothing
    for bar in bars:
        assert bar["height"] == pytest.approx(bar["value"] * per_unit, abs=0.2)
    february_in_time, february_late, march = bars[0], bars[1], bars[2]
    assert february_in_time["y"] + february_in_time["height"] == pytest.approx(frame.baseline, abs=0.2)
    assert february_late["y"] + february_late["height"] == pytest.approx(february_in_time["y"], abs=0.2)
    assert march["y"] == pytest.approx(frame.top, abs=0.2)  # the tallest reaches the top of the axis


def test_a_line_puts_each_known_value_at_its_height_and_skips_the_unknown():
    chart = MonthlyChart(chart_id="p", title="In time", months=MONTHS, value_label="Per cent", kind="line",
                         unit="%", y_max=100, series=(Series("In time", (None, 50, 0, 100, None, 25)),))
    svg = str(chart.svg())
    points = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"[^>]*data-chart-month="([\d-]+)" data-value="([\d.]+)"',
                        svg)
    assert [(m, float(v)) for _, _, m, v in points] == [("2026-02", 50), ("2026-03", 0), ("2026-04", 100),
                                                        ("2026-06", 25)]
    heights = {m: float(cy) for _, cy, m, _ in points}
    assert heights["2026-03"] == chart.frame.baseline and heights["2026-04"] == chart.frame.top
    assert heights["2026-02"] == pytest.approx((chart.frame.baseline + chart.frame.top) / 2, abs=0.1)
    xs = [float(cx) for cx, _, _, _ in points]
    assert xs == sorted(xs)  # months left to right
    assert "0%" in chart.summary() and "March 2026: in time 0%" in chart.summary()  # 0% is a figure, said


def test_the_chart_is_an_image_named_by_its_title_and_described_with_every_figure():
    chart = MonthlyChart(chart_id="iha", title="Assessments by month", months=MONTHS, value_label="Children",
                         month_label="Month of entering care", none_text="No child entered care in",
                         series=(Series("In time", (0, 2, 0, 0, 0, 3)), Series("Overdue", (0, 1, 0, 0, 0, 0))))
    svg = str(chart.svg())
    assert re.search(r'<svg [^>]*role="img" aria-labelledby="iha-title iha-desc"', svg)
    assert 'viewBox="0 0 480 ' in svg and 'width="100%"' in svg
    assert '<title id="iha-title">Assessments by month</title>' in svg
    desc = re.search(r'<desc id="iha-desc">(.*?)</desc>', svg).group(1)
    assert desc == (
        "Assessments by month, January 2026 to June 2026. February 2026: 2 in time, 1 overdue; June 2026: 3 in time,"
        " 0 overdue. No child entered care in January 2026, March 2026, April 2026 and May 2026."
    )
    assert ">Children</text>" in svg and ">Month of entering care</text>" in svg  # both axes labelled
    assert ">In time</text>" in svg and ">Overdue</text>" in svg  # the legend of a chart of several
    assert "<script" not in svg and "href" not in svg  # nothing run, nothing fetched


def test_an_empty_series_draws_the_axes_and_says_there_is_nothing_to_show():
    for months, series in [(MONTHS, (Series("Sent", (0,) * 6),)), (MONTHS, (Series("Rate", (None,) * 6),)), ((), ())]:
        chart = MonthlyChart(chart_id="e", title="Referrals sent", months=months, series=series,
                             value_label="Referrals", none_text="No referrals were sent in")
        svg = str(chart.svg())
        assert chart.is_empty
        assert 'data-testid="chart-empty">No figures for these months</text>' in svg
        assert "<rect" not in svg and "<circle" not in svg
        assert chart.summary() in (
            "Referrals sent, January 2026 to June 2026: No referrals were sent in any month.",
            "Referrals sent: no months to show.",
        )


def test_labels_and_titles_are_escaped():
    chart = MonthlyChart(chart_id="x", title='Ward <A&E> "night"', months=MONTHS[:1], value_label="<b>",
                         series=(Series("<script>alert(1)</script>", (3,)), Series("B & C", (1,))))
    svg = str(chart.svg())
    assert "<script>" not in svg and "<b>" not in svg
    assert "Ward &lt;A&amp;E&gt; \"night\"" in svg and "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert ">B &amp; C</text>" in svg


def test_the_value_axis_ends_on_a_round_number_above_the_largest_figure():
    assert nice_ticks(0) == [0, 1]
    assert nice_ticks(3) == [0, 1, 2, 3]
    assert nice_ticks(7) == [0, 2, 4, 6, 8]
    assert nice_ticks(37) == [0, 10, 20, 30, 40]
    assert nice_ticks(100) == [0, 50, 100]
