"""Each member chooses, per kind of event, to hear of it in the site, by mail or in a digest."""

from django.urls import reverse

from notifications.models import Delivery, DeliveryChoice, Kind


def all_choices(**overrides):
    choices = {kind: Delivery.EMAIL.value for kind in Kind.values}
    choices.update(overrides)
    return choices


def test_every_kind_is_mailed_until_the_member_chooses_otherwise(alice):
    assert set(DeliveryChoice.objects.for_member(alice).values()) == {Delivery.EMAIL}


def test_a_member_saves_a_choice_per_kind(alice_client, alice, bob):
    choices = all_choices(loan_overdue="digest", trip_invited="site")
    response = alice_client.post(reverse("notifications:settings"), choices, follow=True)
    assert "Your choices are saved." in response.content.decode()
    mine = DeliveryChoice.objects.for_member(alice)
    assert (mine[Kind.LOAN_OVERDUE], mine[Kind.TRIP_INVITED]) == (Delivery.DIGEST, Delivery.SITE)
    assert mine[Kind.LOAN_REQUESTED] == Delivery.EMAIL
    assert set(DeliveryChoice.objects.for_member(bob).values()) == {Delivery.EMAIL}


def test_an_unknown_choice_is_refused_and_the_others_are_kept_in_the_form(alice_client, alice):
    choices = all_choices(loan_overdue="pigeon", trip_invited="site")
    response = alice_client.post(reverse("notifications:settings"), choices)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Select a valid choice. pigeon is not one of the available choices." in content
    assert '<option value="site" selected>In the site only</option>' in content
    assert not DeliveryChoice.objects.exists()


def test_the_settings_page_says_where_mail_goes(settings, alice_client, alice):
    settings.EMAIL_ENABLED = True
    alice.email = "alice@example.org"
    alice.save()
    content = alice_client.get(reverse("notifications:settings")).content.decode()
    assert "Mail goes to <strong>alice@example.org</strong>" in content
    settings.EMAIL_ENABLED = False
    content = alice_client.get(reverse("notifications:settings")).content.decode()
    assert "This site sends no mail at the moment" in content
