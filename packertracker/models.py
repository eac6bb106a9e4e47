from collections import defaultdict
from dataclasses import dataclass
from math import ceil

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone

from family_tools.forms import END_BEFORE_START
from toolpool.models import LendingRefused, Loan, lending

from . import notices

# Limits that catch typos (a tent of 25 kg, 500 stoves) rather than real gear.
MAX_QUANTITY = 99
MAX_WEIGHT_GRAMS = 50_000
MAX_TRIP_DAYS = 366
MAX_PRICE = 99_999
# A borrowed tool covers a group need while its loan can still happen (or is happening).
LIVE_LOAN_STATES = [
    Loan.Status.REQUESTED,
    Loan.Status.APPROVED,
    Loan.Status.OUT,
    Loan.Status.RETURNED,
]


class Season(models.TextChoices):
    SPRING = "spring", "Spring"
    SUMMER = "summer", "Summer"
    AUTUMN = "autumn", "Autumn"
    WINTER = "winter", "Winter"


class Review(models.TextChoices):
    USED = "used", "Used"
    NOT_NEEDED = "not_needed", "Not needed"


class GearFields(models.Model):
    """What describes a piece of gear, in the closet and on a trip list alike."""

    name = models.CharField(max_length=100)
    category = models.CharField(max_length=60, blank=True, help_text="e.g. Shelter, Kitchen.")
    weight_grams = models.PositiveIntegerField(
        "weight (g)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_WEIGHT_GRAMS)],
        help_text="Of one piece, in grams. Leave empty if you don't know.",
    )
    quantity = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_QUANTITY)]
    )
    notes = models.CharField(max_length=200, blank=True)
    worn = models.BooleanField(default=False, help_text="On your body, not in the pack.")
    consumable = models.BooleanField(default=False, help_text="Food, fuel, water: used up.")
    link = models.URLField(
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    price = models.DecimalField(
        "price (€)",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_PRICE)],
    )

    GEAR_FIELD_NAMES = [
        "name",
        "category",
        "weight_grams",
        "quantity",
        "notes",
        "worn",
        "consumable",
        "link",
        "price",
    ]

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def gear_fields(self):
        return {name: getattr(self, name) for name in self.GEAR_FIELD_NAMES}

    @property
    def total_weight(self):
        return None if self.weight_grams is None else self.weight_grams * self.quantity


class GearItem(GearFields):
    """A piece of reusable gear in a member's closet, described once for all trips."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="closet"
    )

    class Meta:
        ordering = ["category", "name"]
        constraints = [
            models.UniqueConstraint("owner", Lower("name"), name="unique_gear_name_per_owner")
        ]


class Kit(models.Model):
    """A bundle of closet gear that goes along together, like the first-aid kit."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kits"
    )
    name = models.CharField(max_length=100)
    items = models.ManyToManyField(GearItem, related_name="kits")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("owner", Lower("name"), name="unique_kit_name_per_owner")
        ]

    def __str__(self):
        return self.name


def today():
    return timezone.localdate()


class TripQuerySet(models.QuerySet):
    def visible_to(self, member):
        """The trips member is on. A personal trip's only participant is its organizer."""
        if not member.is_authenticated:
            return self.none()
        return self.filter(participants=member)

    def upcoming_for(self, member):
        trips = self.visible_to(member).filter(is_template=False, end_date__gte=today())
        return trips.order_by("start_date", "pk")

    def past_for(self, member):
        trips = self.visible_to(member).filter(is_template=False, end_date__lt=today())
        return trips.order_by("-end_date", "-pk")

    def templates_for(self, member):
        return self.visible_to(member).filter(is_template=True).order_by("name")

    def starting_points_for(self, member):
        """What a new list can grow from: the member's templates and trips that are over."""
        trips = self.visible_to(member).filter(Q(is_template=True) | Q(end_date__lt=today()))
        return trips.order_by("-is_template", "-end_date", "name")


