from django.conf import settings
from django.contrib.auth import login, logout
from django.shortcuts import render

from .models import ZITI_IDENTITY_MAX_BYTES, Member, arrives_whole

# Pages an overlay caller may see even when their device is linked to no member.
OPEN_PATH_PREFIXES = ("/healthz", "/static/")


class OverlayIdentityMiddleware:
    """Signs in the member linked to the caller's overlay identity.

    Only run_ziti.py puts the identity into the WSGI environ; under any other server the key
    is absent and password sign-in works as usual.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        identity = request.environ.get(settings.OVERLAY_IDENTITY_ENVIRON_KEY)
        if identity is None:
            return self.get_response(request)

        request.overlay_identity = identity
        member = None
        # A name the SDK may have cut short is nobody's: it could be another member's prefix.
        if arrives_whole(identity):
            member = Member.objects.with_identity(identity).filter(is_active=True).first()
        if member is None:
            if request.user.is_authenticated:
                logout(request)
            if request.path.startswith(OPEN_PATH_PREFIXES):
                return self.get_response(request)
            admins = Member.objects.filter(is_staff=True, is_active=True)
            context = {
                "identity": identity,
                "name_too_long": not arrives_whole(identity),
                "name_limit": ZITI_IDENTITY_MAX_BYTES,
                "admins": admins,
            }
            return render(request, "members/device_not_linked.html", context, status=403)
        if request.user.pk != member.pk:
            login(request, member, backend="django.contrib.auth.backends.ModelBackend")
        return self.get_response(request)
