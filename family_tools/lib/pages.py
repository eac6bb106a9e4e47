"""What every app's views share: where to go back to, a form page's status, and a pager."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request, default):
    """Where to go back to after a form: the page it came from, if it is one of ours."""
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}):
        return url
    return default


def render_with_forms(request, template, context, *forms):
    """Renders a page of forms: 400 if one came back with errors, else 200."""
    invalid = any(form.errors for form in forms if form is not None)
    return render(request, template, context, status=400 if invalid else 200)


def page_of(request, items, per_page):
    """The page of items the query string asks for (the first for a bad number), and the query
    string without its page, for the pager's links."""
    query = request.GET.copy()
    query.pop("page", None)
    return Paginator(items, per_page).get_page(request.GET.get("page")), query.urlencode()
