from django import template

from ..formatting import format_weight
from ..forms import CATEGORY_LIST_ID

register = template.Library()


register.filter("weight", format_weight)


@register.inclusion_tag("packertracker/_category_datalist.html", takes_context=True)
def category_datalist(context):
    """The member's own categories, offered by every category box that names CATEGORY_LIST_ID."""
    member = context["request"].user
    categories = member.closet.exclude(category="").order_by("category")
    return {
        "list_id": CATEGORY_LIST_ID,
        "categories": categories.values_list("category", flat=True).distinct(),
    }
