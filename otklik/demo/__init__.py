"""Deterministic, realistic demo feedback for all seven streams, with the truth labels attached.

    for item in generate(seed=2026, scale=1.0):
        item.record      # FeedbackRecord, as an intake adapter would produce it
        item.tone, item.topic, item.planted_spike, item.relevant, item.link_kind, ...

Django-free: it only builds records and labels; loading them is the caller's business.
"""

from otklik.demo.generator import VOLUMES, generate
from otklik.demo.improvements import PLANTED_IMPROVEMENTS, PlantedImprovement, planted_improvements
from otklik.demo.item import TONES, DemoItem, PlantedSpike
from otklik.demo.spikes import PLANTED_SPIKES, SpikeSpec, planted_spikes

__all__ = [
    "PLANTED_IMPROVEMENTS",
    "PLANTED_SPIKES",
    "TONES",
    "VOLUMES",
    "DemoItem",
    "PlantedImprovement",
    "PlantedSpike",
    "SpikeSpec",
    "generate",
    "planted_improvements",
    "planted_spikes",
]
