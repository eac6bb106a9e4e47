"""The Tool Pool's part of `manage.py demo_data`: tools with photos, loans in every state."""

from datetime import timedelta
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from .images import prepare_photo
from .models import (
    ConditionReport,
    Loan,
    Photo,
    QueueEntry,
    Service,
    Tool,
    TrustedBorrower,
    WantedTool,
)

TOOLS = [
    # owner, name, category, colour, description, where it is kept
    (
        "tom",
        "Cordless drill",
        "power",
        "#2b6a3b",
        "18 V, two batteries, bits.",
        "garage, blue case",
    ),
    ("tom", "Ladder, 3 m", "ladders", "#8a5a00", "Aluminium, folds in three.", "garage wall"),
    ("anna", "Hedge trimmer", "garden", "#4f7a28", "Electric, 25 m cable.", "shed"),
    ("anna", "Family tent", "camping", "#1f4a7a", "Sleeps four. Pegs in the small bag.", "attic"),
    ("lena", "Pressure washer", "cleaning", "#a3261b", "Patio brush included.", "cellar"),
    ("lena", "Jigsaw", "power", "#b8571b", "Spare blades in the case.", "cellar shelf"),
    ("ruth", "Tile cutter", "hand", "#56605a", "Cuts tiles up to 60 cm.", "garage"),
    ("ruth", "Party tables (2)", "kitchen", "#6a3b8a", "Folding, seat eight each.", "garage loft"),
    ("max", "Bike repair stand", "vehicle", "#2b5f6a", "With a torque wrench.", "basement"),
]


def add_demo_tools(members):
    tool = {name: _tool(members[owner], name, *rest) for owner, name, *rest in TOOLS}
    tom, anna, lena, ruth, max_, jo = (
        members[name] for name in ["tom", "anna", "lena", "ruth", "max", "jo"]
    )

    _loan(tool["Ladder, 3 m"], max_, 2, 4, Loan.Status.REQUESTED, "For the gutters, please!")
    _loan(tool["Hedge trimmer"], lena, 1, 3, Loan.Status.APPROVED, "The hedge is a jungle.")
    _loan(tool["Cordless drill"], anna, -2, 2, Loan.Status.OUT, "Shelves for the kids' room.")
    _loan(tool["Pressure washer"], max_, -10, -3, Loan.Status.OUT, "Cleaning the terrace.")
    _loan(tool["Tile cutter"], tom, -40, -33, Loan.Status.RETURNED, "Bathroom floor.")
    _loan(tool["Jigsaw"], ruth, -20, -18, Loan.Status.RETURNED, "Birdhouse for the garden.")
    _loan(tool["Party tables (2)"], jo, 5, 6, Loan.Status.DECLINED, "Garden party?")
    _loan(tool["Family tent"], tom, 10, 14, Loan.Status.CANCELLED, "Camping trip.")
    _loan(tool["Bike repair stand"], jo, 3, 5, Loan.Status.APPROVED, "Tuning my bike.")
    # Its owner finds it broken before the hand-over: the approved loan goes on hold.
    tool["Bike repair stand"].stop_lending(
        max_, Service.NEEDS_REPAIR, "The clamp slips; it needs a new spring."
    )

    QueueEntry.objects.create(tool=tool["Cordless drill"], member=jo)
    Tool.objects.filter(pk=tool["Family tent"].pk).update(auto_approve="trusted")
    TrustedBorrower.objects.create(owner=anna, borrower=tom)

    wanted = WantedTool.objects.create(
        asker=lena, what="Sewing machine", details="To shorten curtains next weekend."
    )
    wanted.answer(ruth, note="Mine is old but works; it is in the spare room.")
    WantedTool.objects.create(asker=tom, what="Snow chains for a small car")


def _tool(owner, name, category, colour, description, location):
    tool = Tool.objects.create(
        owner=owner, name=name, category=category, description=description, location=location
    )
    Photo.objects.add(tool, prepare_photo(_drawing(name, colour)), owner)
    return tool


def _drawing(name, colour):
    """A simple picture standing in for a photo: the tool's initial on its colour."""
    image = Image.new("RGB", (640, 480), colour)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((60, 60, 580, 420), radius=40, outline="white", width=12)
    draw.text((320, 220), name[0], fill="white", anchor="mm", font=ImageFont.load_default(200))
    draw.text((320, 370), name, fill="white", anchor="mm", font=ImageFont.load_default(36))
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile(f"{name}.png", buffer.getvalue(), content_type="image/png")


def _loan(tool, borrower, first, last, status, message):
    """A loan from ``first`` to ``last`` days from today, as it would be by now in ``status``."""
    today, now = timezone.localdate(), timezone.now()
    asked = now + timedelta(days=min(first, 0) - 3)
    steps = {}
    if status in (Loan.Status.APPROVED, Loan.Status.OUT, Loan.Status.RETURNED):
        steps.update(decided_by=tool.owner, decided_at=asked + timedelta(hours=5))
    if status in (Loan.Status.OUT, Loan.Status.RETURNED):
        steps["handed_over_at"] = now + timedelta(days=first)
    if status == Loan.Status.RETURNED:
        steps["returned_at"] = now + timedelta(days=last)
        steps["return_check"] = Loan.ReturnCheck.CONFIRMED
    loan = Loan.objects.create(
        tool=tool,
        borrower=borrower,
        start=today + timedelta(days=first),
        end=today + timedelta(days=last),
        message=message,
        status=status,
        requested_at=asked,
        **steps,
    )
    if "handed_over_at" in steps:
        ConditionReport.objects.file(
            loan, ConditionReport.Kind.HAND_OVER, tool.owner, "good", "Clean and complete.", []
        )
    if "returned_at" in steps:
        ConditionReport.objects.file(
            loan, ConditionReport.Kind.RETURN, tool.owner, "worn", "A scratch on the case.", []
        )
    return loan
