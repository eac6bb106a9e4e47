def site(request):
    """What the header needs on every page."""
    return {"overlay_identity": getattr(request, "overlay_identity", None)}
