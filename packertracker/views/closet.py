"""The member's gear closet and kits: described once, picked for every trip."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from family_tools.lib.pages import render_with_forms

from ..forms import GearItemForm, KitForm
from ..models import GearItem, Kit


@login_required
def closet(request):
    context = {
        "gear": request.user.closet.all(),
        "kits": request.user.kits.prefetch_related("items"),
    }
    return render(request, "packertracker/closet.html", context)


def _save_or_show(request, form, what):
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"“{saved}” is saved.")
        return redirect("packertracker:closet")
    context = {"form": form, "what": what, "editing": form.instance.pk is not None}
    return render_with_forms(request, "packertracker/closet_form.html", context, form)


@login_required
def gear_edit(request, pk=None):
    gear = get_object_or_404(request.user.closet, pk=pk) if pk else GearItem(owner=request.user)
    form = GearItemForm(request.POST or None, instance=gear, member=request.user)
    return _save_or_show(request, form, "gear")


@login_required
def kit_edit(request, pk=None):
    kit = get_object_or_404(request.user.kits, pk=pk) if pk else Kit(owner=request.user)
    form = KitForm(request.POST or None, instance=kit, member=request.user)
    return _save_or_show(request, form, "kit")


def _delete_mine(request, mine, pk, message):
    thing = get_object_or_404(mine, pk=pk)
    thing.delete()
    messages.success(request, message.format(thing))
    return redirect("packertracker:closet")


@login_required
@require_POST
def gear_delete(request, pk):
    message = "“{}” is out of your closet; trip lists keep their copy."
    return _delete_mine(request, request.user.closet, pk, message)


@login_required
@require_POST
def kit_delete(request, pk):
    message = "The kit “{}” is deleted; its gear stays in your closet."
    return _delete_mine(request, request.user.kits, pk, message)
