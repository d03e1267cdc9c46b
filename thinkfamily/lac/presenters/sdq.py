"""SDQ scores as the page shows them (R6.5): each score with its band and the scheme it was
banded with, and the trend chart, server-rendered SVG (no script), with the table of scores as
its text alternative."""

import datetime
from dataclasses import dataclass
from xml.sax.saxutils import escape

from markupsafe import Markup

from thinkfamily.core import timescales
from thinkfamily.core.charts import Frame
from thinkfamily.core.presenters import format_date
from thinkfamily.lac.services.sdq import (
    MAX_TOTAL,
    age_warning,
    band_label,
    band_tag_class,
    describe_scheme,
    ordered_bands,
    scheme_origin,
)


def score_rows(child, scores) -> list[dict]:
    """The child's scores, newest first, each with its band, the scheme it was banded with and
    where that came from, and a warning when the child's age was outside the guidance's."""
    return [
        {
            "score": s,
            "band": band_label(s.band),
            "tag": band_tag_class(s.band, s.scheme),
            "scheme": f"{describe_scheme(s.scheme)} ({scheme_origin(s.scheme_rule)})",
            "warning": age_warning(child, s.completed_on),
        }
        for s in reversed(scores)
    ]


@dataclass(frozen=True)
class Point:
    completed_on: datetime.date
    total: int
    band: str
    informant: str
    x: float
    y: float


@dataclass(frozen=True)
class TrendChart:
    """Scores over time as an SVG line chart on a 0-40 axis, with the bands of the scheme in
    force shaded behind (each point keeps the band it was given)."""

    points: list[Point]
    bands: list[tuple[str, int, int]]
    width: int = 640
    height: int = 260
    left: int = 48
    right: int = 16
    top: int = 16
    bottom: int = 40

    @property
    def frame(self) -> Frame:
        return Frame(width=self.width, height=self.height, left=self.left, right=self.right, top=self.top,
                     bottom=self.bottom, y_max=MAX_TOTAL)

    def y_for(self, total: float) -> float:
        return self.frame.y_for(total)

    def summary(self) -> str:
        if not self.points:
            return "No SDQ scores recorded."
        first, last = self.points[0], self.points[-1]
        if len(self.points) == 1:
            return f"One score: {first.total} on {format_date(first.completed_on)} ({band_label(first.band).lower()})."
        change = last.total - first.total
        direction = "risen" if change > 0 else "fallen" if change < 0 else "not changed"
        by = f" by {abs(change)}" if change else ""
        return (
            f"{len(self.points)} scores from {format_date(first.completed_on)} to {format_date(last.completed_on)}: "
            f"total difficulties have {direction}{by}, from {first.total} ({band_label(first.band).lower()}) to "
            f"{last.total} ({band_label(last.band).lower()})."
        )

    def svg(self) -> Markup:
        fills = {"nhsuk-tag--green": "#e5f1e5", "nhsuk-tag--orange": "#fff2d6", "nhsuk-tag--red": "#f7d9d9"}
        scheme = {name: [lo, hi] for name, lo, hi in self.bands}
        frame = self.frame
        x0, x1 = frame.x0, frame.x1
        parts = frame.opening("sdq-chart", "SDQ total difficulties over time", self.summary(), "tf-sdq-chart",
                              "sdq-chart")
        for name, lo, hi in self.bands:
            top, bottom = self.y_for(hi + 0.5 if hi < MAX_TOTAL else MAX_TOTAL), self.y_for(max(lo - 0.5, 0))
            fill = fills.get(band_tag_class(name, scheme), "#f0f4f5")
            parts.append(
                f'<rect x="{x0}" y="{top}" width="{x1 - x0}" height="{round(bottom - top, 1)}" fill="{fill}"/>'
                f'<text x="{x1 - 4}" y="{round((top + bottom) / 2 + 4, 1)}" text-anchor="end" font-size="11" '
                f'fill="#4c6272">'
                f'{escape(band_label(name))} ({lo}-{hi})</text>'
            )
        parts += frame.value_axis((0, 10, 20, 30, 40))
        bottom_y = frame.baseline
        if len(self.points) > 1:
            path = " ".join(f"{p.x},{p.y}" for p in self.points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="#005eb8" stroke-width="2"/>')
        for p in self.points:
            parts.append(
                f'<circle cx="{p.x}" cy="{p.y}" r="5" fill="#005eb8" data-total="{p.total}">'
                f"<title>{escape(format_date(p.completed_on))}: {p.total} "
                f"({escape(band_label(p.band))})</title></circle>"
                f'<text x="{p.x}" y="{bottom_y + 16}" text-anchor="middle" font-size="11" fill="#212b32">'
                f"{p.completed_on:%b %Y}</text>"
            )
        parts.append("</svg>")
        # Every value and label is escaped as the markup is built.
        return Markup("".join(parts))  # noqa: S704


def trend_chart(scores, scheme: dict | None = None) -> TrendChart:
    """Chart data for scores (oldest first). The shaded bands are those of the latest score's
    stored scheme (or the scheme in force when there is no score)."""
    scores = list(scores)
    if scheme is None:
        scheme = scores[-1].scheme if scores else timescales.in_force("sdq.bands").value
    chart = TrendChart(points=[], bands=ordered_bands(scheme))
    x0, x1 = chart.left + 24, chart.width - chart.right - 24
    if scores:
        first, last = scores[0].completed_on, scores[-1].completed_on
        span = (last - first).days
    points = []
    for index, score in enumerate(scores):
        if len(scores) == 1:
            x = (x0 + x1) / 2
        elif span == 0:
            x = x0 + (x1 - x0) * index / (len(scores) - 1)
        else:
            x = x0 + (x1 - x0) * (score.completed_on - first).days / span
        points.append(Point(score.completed_on, score.total_difficulties, score.band, score.informant,
                            round(x, 1), chart.y_for(score.total_difficulties)))
    return TrendChart(points=points, bands=chart.bands)
