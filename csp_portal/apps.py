from django.apps import AppConfig


class CspPortalConfig(AppConfig):
    name = "csp_portal"
    verbose_name = "Portal"