class Trip(models.Model):
    name = models.CharField(max_length=100)
    place = models.CharField(max_length=100, blank=True)
    start_date = models.DateField()
    end_date = models.DateField()
    season = models.CharField(max_length=10, choices=Season.choices)
    expected_low_c = models.SmallIntegerField(
        "expected low (°C)",
        null=True,
        blank=True,
        validators=[MinValueValidator(-60), MaxValueValidator(45)],
        help_text="The coldest it may get at night.",
    )
    notes = models.TextField(blank=True)
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organized_trips"
    )
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="trips")
    is_shared = models.BooleanField(
        "shared trip",
        default=False,
        help_text="You can invite others; everybody on it sees what the others bring.",
    )
    is_template = models.BooleanField(
        "template",
        default=False,
        help_text="A starting point for new trips, like “Summer weekend”.",
    )
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = TripQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="trip_ends_after_it_starts"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("packertracker:trip_detail", args=[self.pk])

    def clean(self):
        if self.start_date and self.end_date:
            if self.end_date < self.start_date:
                raise ValidationError({"end_date": END_BEFORE_START})
            if (self.end_date - self.start_date).days > MAX_TRIP_DAYS:
                raise ValidationError({"end_date": "A trip can last a year at the most."})

    @property
    def label(self):
        """How suggestions name the trip: “Lake trip, June 2026”."""
        if self.is_template:
            return f"template “{self.name}”"
        return f"{self.name}, {self.start_date:%B %Y}"

    @property
    def has_ended(self):
        return self.end_date < today()

    @property
    def review_is_open(self):
        return self.has_ended and not self.is_template

    def is_organized_by(self, member):
        return self.organizer_id == member.pk

    @classmethod
    @transaction.atomic
    def create_for(cls, organizer, based_on=None, **fields):
        """A new trip; one based on another takes over its group gear list.

        Each participant's own list is built separately, from suggestions they confirm.
        """
        trip = cls.objects.create(organizer=organizer, based_on=based_on, **fields)
        trip.participants.add(organizer)
        if based_on is not None:
            GroupNeed.objects.bulk_create(
                GroupNeed(
                    trip=trip,
                    name=need.name,
                    amount=need.amount,
                    per_people=need.per_people,
                    added_by=organizer,
                )
                for need in based_on.group_needs.all()
            )
        return trip

    @transaction.atomic
    def add_participant(self, member):
        if not self.is_shared:
            raise ValueError("A personal trip has no other participants.")
        if not self.participants.filter(pk=member.pk).exists():
            self.participants.add(member)
            notices.tell_invited(self, member)

    @transaction.atomic
    def remove_participant(self, member):
        """Their list, claims and review go with them: they can no longer see the trip."""
        if self.is_organized_by(member):
            raise ValueError("The organizer stays on the trip.")
        self.items.filter(member=member).delete()
        self.missing_items.filter(member=member).delete()
        self.participants.remove(member)

    def ordered_participants(self):
        """The organizer first, then everybody else by name."""
        participants = list(self.participants.all())
        participants.sort(key=lambda member: member.pk != self.organizer_id)
        return participants

    def packing_lists(self):
        """Each participant's items with their packing progress, in two queries."""
        items = self.items.select_related(*TripItem.ROW_RELATIONS).order_by(
            "category", "name", "pk"
        )
        by_member = {member.pk: PackingList(member, []) for member in self.ordered_participants()}
        for item in items:
            by_member[item.member_id].items.append(item)
        return list(by_member.values())

    def packing_list_of(self, member):
        items = self.items.filter(member=member).select_related(*TripItem.ROW_RELATIONS)
        return PackingList(member, list(items.order_by("category", "name", "pk")))

    def group_gear_status(self):
        """What the group needs, with how many are needed and claimed, and who claimed them."""
        participant_count = self.participants.count()
        counted = Q(claims__loan=None) | Q(claims__loan__status__in=LIVE_LOAN_STATES)
        claims = TripItem.objects.filter(Q(loan=None) | Q(loan__status__in=LIVE_LOAN_STATES))
        needs = list(
            self.group_needs.annotate(claimed=Coalesce(Sum("claims__quantity", filter=counted), 0))
            .prefetch_related(models.Prefetch("claims", claims.select_related("member", "loan")))
            .order_by(Lower("name"))
        )
        for need in needs:
            need.needed = need.needed_for(participant_count)
        return needs

    @transaction.atomic
    def add_gear(self, member, gear_items):
        """Puts closet gear on member's list; gear already on it is not added twice."""
        on_list = set(self.items.filter(member=member).values_list("gear_id", flat=True))
        new_gear = [gear for gear in gear_items if gear.pk not in on_list]
        TripItem.objects.bulk_create(
            TripItem(trip=self, member=member, gear=gear, **gear.gear_fields()) for gear in new_gear
        )
        return new_gear

    def weight_report(self):
        """Per participant: their weight totals, and the same per category, in two queries."""
        totals = {row["member"]: row for row in self.items.weight_totals("member")}
        by_category = defaultdict(list)
        for row in self.items.weight_totals("member", "category"):
            by_category[row["member"]].append(row)
        return [
            WeightReport(member, totals.get(member.pk, NO_WEIGHT), by_category[member.pk])
            for member in self.ordered_participants()
        ]

    @property
    def loan_dates(self):
        """The days a tool borrowed for this trip is needed: from today if it has begun."""
        return max(self.start_date, today()), self.end_date

    @property
    def why_no_borrowing(self):
        """Why tools cannot be borrowed for this trip, or "" when they can."""
        if self.is_template:
            return "A template has no real dates; borrow tools for the trip you plan from it."
        if self.has_ended:
            return "This trip is over."
        try:
            lending.check_new_loan_dates(*self.loan_dates)
        except LendingRefused as refusal:
            # The loan starts today at the earliest, so only "too far ahead" can be its start's.
            return {
                "start": "This trip is more than a year away; borrow tools nearer the time.",
                "end": f"A loan lasts at most {lending.MAX_LOAN_DAYS} days; this trip is longer.",
            }[refusal.field]
        return ""

    @transaction.atomic
    def borrow_tool(self, member, tool, message="", need=None):
        """Asks the tool's owner to lend it for the trip, and puts it on member's list.

        Borrowed for one of the group's needs, it counts as member's claim on it for as long
        as the loan is asked for, approved or out (not once declined or cancelled).

        Tool Pool's own rules apply too (free on those days, lendable, not one's own tool).
        Any refusal raises toolpool's LendingRefused with the reason, and nothing is added.
        """
        if self.why_no_borrowing:
            raise LendingRefused(self.why_no_borrowing)
        start, end = self.loan_dates
        loan = tool.ask_to_borrow(member, start, end, message or f"For the trip “{self}”.")
        if need is not None and need.trip_id != self.pk:
            raise ValueError("The need is another trip's.")
        return TripItem.objects.create(
            trip=self,
            member=member,
            name=tool.name,
            category="Borrowed",
            loan=loan,
            group_need=need,
        )

    @transaction.atomic
    def apply_ticks(self, member, ticks):
        """Packing ticks sent together (made offline), oldest first; the newest per item wins.

        ticks are (item id, packed, made at). Ticks for items that are not on member's list
        of this trip (deleted since, or somebody else's) are left out. Returns member's items
        that were ticked, by id, each with the state now saved.
        """
        ticks = sorted(ticks, key=lambda tick: tick[2])
        items = self.items.filter(member=member, pk__in={tick[0] for tick in ticks})
        items = {item.pk: item for item in items}
        for item_pk, packed, ticked_at in ticks:
            if item_pk in items:
                items[item_pk].set_packed(packed, ticked_at)
        return items

    def review_summary(self):
        """The group's review: per item name, how many used it and how many did not need it."""
        rows = (
            self.items.exclude(review="")
            .annotate(key=Lower("name"))
            .values("key")
            .annotate(
                name=models.Min("name"),
                used=Count("pk", filter=Q(review=Review.USED)),
                not_needed=Count("pk", filter=Q(review=Review.NOT_NEEDED)),
            )
            .order_by("-not_needed", "key")
        )
        return list(rows)


