"""Charts drawn once as PNG bytes, shown on the page and embedded in DOCX and PDF alike."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # no display on a server; must precede pyplot

import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

from otklik.lib import ru

_COLOURS = ["#1f4e8c", "#9aa9bd", "#c8102e", "#207a3c", "#8a5a00"]


def _russian(value: float) -> str:
    """Bar labels and axis ticks as the document's text writes numbers: «3 238», «76,2»."""
    return ru.number(float(value), 2, trim=True)


_AXIS = FuncFormatter(lambda value, _position: _russian(value))


def bars(
    title: str, labels: list[str], series: dict[str, list[float]], unit: str = "", width: float = 7.0
) -> bytes:
    """Grouped vertical bars, one group per label and one bar per series; values printed over the bars."""
    figure, axes = plt.subplots(figsize=(width, 3.4), dpi=150)
    count = max(len(series), 1)
    step = 0.8 / count
    for index, (name, values) in enumerate(series.items()):
        positions = [x - 0.4 + step * (index + 0.5) for x in range(len(labels))]
        drawn = axes.bar(positions, values, step * 0.92, label=name, color=_COLOURS[index % len(_COLOURS)])
        axes.bar_label(drawn, fmt=_russian, fontsize=7, padding=1)
    axes.set_xticks(range(len(labels)), labels, fontsize=8)
    axes.set_title(title, fontsize=10)
    if unit:
        axes.set_ylabel(unit, fontsize=8)
    axes.tick_params(axis="y", labelsize=8)
    axes.yaxis.set_major_formatter(_AXIS)
    axes.spines[["top", "right"]].set_visible(False)
    axes.margins(y=0.15)
    if len(series) > 1:
        axes.legend(fontsize=8, frameon=False)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    plt.close(figure)
    return out.getvalue()


def horizontal(title: str, labels: list[str], values: list[float], unit: str = "") -> bytes:
    """Horizontal bars, longest on top: for ranked lists such as the topics with most negatives."""
    height = 1.0 + 0.32 * max(len(labels), 1)
    figure, axes = plt.subplots(figsize=(7.0, height), dpi=150)
    drawn = axes.barh(list(reversed(labels)), list(reversed(values)), color=_COLOURS[2])
    axes.bar_label(drawn, fmt=_russian, fontsize=7, padding=2)
    axes.set_title(title, fontsize=10)
    axes.tick_params(labelsize=8)
    axes.xaxis.set_major_formatter(_AXIS)
    if unit:
        axes.set_xlabel(unit, fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    axes.margins(x=0.12)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    plt.close(figure)
    return out.getvalue()
