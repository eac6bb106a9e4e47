from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-in/forgot/", views.forgot_password, name="forgot_password"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("sign-in-link/<str:token>/", views.sign_in_link, name="sign_in_link"),
    path("me/", views.profile, name="profile"),
    path("me/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("people/", views.people, name="people"),
    path("people/invitations/<int:pk>/revoke/", views.revoke_invitation, name="revoke_invitation"),
    path("people/<int:pk>/", views.edit_member, name="edit_member"),
    path("people/<int:pk>/sign-in-link/", views.make_sign_in_link, name="make_sign_in_link"),
    path("people/sign-in-links/<int:pk>/", views.show_sign_in_link, name="show_sign_in_link"),
    path(
        "people/sign-in-links/<int:pk>/revoke/",
        views.revoke_sign_in_link,
        name="revoke_sign_in_link",
    ),
    path("people/<int:pk>/deactivate/", views.deactivate_member, name="deactivate_member"),
    path("people/<int:pk>/reactivate/", views.reactivate_member, name="reactivate_member"),
    path("audit/", views.audit_log, name="audit_log"),
]