@dataclass
class PackingList:
    member: object
    items: list

    @property
    def packed_count(self):
        return sum(item.packed for item in self.items)

    @property
    def unpacked_items(self):
        return [item for item in self.items if not item.packed]

    @property
    def percent_packed(self):
        return round(100 * self.packed_count / len(self.items)) if self.items else 0

    @property
    def is_fully_packed(self):
        return bool(self.items) and self.packed_count == len(self.items)


NO_WEIGHT = {
    "total_grams": 0,
    "worn_grams": 0,
    "consumable_grams": 0,
    "base_grams": 0,
    "unweighed": 0,
}


@dataclass
class WeightReport:
    member: object
    totals: dict
    categories: list


class GroupNeed(models.Model):
    """Something the group shares: one tent per three people, two stoves."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="group_needs")
    name = models.CharField(max_length=100)
    amount = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_QUANTITY)]
    )
    per_people = models.BooleanField(
        default=False, help_text="Amount is people per item (one per N people), not a count."
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("trip", Lower("name"), name="unique_group_need_per_trip")
        ]

    def __str__(self):
        return self.name

    def needed_for(self, participant_count):
        if self.per_people:
            return ceil(participant_count / self.amount)
        return self.amount

    @property
    def rule(self):
        if self.per_people:
            return "one per person" if self.amount == 1 else f"one per {self.amount} people"
        return f"{self.amount} in total"

    @property
    def state(self):
        """Set by Trip.group_gear_status(), which knows the head count."""
        if self.claimed == 0:
            return "unclaimed"
        if self.claimed < self.needed:
            return "short"
        if self.claimed > self.needed:
            return "over"
        return "covered"

    def can_be_removed_by(self, member):
        return self.trip.is_organized_by(member) or self.added_by_id == member.pk

    def claim(self, member, quantity, gear=None):
        """Adds the claim to member's own list, where it is packed and weighed like the rest."""
        fields = gear.gear_fields() if gear else {"name": self.name, "category": "Group gear"}
        fields["quantity"] = quantity
        return TripItem.objects.create(
            trip=self.trip, member=member, group_need=self, gear=gear, **fields
        )


