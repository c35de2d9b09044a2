"""The one normalised record that every intake adapter produces and the registry stores.

Adapters (files, «Ваш контроль» XML, feeds, the HTTP API, the manual form) turn their own format into
`FeedbackRecord` and hand it to the registration service. Nothing here touches the database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

TAXPAYER_KINDS = ("fl", "ul", "ip", "unknown")
APPEAL_KINDS = ("appeal", "complaint", "proposal")
APPEAL_REGIMES = ("59fz", "nk19")
APPEAL_RESULTS = ("supported", "explained", "not_supported", "forwarded")
# «Ваш контроль» criteria, in the order of the site's form (ids 9–13).
VK_CRITERIA = ("time_service", "time_queue", "staff", "comfort", "information")


@dataclasses.dataclass(slots=True)
class PersonalData:
    full_name: str = ""
    inn: str = ""
    phone: str = ""
    email: str = ""
    postal_address: str = ""

    def is_empty(self) -> bool:
        return not (self.full_name or self.inn or self.phone or self.email or self.postal_address)

    def as_dict(self) -> dict[str, str]:
        return {
            "full_name": self.full_name,
            "inn": self.inn,
            "phone": self.phone,
            "email": self.email,
            "postal_address": self.postal_address,
        }


@dataclasses.dataclass(slots=True)
class FeedbackRecord:
    """One appeal, review, comment, call, survey answer or publication, whatever its stream."""

    channel: str  # Channel.code: lk_comments, appeals, forwarded, calls, surveys, vashkontrol, media
    source_id: str  # the source's own identifier: the natural key within (channel, source)
    received_at: dt.datetime  # aware
    source: str = ""  # sub-source code within the channel (post, epgu, sms0919, ...)
    registered_at: dt.datetime | None = None
    office: str = ""  # TaxOffice.code
    answering_unit: str = ""  # Unit.code, stream 1
    service: str = ""  # public service code
    taxpayer_kind: str = "unknown"
    title: str = ""
    text: str = ""
    url: str = ""
    grades: dict[str, int] = dataclasses.field(default_factory=dict)  # criterion -> 1..5
    negative_mark: bool | None = None  # stream 1: the taxpayer marked the answer as unsatisfactory
    # calls (stream 4)
    redirected_to: str = ""
    resolved_first_line: bool | None = None
    is_complaint: bool | None = None
    topic_hint: str = ""  # the source's own topic, if it gives one
    # written appeals (streams 2 and 3), 59-ФЗ
    registration_number: str = ""
    appeal_kind: str = ""
    regime: str = ""
    is_repeat: bool = False
    classifier_codes: list[str] = dataclasses.field(default_factory=list)
    result: str = ""
    # stream 3: the forwarding body
    forwarded_by: str = ""
    forwarding_letter_number: str = ""
    forwarding_letter_date: dt.date | None = None
    forwarder_control: bool = False
    forwarder_due: dt.date | None = None
    personal: PersonalData = dataclasses.field(default_factory=PersonalData)
    raw: dict[str, Any] = dataclasses.field(default_factory=dict)  # the source record as received
