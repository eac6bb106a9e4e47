from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def home(request):
    return render(request, "toolpool/home.html")


@login_required
def tool_list(request):
    return render(request, "toolpool/home.html")
