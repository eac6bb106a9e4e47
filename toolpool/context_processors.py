from .models import Loan, QueueEntry


def attention(request):
    """The nav badge: requests to decide, overdue loans and queue claims, in two queries."""
    member = request.user
    if not member.is_authenticated:
        return {"attention_count": 0}
    loans = Loan.objects.waiting().filter(tool__owner=member) | Loan.objects.overdue().involving(
        member
    )
    return {"attention_count": loans.count() + QueueEntry.objects.claims_of(member).count()}
