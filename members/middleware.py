from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import render

from .backends import OverlayIdentityBackend
from .models import ZITI_IDENTITY_MAX_BYTES, Member, arrives_whole

# Pages an overlay caller may see even when their device is linked to no member.
OPEN_PATH_PREFIXES = ("/healthz", "/static/")


class OverlayIdentityMiddleware:
    """Makes the member linked to the caller's overlay identity the request's user.

    Only run_ziti.py puts the identity into the WSGI environ; under any other server the key
    is absent and password sign-in works as usual. The identity is checked on every request
    instead of being turned into a session, so requests over the overlay write nothing: no
    session row, no last_login, no sign-in audit or django-axes row per request. Only the first
    request from a new device identity is noted, once (Member.note_signed_in_by).
    """

    backend = OverlayIdentityBackend()

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        identity = request.environ.get(settings.OVERLAY_IDENTITY_ENVIRON_KEY)
        request.overlay_identity = identity
        if identity is None:
            return self.get_response(request)

        # The backend itself, not auth.authenticate(): that would count every request from an
        # unlinked device as a failed password sign-in (an axes row and an audit row each).
        member = self.backend.authenticate(request, overlay_identity=identity)
        # The identity wins over any session cookie that came along, which stays untouched.
        request.user = member or AnonymousUser()
        request.auser = self.same_user(request.user)
        # Health checks and assets: for anyone, and never a sign-in, so they never write.
        if request.path.startswith(OPEN_PATH_PREFIXES):
            return self.get_response(request)
        if member is None:
            context = {
                "identity": identity,
                "name_too_long": not arrives_whole(identity),
                "name_limit": ZITI_IDENTITY_MAX_BYTES,
                "admins": Member.objects.admin_names(),
            }
            return render(request, "members/device_not_linked.html", context, status=403)
        member.note_signed_in_by(identity)
        return self.get_response(request)

    @staticmethod
    def same_user(user):
        """request.auser for async code, which would otherwise read the session's member."""

        async def auser():
            return user

        return auser
