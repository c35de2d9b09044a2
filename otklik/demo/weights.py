"""How often each office, topic and service turns up in each stream: the shape of the demo data."""

from __future__ import annotations

import bisect
import itertools
import random


class Weighted:
    """A fast weighted choice among keys, fixed once."""

    __slots__ = ("_cum", "_keys", "_total")

    def __init__(self, weights: dict[str, float]) -> None:
        self._keys = tuple(weights)
        self._cum = list(itertools.accumulate(weights.values()))
        self._total = self._cum[-1]

    def __call__(self, rng: random.Random) -> str:
        return self._keys[bisect.bisect_right(self._cum, rng.random() * self._total)]

    @property
    def keys(self) -> tuple[str, ...]:
        return self._keys


# Leaf topic -> unit competent for it (reference.yaml); the answering unit of ЛК comments.
TOPIC_UNITS = {
    "registration.ul_ip": "10", "registration.inn": "10", "registration.property_data": "10",
    "property.transport": "16", "property.land": "16", "property.realty": "16", "property.notice": "16",
    "ndfl.deduction": "19", "ndfl.3ndfl": "19", "ndfl.agents": "19", "ndfl.contributions": "19",
    "returns.usn": "13", "returns.vat": "22", "returns.desk_audit": "26", "returns.field_audit": "31",
    "debt.settlements": "39", "debt.collection": "40", "debt.penalties": "41", "debt.individuals": "42",
    "debt.deferral": "41", "debt.bankruptcy": "43", "eservices.lk_access": "08", "eservices.signature": "50",
    "eservices.faults": "50", "service.queue": "08", "service.premises": "09", "service.information": "09",
    "service.staff_conduct": "05", "appeals.no_answer": "01", "appeals.deadline": "01",
    "appeals.answer_quality": "01", "contact_centre.unreachable": "08", "media.service_quality": "07",
    "other.general": "01",
}  # fmt: skip
CLASSIFIER_CODES = {"property.notice": "0003.0008.0086.0482", "appeals.no_answer": "0001.0002.0027.0122"}

OFFICE_CODES = ("2700", "ОП1", "ОП2", "ОП3", "ОП4", "ОП5", "ОП6", "ОП7", "ОП8", "ОП9", "ОП10")
_IN_PERSON = (3, 14, 12, 13, 9, 8, 7, 12, 8, 5, 4)
_WRITTEN = (18, 11, 10, 10, 8, 7, 6, 10, 7, 4, 3)
IN_PERSON_OFFICES = Weighted(dict(zip(OFFICE_CODES, _IN_PERSON, strict=True)))
WRITTEN_OFFICES = Weighted(dict(zip(OFFICE_CODES, _WRITTEN, strict=True)))
# Offices whose visitors are a little less happy, as a shift of the latent grade.
OFFICE_MOOD = {"ОП3": -0.12, "ОП7": -0.08, "ОП1": 0.04, "ОП9": 0.06, "ОП10": 0.08}

SERVICE_TOPICS = {
    "registration_ul_ip": "registration.ul_ip", "registers": "registration.ul_ip",
    "taxpayer_registration": "registration.inn", "informing": "service.information",
    "returns": "ndfl.3ndfl", "settlements": "debt.settlements", "benefits": "ndfl.deduction",
    "deferral": "debt.deferral", "patents": "returns.usn", "personal_accounts": "eservices.lk_access",
    "reception": "service.queue",
}  # fmt: skip
CRITERION_TOPICS = {
    "time_queue": "service.queue", "staff": "service.staff_conduct", "comfort": "service.premises",
    "information": "service.information",
}  # fmt: skip
VK_SERVICES = Weighted({
    "reception": 30, "taxpayer_registration": 12, "registration_ul_ip": 10, "registers": 8, "informing": 10,
    "returns": 8, "settlements": 6, "benefits": 6, "personal_accounts": 6, "patents": 2, "deferral": 2,
})  # fmt: skip
SURVEY_SERVICES = Weighted({
    "registration_ul_ip": 20, "registers": 15, "informing": 20, "returns": 25, "taxpayer_registration": 10,
    "settlements": 10,
})  # fmt: skip

_BASE = {
    "registration.ul_ip": 3, "registration.inn": 3, "registration.property_data": 5,
    "property.transport": 8, "property.land": 5, "property.realty": 6, "property.notice": 7,
    "ndfl.deduction": 9, "ndfl.3ndfl": 5, "ndfl.agents": 3, "ndfl.contributions": 3,
    "returns.usn": 3, "returns.vat": 1, "returns.desk_audit": 2, "returns.field_audit": 0.5,
    "debt.settlements": 7, "debt.collection": 4, "debt.penalties": 3, "debt.individuals": 5,
    "debt.deferral": 1, "debt.bankruptcy": 0.7, "eservices.lk_access": 4, "eservices.signature": 1.5,
    "eservices.faults": 2, "service.queue": 2, "service.premises": 0.5, "service.information": 1.5,
    "service.staff_conduct": 2, "appeals.no_answer": 2, "appeals.deadline": 1, "appeals.answer_quality": 1.5,
    "contact_centre.unreachable": 0.7, "other.general": 2,
}  # fmt: skip


def _tilted(**factors: float) -> dict[str, float]:
    return {topic: weight * factors.get(topic.replace(".", "_"), 1.0) for topic, weight in _BASE.items()}


STREAM_TOPICS = {
    "appeals": _BASE,
    "forwarded": _tilted(
        debt_collection=3,
        debt_individuals=2,
        appeals_no_answer=4,
        appeals_deadline=3,
        returns_field_audit=4,
        debt_bankruptcy=3,
        service_queue=0.5,
        ndfl_3ndfl=0.3,
    ),
    "calls": _tilted(
        eservices_lk_access=2.5,
        debt_settlements=1.5,
        contact_centre_unreachable=3,
        appeals_no_answer=0.5,
        returns_field_audit=0.2,
        debt_bankruptcy=0.3,
    ),
    "lk_comments": _tilted(
        appeals_answer_quality=12,
        appeals_deadline=4,
        appeals_no_answer=2,
        service_queue=0.3,
        service_premises=0.1,
        returns_field_audit=0.2,
        contact_centre_unreachable=0.3,
    ),
}
# Months (1..12) when a topic swells: notices and property taxes in autumn, returns and deductions in spring.
TOPIC_SEASONS = {
    "property.notice": (1, 1, 1, 1, 1, 1, 1, 1, 1.3, 1.8, 2.2, 1.6),
    "property.transport": (1, 1, 1, 1, 1, 1, 1, 1, 1.1, 1.4, 1.6, 1.3),
    "property.realty": (1, 1, 1, 1, 1, 1, 1, 1, 1.1, 1.3, 1.5, 1.2),
    "ndfl.3ndfl": (0.8, 1.3, 1.7, 1.8, 1.2, 0.9, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8),
    "ndfl.deduction": (1.1, 1.4, 1.5, 1.5, 1.2, 1, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9),
}


def monthly_topic_choices(base: dict[str, float]) -> list[Weighted]:
    """One weighted topic choice per month (index 0 = January)."""
    return [
        Weighted({t: w * TOPIC_SEASONS.get(t, (1.0,) * 12)[m] for t, w in base.items()}) for m in range(12)
    ]
