"""What the apps above members add to a member's deactivation, without members knowing them.

Members is at the bottom (members ← toolpool ← packertracker), so it cannot ask toolpool what
a member still has; toolpool connects receivers to these signals instead.
"""

from django.dispatch import Signal

# Sent with ``member``: each receiver returns a list of (heading, things) for the confirmation
# page, e.g. ("Requests that will be declined", [loan, …]); things have __str__ and
# get_absolute_url.
deactivation_preview = Signal()

# Sent with ``member``, ``by`` and ``reason`` inside the transaction that deactivates the member:
# each receiver settles what the member leaves behind, audited, or the deactivation fails whole.
member_deactivated = Signal()
