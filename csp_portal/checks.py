"""System checks of the portal's own settings (run by `migrate`, `check` and `runserver`)."""
from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def allowed_hosts_required(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """csp_portal.E001 when DEBUG is off and ALLOWED_HOSTS is empty.

    Django would answer every request 400 without saying why; failing the
    check stops `migrate` (the container's first step) with the reason instead.
    """
    if settings.DEBUG or settings.ALLOWED_HOSTS:
        return []
    return [
        checks.Error(
            "ALLOWED_HOSTS must be set when DEBUG is off.",
            hint="Set ALLOWED_HOSTS to the portal's host names, comma-separated.",
            id="csp_portal.E001",
        )
    ]
