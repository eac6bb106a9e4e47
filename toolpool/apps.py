from django.apps import AppConfig


class ToolpoolConfig(AppConfig):
    name = "toolpool"
    verbose_name = "Tool Pool"

    def ready(self):
        from . import deactivation  # noqa: F401
