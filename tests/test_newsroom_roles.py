"""Every role's rights, tried through the admin as its people would: a LAG partner writes
stories for their own LAG, edits only their own, never publishes and sees no other LAG's
drafts; a translator cannot change the Latvian pages; a moderator approves; the roles are made
by one command, again and again, and accounts by another."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from wagtail.models import GroupPagePermission, Locale, Workflow

from knowledge.models import (
    Challenge,
    GoodPracticeStory,
    HomePage,
    LagPartnerGroup,
    LocalActionGroup,
)
from knowledge.newsroom.roles import EDITORS, MODERATORS, TRANSLATORS, setup_roles
from knowledge.newsroom.workflow import REVIEW
from tests import newsroom
from tests.newsroom import create_story, story_form_data

# The shared fixtures (tests/newsroom.py), seen by pytest here.
roles, lags, make_user, story_index = (
    newsroom.roles,
    newsroom.lags,
    newsroom.make_user,
    newsroom.story_index,
)

pytestmark = pytest.mark.django_db


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def refused(response):
    """Wagtail answers a page it will not open with 403, or a redirect with a message."""
    return response.status_code in (302, 403)


@pytest.fixture
def partner(make_user, lags, client):
    user = make_user("partnere", "partner", lag=lags[0])
    client.force_login(user)
    return user


def test_the_roles_are_made_once_with_both_names_and_wagtails_defaults_become_them(roles):
    before = set(Group.objects.values_list("name", flat=True))
    assert {EDITORS, TRANSLATORS, MODERATORS} <= before
    assert not {"Editors", "Moderators"} & before, "Wagtail's defaults are renamed, not kept"
    latvian_lags = LocalActionGroup.objects.filter(locale__language_code="lv")
    for lag in latvian_lags:
        name = LagPartnerGroup.objects.get(lag=lag).group.name
        assert name.startswith(f"VRG partneris: {lag.name} / LAG partner: ")
    english = latvian_lags.first().get_translation(Locale.objects.get(language_code="en"))
    assert english.name in LagPartnerGroup.objects.get(lag=latvian_lags.first()).group.name

    # Run again, with a right given by hand in between: the same groups, the role's rights.
    editors = Group.objects.get(name=EDITORS)
    editors.permissions.clear()
    setup_roles()
    call_command("setup_roles", verbosity=0)
    assert set(Group.objects.values_list("name", flat=True)) == before
    assert LagPartnerGroup.objects.count() == latvian_lags.count()
    assert Workflow.objects.filter(name=REVIEW).count() == 1
    assert editors.permissions.filter(codename="change_challenge").exists()


def test_each_role_has_its_rights_where_it_should(roles, story_index):
    lv_home = HomePage.objects.get(depth=2, locale__language_code="lv")
    en_home = HomePage.objects.get(depth=2, locale__language_code="en")

    def page_rights(key):
        return {
            (gpp.page_id, gpp.permission.codename)
            for gpp in GroupPagePermission.objects.filter(group=roles[key])
        }

    assert ("change_page" in {c for _p, c in page_rights("editor")}) and {
        page for page, _c in page_rights("editor")
    } == {lv_home.pk, en_home.pk}
    assert page_rights("translator") == {(en_home.pk, "change_page"), (en_home.pk, "publish_page")}
    assert {(lv_home.pk, "publish_page"), (en_home.pk, "publish_page")} <= page_rights("moderator")
    partner_group = LagPartnerGroup.objects.first().group
    assert {
        (gpp.page_id, gpp.permission.codename)
        for gpp in GroupPagePermission.objects.filter(group=partner_group)
    } == {(story_index.pk, "add_page")}
    codenames = set(roles["editor"].permissions.values_list("codename", flat=True))
    for model in ("challenge", "criterion", "glossaryterm", "smartactivity", "stakeholder"):
        assert f"change_{model}" in codenames
    assert {"change_localactiongroup", "add_source", "change_theme", "access_admin"} <= codenames
    # Snippet rights are not per language in Wagtail: translators get none.
    assert not roles["translator"].permissions.filter(content_type__app_label="knowledge")
    assert not partner_group.permissions.filter(content_type__app_label="knowledge")


def test_a_partners_story_is_of_their_lag_whatever_the_form_says(
    client, partner, lags, story_index
):
    form = client.get(
        reverse("wagtailadmin_pages:add", args=["knowledge", "goodpracticestory", story_index.pk])
    )
    assert form.status_code == 200
    select = re.search(r'<select name="lag"[^>]*>.*?</select>', form.content.decode(), re.S)
    assert select and "disabled" in select.group(0) and lags[0].name in select.group(0)
    assert lags[1].name not in select.group(0)

    response, story = create_story(client, story_index, "Skola kļūst par centru", lag=lags[1])
    assert response.status_code == 302, response.content.decode()[:2000]
    assert story.lag_id == lags[0].pk
    assert story.owner == partner
    assert not story.live


def test_a_partner_cannot_publish_even_their_own_story(client, partner, lags, story_index):
    response, story = create_story(client, story_index, "Mans stāsts", publish=True)
    assert response.status_code == 302
    story.refresh_from_db()
    assert not story.live and story.owner == partner
    response = client.post(edit_url(story), story_form_data("Mans stāsts", publish=True))
    story.refresh_from_db()
    assert not story.live
    assert not story.permissions_for_user(partner).can_publish()


def test_a_partner_cannot_open_another_lags_draft_nor_see_it_listed(
    client, make_user, partner, lags, story_index
):
    other = make_user("citsvrg", "partner", lag=lags[1])
    _response, draft = create_story(client_for(other), story_index, "Cita VRG melnraksts")
    assert draft.owner == other

    for url in (
        edit_url(draft),
        reverse("wagtailadmin_pages:view_draft", args=[draft.pk]),
        reverse("wagtailadmin_pages:history", args=[draft.pk]),
        reverse("wagtailadmin_pages:delete", args=[draft.pk]),
    ):
        assert refused(client.get(url)), url
    listing = client.get(reverse("wagtailadmin_explore", args=[story_index.pk]))
    assert listing.status_code == 200
    assert "Cita VRG melnraksts" not in listing.content.decode()
    search = client.get(reverse("wagtailadmin_pages:search"), {"q": "melnraksts"})
    assert "Cita VRG melnraksts" not in search.content.decode()
    # Their own draft is listed, and live stories too.
    create_story(client, story_index, "Mans melnraksts")
    listing = client.get(reverse("wagtailadmin_explore", args=[story_index.pk])).content.decode()
    assert "Mans melnraksts" in listing
    live = GoodPracticeStory.objects.live().filter(locale__language_code="lv").first()
    assert live.title in listing

    # Someone else's draft of the partner's own LAG may be seen but not opened.
    same_lag = make_user("kolēģe", "partner", lag=lags[0])
    _response, colleagues = create_story(client_for(same_lag), story_index, "Kolēģes melnraksts")
    assert refused(client.get(edit_url(colleagues)))


def test_a_partner_cannot_edit_a_latvian_page_they_did_not_create(client, partner):
    story = GoodPracticeStory.objects.live().filter(locale__language_code="lv").first()
    home = HomePage.objects.get(depth=2, locale__language_code="lv")
    english = GoodPracticeStory.objects.live().filter(locale__language_code="en").first()
    for page in (story, home, english):
        assert refused(client.get(edit_url(page))), page
        response = client.post(edit_url(page), {"title": "Pārrakstīts"})
        assert refused(response)
    story.refresh_from_db()
    assert story.title != "Pārrakstīts"
    # No snippet rights either.
    challenge = Challenge.objects.first()
    url = reverse("wagtailsnippets_knowledge_challenge:edit", args=[challenge.pk])
    assert refused(client.get(url))


def test_a_translator_edits_english_and_cannot_change_latvian(client, make_user):
    translator = make_user("tulkotajs", "translator", language="en")
    client.force_login(translator)
    story = GoodPracticeStory.objects.live().filter(locale__language_code="lv").first()
    english = story.get_translation(Locale.objects.get(language_code="en"))
    assert refused(client.get(edit_url(story)))
    assert refused(client.post(edit_url(story), story_form_data(story.title, publish=True)))
    assert client.get(edit_url(english)).status_code == 200
    assert english.permissions_for_user(translator).can_publish()
    assert not story.permissions_for_user(translator).can_publish()
    challenge = Challenge.objects.filter(locale__language_code="lv").first()
    url = reverse("wagtailsnippets_knowledge_challenge:edit", args=[challenge.pk])
    assert refused(client.get(url))


def test_a_moderator_approves_a_partners_story_and_it_is_published(
    client, make_user, partner, story_index
):
    moderator = make_user("moderators1", "moderator")
    response, story = create_story(client, story_index, "Apstiprināms stāsts", submit=True)
    assert response.status_code == 302
    state = story.current_workflow_state
    assert state is not None and state.workflow.name == REVIEW
    # The partner cannot approve their own story.
    task_state = state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[story.pk, "approve", task_state.pk])
    assert refused(client.post(url, {"comment": ""}))
    story.refresh_from_db()
    assert not story.live

    client.force_login(moderator)
    assert client.get(edit_url(story)).status_code == 200
    response = client.post(url, {"comment": ""})
    assert response.status_code in (200, 302)
    story.refresh_from_db()
    assert story.live


def test_a_moderator_rejects_and_the_request_is_closed(client, make_user, partner, story_index):
    moderator = make_user("moderators2", "moderator")
    _response, story = create_story(client, story_index, "Noraidāms stāsts", submit=True)
    state = story.current_workflow_state
    client.force_login(moderator)
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[story.pk, "decline", state.current_task_state.pk],
    )
    assert client.post(url, {"comment": "Tas nav stāsts par ciemu."}).status_code in (200, 302)
    state.refresh_from_db()
    assert state.status == state.STATUS_CANCELLED
    story.refresh_from_db()
    assert not story.live and story.current_workflow_state is None
    assert state.task_states.get().comment == "Tas nav stāsts par ciemu."


def test_accounts_are_made_in_a_role_and_the_local_editor_is_no_superuser(roles, lags, capsys):
    call_command(
        "create_account",
        role="partner",
        lag=lags[0].slug,
        email="vrg@example.lv",
        name="Ilze Ozola",
    )
    out = capsys.readouterr().out
    password = re.search(r"Password: (\S+)", out).group(1)
    user = get_user_model().objects.get(username="vrg@example.lv")
    assert user.check_password(password) and not user.is_superuser
    assert user.groups.get() == LagPartnerGroup.objects.get(lag=lags[0]).group
    assert (user.first_name, user.last_name) == ("Ilze", "Ozola")
    with pytest.raises(Exception, match="exists"):
        call_command("create_account", role="editor", email="vrg@example.lv")
    with pytest.raises(Exception, match="lag"):
        call_command("create_account", role="partner", email="x@example.lv")

    get_user_model().objects.create_superuser("redaktors", "redaktors@localhost", "x")
    call_command("ensure_editor")
    out = capsys.readouterr().out
    editor = get_user_model().objects.get(username="redaktors")
    assert not editor.is_superuser and editor.groups.filter(name=EDITORS).exists()
    assert "create_account --role editor" in out and "--role partner --lag" in out
    assert "E-mail:" in out
    assert not get_user_model().objects.filter(is_superuser=True, username="administrators")
    call_command("ensure_editor", superuser=True)
    assert get_user_model().objects.get(username="administrators").is_superuser


def test_a_moderator_changes_and_publishes_knowledge_snippets_but_adds_or_deletes_none(
    client, make_user
):
    """A snippet sent for review is the moderators' to open and publish (roles.py)."""
    moderator = make_user("moderators2", "moderator")
    codenames = set(roles_of(moderator))
    for model in ("challenge", "criterion", "glossaryterm", "smartactivity", "stakeholder"):
        assert {f"change_{model}", f"publish_{model}"} <= codenames
        assert not {f"add_{model}", f"delete_{model}"} & codenames
    assert "change_theme" not in codenames
    client.force_login(moderator)
    challenge = Challenge.objects.filter(locale__language_code="lv", live=True).first()
    edit = reverse("wagtailsnippets_knowledge_challenge:edit", args=[challenge.pk])
    page = client.get(edit)
    assert page.status_code == 200
    assert b'name="action-publish"' in page.content
    assert client.get(reverse("wagtailsnippets_knowledge_challenge:add")).status_code in (302, 403)


def roles_of(user):
    return Group.objects.filter(user=user).values_list("permissions__codename", flat=True)
