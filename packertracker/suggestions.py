"""What to bring on a new trip, learned from the trip it starts from and the member's past trips.

Every piece of evidence scores points, weighed by how much the trip it comes from is like the
new one: the trip the list starts from counts most, past trips in similar conditions (same
season, low temperature within a few degrees) count double, other past trips once. Used or
listed items score up, items marked "not needed" score down, missing items score up and are
added. An item is suggested ticked when it scores enough; the reasons say where it came from.
"""

from dataclasses import dataclass, field

from .models import MissingItem, Review, Trip, TripItem

SIMILAR_LOW_DEGREES = 5
SOURCE_WEIGHT = 3
SIMILAR_WEIGHT = 2
OTHER_WEIGHT = 1
TICKED_FROM_SCORE = 2


@dataclass
class Suggestion:
    key: str
    fields: dict
    gear_id: int | None = None
    score: int = 0
    reasons: list = field(default_factory=list)

    @property
    def name(self):
        return self.fields["name"]

    @property
    def ticked(self):
        return self.score >= TICKED_FROM_SCORE


def name_key(name):
    return name.strip().casefold()


def in_similar_conditions(past, trip):
    if past.season != trip.season:
        return False
    if past.expected_low_c is None or trip.expected_low_c is None:
        return True
    return abs(past.expected_low_c - trip.expected_low_c) <= SIMILAR_LOW_DEGREES


def weight_of(past, trip, source):
    if past.pk == source.pk:
        return SOURCE_WEIGHT
    return SIMILAR_WEIGHT if in_similar_conditions(past, trip) else OTHER_WEIGHT


def where(past, trip, source):
    if past.pk != source.pk and in_similar_conditions(past, trip):
        return f"{past.label} (similar conditions)"
    return past.label


def suggest_items(member, trip, source):
    """The suggested list for member on trip, starting from source (a past trip or template)."""
    history = {source.pk: source}
    history.update((past.pk, past) for past in Trip.objects.past_for(member).exclude(pk=trip.pk))
    names_on_list = trip.items.filter(member=member).values_list("name", flat=True)
    already_on_list = {name_key(name) for name in names_on_list}
    closet = {name_key(gear.name): gear for gear in member.closet.all()}
    closet_ids = {gear.pk for gear in closet.values()}
    suggestions = {}

    def weigh(key, past, points, reason):
        suggestion = suggestions[key]
        suggestion.score += points * weight_of(past, trip, source)
        suggestion.reasons.append(f"{reason} {where(past, trip, source)}")

    # Group gear claims are left out: the group gear list is claimed afresh on each trip.
    items = TripItem.objects.filter(member=member, trip__in=history, group_need=None)
    source_first = sorted(items.order_by("category", "name"), key=lambda i: i.trip_id != source.pk)
    for item in source_first:
        key = name_key(item.name)
        if key in already_on_list:
            continue
        past = history[item.trip_id]
        if past.pk == source.pk and key not in suggestions:
            gear_id = item.gear_id if item.gear_id in closet_ids else None
            suggestions[key] = Suggestion(key, item.gear_fields(), gear_id)
        if key not in suggestions:
            continue  # other trips' items only weigh in; the list starts from the source
        if item.review == Review.NOT_NEEDED:
            weigh(key, past, -1, "not needed on")
        elif item.review == Review.USED:
            weigh(key, past, 1, "used on")
        elif past.pk == source.pk:
            weigh(key, past, 1, "on your list for")

    for missing in MissingItem.objects.filter(member=member, trip__in=history):
        key = name_key(missing.name)
        if key in already_on_list:
            continue
        if key not in suggestions:
            gear = closet.get(key)
            if gear:
                suggestions[key] = Suggestion(key, gear.gear_fields(), gear.pk)
            else:
                fields = {"name": missing.name, "category": missing.category}
                suggestions[key] = Suggestion(key, fields)
        weigh(key, history[missing.trip_id], 1, "missing on")

    return sorted(
        suggestions.values(),
        key=lambda s: (not s.ticked, s.fields.get("category", ""), s.name.casefold()),
    )


def add_to_list(trip, member, suggestions):
    """Puts the confirmed suggestions on member's list for trip."""
    return TripItem.objects.bulk_create(
        TripItem(trip=trip, member=member, gear_id=s.gear_id, **s.fields) for s in suggestions
    )