class TripItemQuerySet(models.QuerySet):
    def weight_totals(self, *group_by):
        """Grams per group: total, worn, consumable, and base (what is left to carry).

        Base weight is the ultralight definition: total minus worn minus consumable. An item
        that is both worn and consumable counts as worn only, so nothing is subtracted twice.
        """
        weight = F("weight_grams") * F("quantity")
        return (
            self.values(*group_by)
            .annotate(
                total_grams=Coalesce(Sum(weight), 0),
                worn_grams=Coalesce(Sum(weight, filter=Q(worn=True)), 0),
                consumable_grams=Coalesce(Sum(weight, filter=Q(consumable=True, worn=False)), 0),
                base_grams=Coalesce(Sum(weight, filter=Q(worn=False, consumable=False)), 0),
                unweighed=Count("pk", filter=Q(weight_grams=None)),
            )
            .order_by(*group_by)
        )


class TripItem(GearFields):
    """One line on a participant's list for a trip; a claim on group gear is one too."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="items")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trip_items"
    )
    gear = models.ForeignKey(
        GearItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    group_need = models.ForeignKey(
        GroupNeed, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    loan = models.ForeignKey(
        "toolpool.Loan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trip_items",
        help_text="Borrowed from the Tool Pool for this trip.",
    )
    packed = models.BooleanField(default=False)
    packed_changed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the tick that set packed was made, by the clock of the device.",
    )
    review = models.CharField(max_length=12, choices=Review.choices, blank=True)

    objects = TripItemQuerySet.as_manager()

    # What an item's row on the trip page shows besides the item itself.
    ROW_RELATIONS = ["group_need", "loan__tool__owner"]

    class Meta:
        ordering = ["category", "name", "pk"]

    @transaction.atomic
    def set_packed(self, packed, ticked_at=None):
        """Applies a packing tick made at ticked_at (now if not given); the newest tick wins.

        Sets, never toggles: sending the same tick twice leaves the same state. A tick made on
        a phone without a connection arrives later, with the time it was made: when another
        device ticked the item since, the older tick changes nothing. A time in the future (a
        phone's clock ahead) counts as now, so no tick can lock an item against later ones.
        Returns whether the tick changed the saved state's time; self holds the saved state.
        """
        now = timezone.now()
        ticked_at = min(ticked_at or now, now)
        saved = TripItem.objects.select_for_update().only("packed", "packed_changed_at")
        saved = saved.get(pk=self.pk)
        if saved.packed_changed_at is not None and ticked_at < saved.packed_changed_at:
            self.packed, self.packed_changed_at = saved.packed, saved.packed_changed_at
            return False
        self.packed, self.packed_changed_at = packed, ticked_at
        TripItem.objects.filter(pk=self.pk).update(packed=packed, packed_changed_at=ticked_at)
        return True

    @transaction.atomic
    def save_to_closet(self):
        self.gear = GearItem.objects.create(owner=self.member, **self.gear_fields())
        self.save(update_fields=["gear"])


class MissingItem(models.Model):
    """After a trip: something a participant wished they had brought."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="missing_items")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField("what was missing", max_length=100)
    category = models.CharField(max_length=60, blank=True)
    note = models.CharField(max_length=200, blank=True, help_text="Why you missed it.")

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name
