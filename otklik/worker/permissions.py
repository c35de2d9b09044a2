"""Administrators read the worker's runs and edit the report mailings in the admin."""

from __future__ import annotations

from otklik.accounts.roles import ADMINISTRATOR, crud, view

ROLE_PERMISSIONS = {
    ADMINISTRATOR: [
        *crud("worker.reportmailing"),
        *view("worker.periodicrun"),
        *view("worker.workerheartbeat"),
        *view("worker.mailingdelivery"),
    ],
}
