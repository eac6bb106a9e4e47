"""Tool Pool: the tools the family lends each other, and the loans that move them around.

Every change to a tool's loans first locks the tool's row (``Tool.lock``) inside a
transaction, so two decisions about the same tool happen one after the other and the second
one sees the first: that is what keeps a tool from being promised twice.

One module per part of the domain; everything is importable from ``toolpool.models``.
"""

from .choices import AutoApprove, Category, Condition, Service
from .lending import (
    CLAIM_DAYS,
    DUE_SOON_DAYS,
    LendingRefused,
    day,
    describe_free_days,
)
from .loans import ConditionReport, Loan
from .maintenance import MaintenanceEntry
from .photos import Photo, photo_path
from .queue import QueueEntry
from .tools import Tool
from .trust import TrustedBorrower
from .wanted import WantedAnswer, WantedTool

__all__ = [
    "CLAIM_DAYS",
    "DUE_SOON_DAYS",
    "AutoApprove",
    "Category",
    "Condition",
    "ConditionReport",
    "LendingRefused",
    "Loan",
    "MaintenanceEntry",
    "Photo",
    "QueueEntry",
    "Service",
    "Tool",
    "TrustedBorrower",
    "WantedAnswer",
    "WantedTool",
    "day",
    "describe_free_days",
    "photo_path",
]
