from otklik.accounts.roles import ADMINISTRATOR, ANALYST, LEADERSHIP

ROLE_PERMISSIONS = {
    ADMINISTRATOR: ["analysis.view_modelversion", "analysis.add_modelversion"],
    LEADERSHIP: ["analysis.view_modelversion"],
    ANALYST: ["analysis.view_modelversion"],
}
