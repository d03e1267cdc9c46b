"""SDQ scores as the page shows them (R6.5): each score with its band and the scheme it was
banded with, and the trend chart, server-rendered SVG (no script), with the table of scores as
its text alternative."""

import datetime
from dataclasses import dataclass
from xml.sax.saxutils import escape

from markupsafe import Markup

from thinkfamily.core import timescales
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

    def y_for(self, total: float) -> float:
        plot = self.height - self.top - self.bottom
        return round(self.top + plot * (1 - total / MAX_TOTAL), 1)

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
        x0, x1 = self.left, self.width - self.right
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {self.height}" role="img" '
            f'aria-labelledby="sdq-chart-title sdq-chart-desc" class="tf-sdq-chart" data-testid="sdq-chart">',
            '<title id="sdq-chart-title">SDQ total difficulties over time</title>',
            f'<desc id="sdq-chart-desc">{escape(self.summary())}</desc>',
        ]
        for name, lo, hi in self.bands:
            top, bottom = self.y_for(hi + 0.5 if hi < MAX_TOTAL else MAX_TOTAL), self.y_for(max(lo - 0.5, 0))
            fill = fills.get(band_tag_class(name, scheme), "#f0f4f5")
            parts.append(
                f'<rect x="{x0}" y="{top}" width="{x1 - x0}" height="{round(bottom - top, 1)}" fill="{fill}"/>'
                f'<text x="{x1 - 4}" y="{round((top + bottom) / 2 + 4, 1)}" text-anchor="end" font-size="11" '
                f'fill="#4c6272">'
                f'{escape(band_label(name))} ({lo}-{hi})</text>'
            )
        for tick in (0, 10, 20, 30, 40):
            y = self.y_for(tick)
            parts.append(
                f'<line x1="{x0 - 4}" y1="{y}" x2="{x0}" y2="{y}" stroke="#4c6272"/>'
                f'<text x="{x0 - 8}" y="{y + 4}" text-anchor="end" font-size="11" fill="#212b32">{tick}</text>'
            )
        bottom_y = self.height - self.bottom
        parts.append(f'<line x1="{x0}" y1="{self.top}" x2="{x0}" y2="{bottom_y}" stroke="#4c6272"/>')
        parts.append(f'<line x1="{x0}" y1="{bottom_y}" x2="{x1}" y2="{bottom_y}" stroke="#4c6272"/>')
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
