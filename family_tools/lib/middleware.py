from django.utils.cache import patch_cache_control


class PrivateByDefaultMiddleware:
    """Every response that did not choose its own caching is kept out of every cache.

    The pages show the family's loans, trips and people: on a shared phone or behind a proxy,
    nothing of them may be shown again from a cache after signing out. Static files (whitenoise)
    and photos (revalidated by ETag) set their own Cache-Control and keep it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
