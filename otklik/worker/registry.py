"""Discovery of the periodic jobs: each installed app may declare `PERIODIC_JOBS` in its `jobs.py` as
(unique name, every N seconds, a function of no arguments returning a short printable summary)."""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable

from django.apps import apps


@dataclasses.dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: int  # seconds
    run: Callable[[], object]

    def slot(self, epoch: float) -> int:
        return int(epoch // self.every)


def discover() -> list[PeriodicJob]:
    """The jobs of every installed app, in app order; a duplicate name or a bad period is a programming
    error and stops the worker at start."""
    jobs: list[PeriodicJob] = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.jobs"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue
            raise
        for name, every, run in getattr(module, "PERIODIC_JOBS", []):
            if every <= 0:
                raise ValueError(f"{module_name}: задание {name!r} с периодом {every} с")
            jobs.append(PeriodicJob(name, int(every), run))
    names = [job.name for job in jobs]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"имена периодических заданий повторяются: {', '.join(duplicates)}")
    return jobs
