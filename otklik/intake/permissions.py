from otklik.accounts.roles import ADMINISTRATOR, ANALYST, LEADERSHIP, UNIT_OFFICER

_VIEW = ["registry.view_importbatch"]
_LOAD = ["registry.add_importbatch", "registry.add_feedback", "intake.change_quarantinerow", *_VIEW]

ROLE_PERMISSIONS = {
    ADMINISTRATOR: [
        *_LOAD,
        "intake.add_apiclient",
        "intake.change_apiclient",
        "intake.view_apiclient",
        "intake.add_mediafeed",
        "intake.change_mediafeed",
        "intake.view_mediafeed",
        "intake.delete_mediafeed",
        "intake.add_savedmapping",
        "intake.change_savedmapping",
        "intake.view_savedmapping",
    ],
    UNIT_OFFICER: _LOAD,
    LEADERSHIP: _VIEW,
    ANALYST: _VIEW,
}
