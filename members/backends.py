from django.contrib.auth.backends import BaseBackend

from .models import Member, arrives_whole


class OverlayIdentityBackend(BaseBackend):
    """Who an overlay caller is: the active member linked to their Ziti identity name.

    A name the SDK may have cut short is nobody's, so it can never match the member linked to
    a name that happens to begin the same way.
    """

    def authenticate(self, request, overlay_identity=None):
        if overlay_identity is None or not arrives_whole(overlay_identity):
            return None
        return Member.objects.with_identity(overlay_identity).filter(is_active=True).first()

    def get_user(self, user_id):
        return Member.objects.filter(pk=user_id, is_active=True).first()
