from django.apps import AppConfig


class ToolpoolConfig(AppConfig):
    name = "toolpool"
    verbose_name = "Tool Pool"
