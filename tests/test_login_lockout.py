"""Password guessing is stopped: the admin's sign-in (django-axes, per account and per client)
and a page's password form (per client and page) lock out after a few wrong passwords, refuse
even the right one meanwhile, say so in the reader's language, and an editor lifts either
lock-out in the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse

from .factories import restrict, story
from .newsroom import roles  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
RIGHT = "pareiza-parole-2026"
LATVIAN = "Pārāk daudz nepareizu paroļu. Pagaidiet 15 minūtes un mēģiniet vēlreiz."
ENGLISH = "Too many wrong passwords. Wait 15 minutes and try again."


@pytest.fixture(autouse=True)
def small_limits(settings):
    cache.clear()
    settings.AXES_FAILURE_LIMIT = settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_LOCKOUT_MINUTES = 15
    yield settings
    cache.clear()


@pytest.fixture
def editor(roles):  # noqa: F811
    user = get_user_model().objects.create_user("redaktore", password=RIGHT)
    user.groups.add(roles["editor"])
    return user


def sign_in(client, password, username="redaktore", address="203.0.113.9", **headers):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def signed_in(client):
    return client.get("/admin/").status_code == 200


def test_the_admin_locks_an_account_after_wrong_passwords_and_refuses_the_right_one(client, editor):
    assert [sign_in(client, "minējums").status_code for _ in range(2)] == [200, 200]
    locked = sign_in(client, "minējums")
    assert locked.status_code == 429
    assert LATVIAN in locked.content.decode()
    assert "Redaktors var jūsu kontu atbloķēt ātrāk." in locked.content.decode()
    refused = sign_in(client, RIGHT)
    assert refused.status_code == 429 and LATVIAN in refused.content.decode()
    assert not signed_in(client)
    # In English for a reader whose browser asks for English.
    english = sign_in(client, RIGHT, HTTP_ACCEPT_LANGUAGE="en")
    assert ENGLISH in english.content.decode()
    assert int(english["Retry-After"]) == 15 * 60


def test_the_account_is_locked_whatever_address_the_guesses_come_from(client, editor):
    for n in range(3):
        sign_in(client, "minējums", address=f"198.51.100.{n}")
    assert sign_in(client, RIGHT, address="192.0.2.44").status_code == 429


def test_an_address_is_locked_whatever_accounts_it_guesses(client, editor):
    for name in ("anna", "janis", "liga"):
        sign_in(client, "minējums", username=name)
    assert sign_in(client, RIGHT).status_code == 429
    # The editor signs in from elsewhere.
    assert sign_in(client, RIGHT, address="192.0.2.44").status_code == 302


def test_a_forged_x_forwarded_for_does_not_reset_the_count(client, editor, small_limits):
    small_limits.NUM_PROXIES = 1
    for n in range(3):
        sign_in(
            client,
            "minējums",
            username=f"konts{n}",
            address="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.9",
        )
    locked = sign_in(
        client, RIGHT, address="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.99, 203.0.113.9"
    )
    assert locked.status_code == 429


def test_a_forwarded_address_that_is_no_address_is_counted_as_the_proxy(
    client, editor, small_limits
):
    """Garbage in X-Forwarded-For is neither a way round the count nor a server error (the
    attempts are stored in an IP address column, which PostgreSQL checks)."""
    small_limits.NUM_PROXIES = 1
    for n in range(3):
        response = sign_in(
            client,
            "minējums",
            username=f"konts{n}",
            address="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"<script>{n}",
        )
        assert response.status_code == (200 if n < 2 else 429)  # the third locks
    assert sign_in(client, RIGHT, address="10.0.0.2", HTTP_X_FORWARDED_FOR="x").status_code == 429


def test_the_right_password_before_the_limit_clears_the_count(client, editor):
    for _ in range(2):
        sign_in(client, "minējums")
    assert sign_in(client, RIGHT).status_code == 302
    client.logout()
    for _ in range(2):
        assert sign_in(client, "minējums").status_code == 200


def locked_out_and_a_colleague(client, roles, name, role):  # noqa: F811
    """The editor locked out by three guesses, and a colleague in `role` signed in elsewhere."""
    for _ in range(3):
        sign_in(client, "minējums")
    return colleague_in(client, roles, name, role)


def colleague_in(client, roles, name, role):  # noqa: F811
    """A new client signed in as a new account `name` in `role`."""
    colleague = get_user_model().objects.create_user(name, password="x")
    colleague.groups.add(roles[role])
    other = type(client)()
    other.force_login(colleague)
    return other


def test_an_editor_lifts_a_lockout_in_the_admin(client, editor, roles):  # noqa: F811
    admin = locked_out_and_a_colleague(client, roles, "kolēģe", "editor")
    home = admin.get("/admin/").content.decode()
    assert reverse("sign_in_lockouts") in home  # in the menu, under Settings
    listing = admin.get(reverse("sign_in_lockouts"))
    html = listing.content.decode()
    assert "Pieteikšanās bloķējumi" in html
    assert "redaktore" in html and "203.0.113.9" in html and "Atbloķēt" in html
    unlocked = admin.post(
        reverse("sign_in_lockouts"), {"kind": "account", "value": "redaktore"}, follow=True
    )
    assert "Atbloķēts: redaktore" in unlocked.content.decode()
    assert sign_in(client, RIGHT, address="192.0.2.44").status_code == 302
    assert signed_in(client)
    # The address was lifted with the account's guesses; nothing is left to unlock.
    assert "Neviens nav bloķēts." in admin.get(reverse("sign_in_lockouts")).content.decode()


def test_only_those_allowed_see_or_lift_lockouts(client, editor, roles):  # noqa: F811
    other = locked_out_and_a_colleague(client, roles, "tulkotajs", "translator")
    assert reverse("sign_in_lockouts") not in other.get("/admin/").content.decode()
    assert other.get(reverse("sign_in_lockouts")).status_code in (302, 403)
    other.post(reverse("sign_in_lockouts"), {"kind": "account", "value": "redaktore"})
    assert sign_in(client, RIGHT, address="192.0.2.44").status_code == 429


@pytest.fixture
def protected(db):
    page = story(title="Slepens stāsts")
    restrict(page, "password", password=RIGHT)
    restriction = page.view_restrictions.get()
    address = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])
    return page, address


def try_password(client, protected, password, address="203.0.113.9"):
    page, form = protected
    return client.post(form, {"password": password, "return_url": page.url}, REMOTE_ADDR=address)


def test_a_page_password_cannot_be_guessed_quickly(client, protected):
    answers = [try_password(client, protected, f"minējums-{n}").status_code for n in range(3)]
    assert answers == [200, 200, 200]  # the form again, with its error
    refused = try_password(client, protected, RIGHT)
    assert refused.status_code == 429 and LATVIAN in refused.content.decode()
    assert (
        "Slepens stāsts"
        not in client.get(protected[0].url, REMOTE_ADDR="203.0.113.9").content.decode()
    )
    # Another reader who knows the password is let in.
    assert try_password(type(client)(), protected, RIGHT, "192.0.2.44").status_code == 302


def test_a_right_page_password_still_works_below_the_limit(client, protected):
    try_password(client, protected, "minējums")
    assert try_password(client, protected, RIGHT).status_code == 302
    assert "Slepens stāsts" in client.get(protected[0].url).content.decode()


def test_an_editor_lets_a_locked_out_reader_try_a_page_password_again(
    client,
    protected,
    roles,  # noqa: F811
):
    for n in range(3):
        try_password(client, protected, f"minējums-{n}")
    refused = try_password(client, protected, RIGHT)
    assert refused.status_code == 429
    assert "vietnes redaktoriem" in refused.content.decode()
    admin = colleague_in(client, roles, "redaktors-2", "editor")
    listing = admin.get(reverse("sign_in_lockouts")).content.decode()
    assert "Ar paroli aizsargātas lapas" in listing and "Slepens stāsts" in listing
    assert "Neviens nav bloķēts." not in listing
    restriction = protected[0].view_restrictions.get()
    unlocked = admin.post(
        reverse("sign_in_lockouts"), {"kind": "page", "value": str(restriction.pk)}, follow=True
    )
    assert "Atbloķēts: Slepens stāsts" in unlocked.content.decode()
    assert "Neviens nav bloķēts." in admin.get(reverse("sign_in_lockouts")).content.decode()
    assert try_password(client, protected, RIGHT).status_code == 302
    assert "Slepens stāsts" in client.get(protected[0].url).content.decode()


def test_a_page_unlock_for_a_page_that_is_not_locked_changes_nothing(
    client,
    protected,
    roles,  # noqa: F811
):
    for n in range(3):
        try_password(client, protected, f"minējums-{n}")
    other = colleague_in(client, roles, "tulkotaja", "translator")
    restriction = protected[0].view_restrictions.get()
    other.post(reverse("sign_in_lockouts"), {"kind": "page", "value": str(restriction.pk)})
    assert try_password(client, protected, RIGHT).status_code == 429
