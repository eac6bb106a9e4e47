from django.urls import path

from .views import borrow, closet, group_gear, lists, offline, review, transfer, trips, weights

app_name = "packertracker"

trip = "<int:pk>/"
item = "<int:pk>/items/<int:item_pk>/"
need = "<int:pk>/group-gear/<int:need_pk>/"

urlpatterns = [
    path("", trips.trip_list, name="trip_list"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("new/", trips.trip_create, name="trip_create"),
    path(trip, trips.trip_detail, name="trip_detail"),
    path(trip + "edit/", trips.trip_edit, name="trip_edit"),
    path(trip + "delete/", trips.trip_delete, name="trip_delete"),
    path(trip + "participants/", trips.participant_add, name="participant_add"),
    path(
        trip + "participants/<int:member_pk>/remove/",
        trips.participant_remove,
        name="participant_remove",
    ),
    path(trip + "add/", lists.add_items, name="add_items"),
    path(trip + "add/closet/", lists.pick_from_closet, name="pick_from_closet"),
    path(trip + "add/item/", lists.item_create, name="item_create"),
    path(item + "edit/", lists.item_edit, name="item_edit"),
    path(item + "delete/", lists.item_delete, name="item_delete"),
    path(item + "packed/", lists.item_packed, name="item_packed"),
    path(trip + "ticks/", lists.ticks, name="ticks"),
    path(trip + "unpacked/", lists.unpacked, name="unpacked"),
    path(trip + "suggestions/", lists.suggestions, name="suggestions"),
    path(trip + "group-gear/", group_gear.group_gear, name="group_gear"),
    path(trip + "group-gear/add/", group_gear.need_add, name="need_add"),
    path(need + "claim/", group_gear.need_claim, name="need_claim"),
    path(need + "delete/", group_gear.need_delete, name="need_delete"),
    path(trip + "weights/", weights.weights, name="weights"),
    path(trip + "review/", review.review, name="review"),
    path(trip + "review/missing/", review.missing_add, name="missing_add"),
    path(
        trip + "review/missing/<int:missing_pk>/delete/",
        review.missing_delete,
        name="missing_delete",
    ),
    path(trip + "checklist/", transfer.checklist, name="checklist"),
    path(trip + "export.csv", transfer.export_csv, name="export_csv"),
    path(trip + "import/", transfer.import_csv, name="import_csv"),
    path(trip + "borrow/", borrow.borrow_tool, name="borrow_tool"),
    path("closet/", closet.closet, name="closet"),
    path("closet/new/", closet.gear_edit, name="gear_create"),
    path("closet/<int:pk>/", closet.gear_edit, name="gear_edit"),
    path("closet/<int:pk>/delete/", closet.gear_delete, name="gear_delete"),
    path("kits/new/", closet.kit_edit, name="kit_create"),
    path("kits/<int:pk>/", closet.kit_edit, name="kit_edit"),
    path("kits/<int:pk>/delete/", closet.kit_delete, name="kit_delete"),
]
