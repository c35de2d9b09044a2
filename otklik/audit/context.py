"""The request a service function runs in: its id and the client's address, for the audit record."""

from __future__ import annotations

import contextvars
import dataclasses


@dataclasses.dataclass(frozen=True, slots=True)
class RequestContext:
    request_id: str = ""
    ip: str = ""
    origin: str = "system"  # web, api, cli, worker, system


_current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "otklik_request",
    default=RequestContext(),  # noqa: B039 - frozen, never mutated
)


def current() -> RequestContext:
    return _current.get()


def bind(ctx: RequestContext) -> contextvars.Token[RequestContext]:
    return _current.set(ctx)


def reset(token: contextvars.Token[RequestContext]) -> None:
    _current.reset(token)
