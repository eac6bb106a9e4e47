"""Demo trips for `manage.py demo_data`: closets, kits, a reviewed past trip and the next one.

The upcoming trip is built the way a member builds one: from the past trip, through the same
suggestions they would confirm, so the demo shows what the review was for.
"""

from collections.abc import Mapping
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import GearItem, Kit, Review, Trip
from .suggestions import add_to_list, suggest_items

PAST_TRIP_NAME = "Lake weekend"

# name, category, grams, quantity, worn, consumable
CLOSET = [
    ("Backpack 50 l", "Packing", 1150, 1, False, False),
    ("Sleeping bag", "Sleep", 900, 1, False, False),
    ("Sleeping mat", "Sleep", 480, 1, False, False),
    ("Pillow", "Sleep", 120, 1, False, False),
    ("Rain jacket", "Clothing", 310, 1, False, False),
    ("Fleece", "Clothing", 350, 1, False, False),
    ("Hiking boots", "Clothing", 1100, 1, True, False),
    ("Headlamp", "Electronics", 80, 1, False, False),
    ("Power bank", "Electronics", 210, 1, False, False),
    ("Water bottle", "Kitchen", 90, 2, False, False),
    ("Trail food", "Food", 600, 1, False, True),
]
KITS = {
    "First-aid kit": [("Plasters", 20), ("Bandage", 60), ("Tick tweezers", 10)],
    "Kitchen box": [("Pot 1.3 l", 220), ("Sporks", 15), ("Gas canister", 360)],
}


def member_list(members):
    """demo_data may pass members as a dict by username or as a list; both work."""
    return list(members.values()) if isinstance(members, Mapping) else list(members)


def fill_closet(member):
    # A member who has some of this gear already keeps their own (ignore_conflicts).
    gear = (
        GearItem(
            owner=member,
            name=name,
            category=category,
            weight_grams=grams,
            quantity=quantity,
            worn=worn,
            consumable=consumable,
        )
        for name, category, grams, quantity, worn, consumable in CLOSET
    )
    GearItem.objects.bulk_create(gear, ignore_conflicts=True)


def add_kits(member):
    for kit_name, contents in KITS.items():
        kit = Kit.objects.create(owner=member, name=kit_name)
        category = "First aid" if kit_name == "First-aid kit" else "Kitchen"
        gear = GearItem.objects.bulk_create(
            GearItem(owner=member, name=name, category=category, weight_grams=grams)
            for name, grams in contents
        )
        kit.items.set(gear)


def plan_past_trip(organizer, others, today):
    trip = Trip.create_for(
        organizer,
        name=PAST_TRIP_NAME,
        place="Walchensee, north shore",
        start_date=today - timedelta(days=45),
        end_date=today - timedelta(days=43),
        season="summer",
        expected_low_c=9,
        notes="Two nights at the campsite, canoe on Saturday.",
        is_shared=True,
    )
    for member in others:
        trip.add_participant(member)
    tent = trip.group_needs.create(name="Tent", amount=2, per_people=True, added_by=organizer)
    stove = trip.group_needs.create(name="Stove", amount=1, added_by=organizer)
    trip.group_needs.create(name="Water filter", amount=1, added_by=organizer)
    everybody = [organizer, *others]
    for member in everybody:
        trip.add_gear(member, member.closet.all())
        tent.claim(member, 1)
    stove.claim(organizer, 1)
    return trip


def review_past_trip(trip, organizer, others):
    """Everybody packed and reviewed: the pillows stayed unused, rain gear was missed."""
    trip.items.update(packed=True, review=Review.USED)
    trip.items.filter(name__in=["Pillow", "Power bank"]).update(review=Review.NOT_NEEDED)
    trip.missing_items.create(
        member=organizer, name="Rain trousers", category="Clothing", note="It poured on Sunday."
    )
    trip.missing_items.create(member=organizer, name="Mosquito repellent", category="Toiletries")
    for member in others:
        trip.missing_items.create(member=member, name="Warm hat", category="Clothing")


def plan_next_trip(past, organizer, others, today):
    """The next trip, started from the past one: the same path as the “Start from” form."""
    trip = Trip.create_for(
        organizer,
        based_on=past,
        name="Lake weekend again",
        place=past.place,
        start_date=today + timedelta(days=12),
        end_date=today + timedelta(days=14),
        season=past.season,
        expected_low_c=7,
        is_shared=True,
    )
    for member in others:
        trip.add_participant(member)
    for member in [organizer, *others]:
        ticked = [s for s in suggest_items(member, trip, past) if s.ticked]
        add_to_list(trip, member, ticked)
    trip.items.filter(member=organizer, category__in=["Sleep", "Packing"]).update(packed=True)
    return trip


def add_summer_template(organizer):
    template = Trip.create_for(
        organizer,
        name="Summer weekend",
        start_date=timezone.localdate(),
        end_date=timezone.localdate() + timedelta(days=2),
        season="summer",
        expected_low_c=12,
        is_template=True,
        notes="The basics for two nights out in summer.",
    )
    template.add_gear(organizer, organizer.closet.exclude(name__in=["Pillow", "Fleece"]))
    return template


@transaction.atomic
def add_demo_trips(members):
    """Adds the demo trips for the first members (the first organizes); skips if present.

    members: a dict of Member by username, or a list of Members; at least two are needed.
    """
    people = member_list(members)[:4]
    organizer, others = people[0], people[1:]
    if not others or Trip.objects.filter(organizer=organizer, name=PAST_TRIP_NAME).exists():
        return []
    today = timezone.localdate()
    for member in people:
        fill_closet(member)
    add_kits(organizer)
    past = plan_past_trip(organizer, others, today)
    review_past_trip(past, organizer, others)
    return [past, plan_next_trip(past, organizer, others, today), add_summer_template(organizer)]
