"""What the reports' tests share: a signed-in client and the figures read off a page."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from otklik.conftest import PASSWORD


def client_for(user: str) -> Client:
    client = Client()
    assert client.login(username=user, password=PASSWORD)
    return client


def total(page: Any) -> str:
    html = page.content.decode()
    return str(html.split('data-total="', 1)[1].split('"', 1)[0])


FIGURE = re.compile(r'<a class="figure" data-count="(\d+)" href="([^"]+)"')


def figures_of(page: Any) -> list[tuple[int, str]]:
    return [(int(n), href.replace("&amp;", "&")) for n, href in FIGURE.findall(page.content.decode())]
