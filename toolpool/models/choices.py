"""The fixed choices a tool is described with; a condition report uses Condition too."""

from django.db import models


class Category(models.TextChoices):
    POWER = "power", "Power tools"
    HAND = "hand", "Hand tools"
    GARDEN = "garden", "Garden"
    LADDERS = "ladders", "Ladders & heights"
    CLEANING = "cleaning", "Cleaning"
    CAMPING = "camping", "Camping & outdoors"
    KITCHEN = "kitchen", "Kitchen & parties"
    VEHICLE = "vehicle", "Car & bike"
    OTHER = "other", "Other"


class Condition(models.TextChoices):
    LIKE_NEW = "new", "Like new"
    GOOD = "good", "Good"
    WORN = "worn", "Worn, works fine"
    NEEDS_REPAIR = "repair", "Needs repair"


class Service(models.TextChoices):
    """Whether a tool can be lent at all, whatever its wear; only Tool's steps change it."""

    OK = "ok", "In service"
    NEEDS_REPAIR = "repair", "Needs repair"
    OUT_OF_SERVICE = "out", "Out of service"


class AutoApprove(models.TextChoices):
    NOBODY = "nobody", "No, I decide every request"
    TRUSTED = "trusted", "Yes, for the people I trust"
    EVERYONE = "everyone", "Yes, for everyone"
