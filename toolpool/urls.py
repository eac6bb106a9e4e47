from django.urls import path

from . import import_views, label_views, views

app_name = "toolpool"

urlpatterns = [
    path("tools/", views.tool_list, name="tool_list"),
    path("tools/new/", views.tool_create, name="tool_create"),
    path("tools/<int:pk>/", views.tool_detail, name="tool_detail"),
    path("tools/<int:pk>/edit/", views.tool_edit, name="tool_edit"),
    path("tools/<int:pk>/archive/", views.tool_step, {"step": "archive"}, name="tool_archive"),
    path("tools/<int:pk>/restore/", views.tool_step, {"step": "restore"}, name="tool_restore"),
    path("tools/<int:pk>/delete/", views.tool_delete, name="tool_delete"),
    path("tools/<int:pk>/give/", views.tool_give, name="tool_give"),
    path("tools/<int:pk>/label/", label_views.tool_label, name="tool_label"),
    path("tools/<int:pk>/scan/", label_views.tool_scan, name="tool_scan"),
    path("tools/labels/", label_views.label_sheet, name="label_sheet"),
    path("tools/import/", import_views.import_tools, name="import_tools"),
    path("tools/import/confirm/", import_views.confirm_import, name="confirm_import"),
    path("tools/mine.csv", import_views.export_my_tools, name="export_my_tools"),
    path("tools/<int:pk>/history/", views.tool_history, name="tool_history"),
    path("tools/<int:pk>/maintenance/", views.tool_maintenance, name="tool_maintenance"),
    path("tools/<int:pk>/stop-lending/", views.tool_stop_lending, name="tool_stop_lending"),
    path("tools/<int:pk>/borrow/", views.borrow, name="borrow"),
    path("tools/<int:pk>/queue/join/", views.tool_step, {"step": "join_queue"}, name="join_queue"),
    path(
        "tools/<int:pk>/queue/leave/", views.tool_step, {"step": "leave_queue"}, name="leave_queue"
    ),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("photos/<int:pk>/thumbnail/", views.photo, {"thumbnail": True}, name="photo_thumbnail"),
    path("photos/<int:pk>/delete/", views.photo_delete, name="photo_delete"),
    path("loans/<int:pk>/", views.loan_detail, name="loan_detail"),
    path("loans/<int:pk>/approve/", views.decide_loan, {"decision": "approve"}, name="approve"),
    path("loans/<int:pk>/decline/", views.decide_loan, {"decision": "decline"}, name="decline"),
    path("loans/<int:pk>/cancel/", views.decide_loan, {"decision": "cancel"}, name="cancel"),
    path(
        "loans/<int:pk>/confirm-return/",
        views.decide_loan,
        {"decision": "confirm_return"},
        name="confirm_return",
    ),
    path("loans/<int:pk>/dispute-return/", views.dispute_return, name="dispute_return"),
    path("loans/<int:pk>/hand-over/", views.hand_over, name="hand_over"),
    path("loans/<int:pk>/return/", views.return_loan, name="return"),
    path("loans/<int:pk>/extend/", views.extend_loan, name="extend"),
    path("members/<int:pk>/history/", views.member_history, name="member_history"),
    path("loans/mine/<slug:section>/", views.my_loans, name="my_loans"),
    path("trusted/", views.trusted_borrowers, name="trusted_borrowers"),
    path("wanted/", views.wanted_list, name="wanted_list"),
    path("wanted/<int:pk>/", views.wanted_detail, name="wanted_detail"),
    path("wanted/<int:pk>/solved/", views.wanted_solved, name="wanted_solved"),
    path("export/tools.csv", views.export_tools, name="export_tools"),
    path("export/loans.csv", views.export_loans, name="export_loans"),
]
