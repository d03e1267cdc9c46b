"""Charts drawn on the server as SVG: no script and nothing fetched from elsewhere. A chart is
an image to assistive technology (``role="img"``) named by its ``<title>`` and described by its
``<desc>``, which says every figure the chart draws; the page keeps the table of the same
figures as the chart's alternative. The viewBox scales the chart to its container (width 100%),
so it reads at 390 px as at 1,280.

``Frame`` is the drawing every chart shares (the plot area, the value axis and its ticks);
``MonthlyChart`` draws a trend over months as stacked bars or lines, in the NHS colours."""

import datetime
import math
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

# NHS identity colours (service-manual.nhs.uk/design-system/styles/colour), the dark ones
# that keep a 3:1 contrast against white for shapes.
NHS_BLUE = "#005eb8"
NHS_DARK_BLUE = "#003087"
NHS_GREEN = "#007f3b"
NHS_RED = "#d5281b"
NHS_DARK_PINK = "#7c2855"
NHS_MID_GREY = "#768692"
TEXT = "#212b32"
SECONDARY_TEXT = "#4c6272"
FONT_SIZE = 12


def nice_step(value: float) -> float:
    """A round step for about four ticks up to ``value``: 1, 2 or 5 times a power of ten, and
    at least 1 (the figures are counts, or rates in whole percent)."""
    if value <= 4:
        return 1
    rough = value / 4
    power = 10 ** math.floor(math.log10(rough))
    return next(step * power for step in (1, 2, 5, 10) if rough <= step * power)


def nice_ticks(value: float) -> list[float]:
    """The ticks of a value axis from 0 to at least ``value`` (at least 0 and 1)."""
    step = nice_step(value)
    top = max(math.ceil(value / step), 1)
    return [step * i for i in range(top + 1)]


def _number(value: float) -> str:
    return f"{value:g}"


