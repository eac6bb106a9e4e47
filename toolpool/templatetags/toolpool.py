from django import template

from toolpool import models

register = template.Library()


@register.filter
def actions_for(loan, member):
    """``{% for action in loan|actions_for:user %}``: what this member can do with the loan."""
    return loan.actions_for(member)


@register.filter
def day(value):
    """``{{ loan.end|day }}``: 'today', 'tomorrow' or 'Tue 2 Jun'."""
    return models.day(value) if value else ""
