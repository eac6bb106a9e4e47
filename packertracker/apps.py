from django.apps import AppConfig


class PackertrackerConfig(AppConfig):
    name = "packertracker"
    verbose_name = "Packer Tracker"