@dataclass(frozen=True)
class Frame:
    """The plot area of a chart in its viewBox and its value axis (0 to ``y_max``)."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    y_max: float

    @property
    def x0(self) -> int:
        return self.left

    @property
    def x1(self) -> int:
        return self.width - self.right

    @property
    def baseline(self) -> int:
        return self.height - self.bottom

    def y_for(self, value: float) -> float:
        plot = self.height - self.top - self.bottom
        return round(self.top + plot * (1 - value / self.y_max), 1)

    def opening(self, chart_id: str, title: str, desc: str, css_class: str, testid: str) -> list[str]:
        """The svg element named by its title and described by its desc (both escaped)."""
        return [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {self.height}" width="100%" '
            f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class={quoteattr(css_class)} '
            f"data-testid={quoteattr(testid)} focusable=\"false\">",
            f'<title id="{chart_id}-title">{escape(title)}</title>',
            f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        ]

    def value_axis(self, ticks) -> list[str]:
        """Tick marks and their numbers on the value axis, and the two axis lines."""
        parts = []
        for tick in ticks:
            y = self.y_for(tick)
            parts.append(
                f'<line x1="{self.x0 - 4}" y1="{y}" x2="{self.x0}" y2="{y}" stroke="{SECONDARY_TEXT}"/>'
                f'<text x="{self.x0 - 8}" y="{y + 4}" text-anchor="end" font-size="11" fill="{TEXT}">'
                f"{_number(tick)}</text>"
            )
        axis = f'stroke="{SECONDARY_TEXT}"'
        parts.append(f'<line x1="{self.x0}" y1="{self.top}" x2="{self.x0}" y2="{self.baseline}" {axis}/>')
        parts.append(f'<line x1="{self.x0}" y1="{self.baseline}" x2="{self.x1}" y2="{self.baseline}" {axis}/>')
        return parts

    def gridlines(self, ticks) -> list[str]:
        return [
            f'<line x1="{self.x0}" y1="{self.y_for(t)}" x2="{self.x1}" y2="{self.y_for(t)}" stroke="#d8dde0"/>'
            for t in ticks
            if t
        ]


@dataclass(frozen=True)
class Series:
    """One line, or one layer of the stacked bars: a value per month (None: not known)."""

    label: str
    values: tuple
    colour: str = NHS_BLUE


def month_name(month: datetime.date) -> str:
    return f"{month:%B %Y}"


@dataclass(frozen=True)
class MonthlyChart:
    """A trend over months: stacked bars (counts that add up) or lines (rates, medians).

    ``none_text`` begins the sentence naming the months with nothing in them (``"No referrals
    were sent in"``); ``unit`` follows each value in the description (``"%"``)."""

    chart_id: str
    title: str
    months: tuple
    series: tuple
    value_label: str
    month_label: str = "Month"
    kind: str = "bar"
    unit: str = ""
    none_text: str = "Nothing was recorded in"
    y_max: float | None = None
    testid: str = "chart"
    frame: Frame = field(init=False, repr=False)
    ticks: list = field(init=False, repr=False)

    def __post_init__(self):
        legend_rows = len(self._legend_positions()[1]) if len(self.series) > 1 else 0
        top = 40 + 20 * legend_rows
        object.__setattr__(self, "ticks", nice_ticks(self.y_max or self._largest()))
        object.__setattr__(self, "frame", Frame(width=480, height=260 + top, left=56, right=12, top=top, bottom=64,
                                                y_max=self.ticks[-1]))

    # -- the figures ------------------------------------------------------------------------

    def _month_values(self, index: int) -> list:
        return [s.values[index] for s in self.series]

    def _largest(self) -> float:
        totals = []
        for index in range(len(self.months)):
            values = [v for v in self._month_values(index) if v is not None]
            if values:
                totals.append(sum(values) if self.kind == "bar" else max(values))
        return max(totals, default=0)

    def _has_figures(self, index: int) -> bool:
        """A month has figures when a count is more than none, or a rate is known (0% is a
        figure; a rate of nothing is not)."""
        return any(v is not None and (v or self.kind == "line") for v in self._month_values(index))

    @property
    def is_empty(self) -> bool:
        return not any(self._has_figures(i) for i in range(len(self.months)))

    def _value_text(self, value, label: str) -> str:
        shown = "not known" if value is None else f"{_number(value)}{self.unit}"
        return f"{label.lower()} {shown}" if value is None or self.kind == "line" else f"{shown} {label.lower()}"

    def summary(self) -> str:
        """Every figure the chart draws, month by month, as a sentence a screen reader reads;
        months with nothing in them are named together."""
        if not self.months:
            return f"{self.title}: no months to show."
        span = f"{month_name(self.months[0])} to {month_name(self.months[-1])}"
        if self.is_empty:
            return f"{self.title}, {span}: {self.none_text} any month."
        said, empty = [], []
        for index, month in enumerate(self.months):
            if self._has_figures(index):
                values = ", ".join(self._value_text(v, s.label) for v, s in zip(self._month_values(index), self.series,
                                                                               strict=True))
                said.append(f"{month_name(month)}: {values}")
            else:
                empty.append(month_name(month))
        text = f"{self.title}, {span}. " + "; ".join(said) + "."
        if empty:
            text += f" {self.none_text} {_and_list(empty)}."
        return text

    # -- the drawing ------------------------------------------------------------------------

    def _slot(self) -> float:
        return (self.frame.x1 - self.frame.x0) / max(len(self.months), 1)

    def _centre(self, index: int) -> float:
        return round(self.frame.x0 + self._slot() * (index + 0.5), 1)

    def _legend_positions(self):
        """Where each key of the legend goes: (x, row) per series, and the rows used, wrapping
        at the chart's width."""
        positions, rows, x, row = [], [0], 56, 0
        for s in self.series:
            width = 18 + 7 * len(s.label) + 16
            if x + width > 468 and x > 56:
                x, row = 56, row + 1
                rows.append(row)
            positions.append((x, row))
            x += width
        return positions, rows

    def _legend(self) -> list[str]:
        if len(self.series) < 2:
            return []
        parts = []
        for s, (x, row) in zip(self.series, self._legend_positions()[0], strict=True):
            y = 32 + 20 * row
            parts.append(
                f'<rect x="{x}" y="{y}" width="12" height="12" fill="{s.colour}"/>'
                f'<text x="{x + 18}" y="{y + 11}" font-size="{FONT_SIZE}" fill="{TEXT}">{escape(s.label)}</text>'
            )
        return parts

    def _month_axis(self) -> list[str]:
        f = self.frame
        parts = []
        step = 1 if len(self.months) <= 12 else math.ceil(len(self.months) / 12)
        for index, month in enumerate(self.months):
            if index % step:
                continue
            x = self._centre(index)
            parts.append(f'<text x="{x}" y="{f.baseline + 16}" text-anchor="middle" font-size="11" fill="{TEXT}">'
                         f"{month:%b}</text>")
            if index == 0 or month.month == 1:
                parts.append(f'<text x="{x}" y="{f.baseline + 30}" text-anchor="middle" font-size="11" '
                             f'fill="{SECONDARY_TEXT}">{month:%Y}</text>')
        parts.append(f'<text x="{(f.x0 + f.x1) / 2}" y="{f.height - 8}" text-anchor="middle" font-size="{FONT_SIZE}" '
                     f'fill="{TEXT}">{escape(self.month_label)}</text>')
        middle = (f.top + f.baseline) / 2
        parts.append(f'<text x="14" y="{middle}" text-anchor="middle" font-size="{FONT_SIZE}" fill="{TEXT}" '
                     f'transform="rotate(-90 14 {middle})">{escape(self.value_label)}</text>')
        return parts

    def _bars(self) -> list[str]:
        f, parts = self.frame, []
        width = round(min(self._slot() * 0.6, 40), 1)
        for index, month in enumerate(self.months):
            running = 0
            for s in self.series:
                value = s.values[index] or 0
                if not value:
                    continue
                top, bottom = f.y_for(running + value), f.y_for(running)
                running += value
                parts.append(
                    f'<rect x="{round(self._centre(index) - width / 2, 1)}" y="{top}" width="{width}" '
                    f'height="{round(bottom - top, 1)}" fill="{s.colour}" stroke="#ffffff" stroke-width="1" '
                    f'data-chart-month="{month:%Y-%m}" data-value="{_number(value)}">'
                    f"<title>{escape(month_name(month))}: {escape(self._value_text(value, s.label))}</title></rect>"
                )
        return parts

    def _lines(self) -> list[str]:
        parts = []
        for s in self.series:
            points = [(self._centre(i), self.frame.y_for(v), v, m)
                      for i, (v, m) in enumerate(zip(s.values, self.months, strict=True)) if v is not None]
            if len(points) > 1:
                path = " ".join(f"{x},{y}" for x, y, _, _ in points)
                parts.append(f'<polyline points="{path}" fill="none" stroke="{s.colour}" stroke-width="2"/>')
            for x, y, value, month in points:
                parts.append(
                    f'<circle cx="{x}" cy="{y}" r="4" fill="{s.colour}" data-chart-month="{month:%Y-%m}" '
                    f'data-value="{_number(value)}"><title>{escape(month_name(month))}: '
                    f"{escape(self._value_text(value, s.label))}</title></circle>"
                )
        return parts

    def svg(self) -> Markup:
        f = self.frame
        ticks = self.ticks
        parts = f.opening(self.chart_id, self.title, self.summary(), "tf-chart", self.testid)
        parts.append(f'<text x="0" y="18" font-size="15" font-weight="bold" fill="{TEXT}">{escape(self.title)}</text>')
        parts += f.gridlines(ticks) + f.value_axis(ticks) + self._legend() + self._month_axis()
        if self.is_empty:
            parts.append(f'<text x="{(f.x0 + f.x1) / 2}" y="{(f.top + f.baseline) / 2}" text-anchor="middle" '
                         f'font-size="14" fill="{SECONDARY_TEXT}" data-testid="chart-empty">No figures for these '
                         f"months</text>")
        else:
            parts += self._bars() if self.kind == "bar" else self._lines()
        parts.append("</svg>")
        # Every value and label is escaped as the markup is built.
        return Markup("".join(parts))  # noqa: S704


def _and_list(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
