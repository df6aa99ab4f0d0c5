"""Pages begun and left (issue #11): Wagtail's autosave makes a never-published draft as soon
as the create form holds a title; nothing typed is lost, none of it is public, its author finds
it on the dashboard (continue, delete) and is reminded on starting the same page again, and
editors find everyone's in the report «Unfinished new pages»."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from knowledge.models import GoodPracticeStory
from tests import admin_forms, newsroom
from tests.newsroom import create_story, story_form_data

roles, lags, make_user, story_index = (
    newsroom.roles,
    newsroom.lags,
    newsroom.make_user,
    newsroom.story_index,
)

pytestmark = pytest.mark.django_db
ADD = ("knowledge", "goodpracticestory")


def autosave(client, index, title):
    """What Wagtail's autosave posts from the create form: the form as it is (required
    fields still empty), asking for JSON; the new page."""
    data = story_form_data(title)
    for name in ("intro", "place", "municipality", "innovation_type", "status"):
        data[name] = ""
    url = reverse("wagtailadmin_pages:add", args=[*ADD, index.pk])
    response = client.post(url, data, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content
    answer = response.json()
    assert answer["success"]
    assert answer["url"] == reverse("wagtailadmin_pages:edit", args=[answer["pk"]])
    return GoodPracticeStory.objects.get(pk=answer["pk"])


def dashboard(client):
    return client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.fixture
def partner(make_user, lags):
    return make_user("partnere", "partner", lag=lags[0])


def test_an_autosaved_new_page_is_kept_but_never_public(client, partner, story_index):
    client.force_login(partner)
    story = autosave(client, story_index, "Pusē pamests stāsts")
    assert not story.live and story.first_published_at is None and story.owner == partner
    assert story.latest_revision is not None, "what was typed is in a revision"

    reader = Client()
    assert reader.get(f"/lv/stasti/{story.slug}/").status_code == 404
    assert "Pusē pamests stāsts" not in reader.get(story_index.url).content.decode()
    api = reader.get("/api/v2/pages/?type=knowledge.GoodPracticeStory&locale=lv&limit=20")
    listed = api.json()
    assert listed["meta"]["total_count"] <= 20, "every story is on this one page of the list"
    assert listed["items"] and story.pk not in [item["id"] for item in listed["items"]]
    assert reader.get(f"/api/v2/pages/{story.pk}/").status_code == 404
    with translation.override("lv"):
        search = reverse("search")
    found = reader.get(search, {"q": "pamests stāsts"})
    assert found.status_code == 200 and "Pusē pamests" not in found.content.decode()
    assert f"/lv/stasti/{story.slug}/" not in reader.get("/sitemap.xml").content.decode()


def test_the_author_finds_it_on_the_dashboard_and_continues_or_deletes_it(
    client, partner, make_user, story_index
):
    client.force_login(partner)
    story = autosave(client, story_index, "Pusē pamests stāsts")
    html = dashboard(client)
    assert "Jūsu nepabeigtās jaunās lapas" in html
    edit = admin_forms.edit_url(story)
    delete = reverse("wagtailadmin_pages:delete", args=[story.pk])
    assert f'href="{edit}"' in html and f'href="{delete}?next=/admin/"' in html

    # Starting the same kind of page there again: reminded, with the way back to it.
    add = client.get(reverse("wagtailadmin_pages:add", args=[*ADD, story_index.pk]))
    page = add.content.decode()
    assert "«Pusē pamests stāsts»" in page and f'href="{edit}"' in page

    # Nobody else's dashboard lists it.
    other = Client()
    other.force_login(make_user("cits", "moderator"))
    assert "Pusē pamests stāsts" not in dashboard(other)

    # The partner may delete what they began and never published: Wagtail's own view.
    assert client.get(delete).status_code == 200
    assert client.post(delete).status_code == 302
    assert not GoodPracticeStory.objects.filter(pk=story.pk).exists()
    assert "Jūsu nepabeigtās jaunās lapas" not in dashboard(client)
    assert "Pusē pamests" not in client.get(add.request["PATH_INFO"]).content.decode()


def test_a_page_saved_on_purpose_sent_for_review_or_translated_is_not_unfinished(
    client, partner, story_index
):
    client.force_login(partner)
    response, submitted = create_story(client, story_index, "Iesniegts stāsts", submit=True)
    assert response.status_code == 302 and submitted.current_workflow_state is not None
    saved = autosave(client, story_index, "Tikai saglabāts")
    html = dashboard(client)
    assert "Tikai saglabāts" in html.split("Jūsu nepabeigtās jaunās lapas", 1)[1]
    panel = html.split("Jūsu nepabeigtās jaunās lapas", 1)[1].split("</section>", 1)[0]
    assert "Iesniegts stāsts" not in panel, "it is with the reviewers"
    assert saved.title in panel

    # A page an editor scheduled to go live is not unfinished either.
    editor = admin_forms.admin_user("redaktore", language="lv")
    client.force_login(editor)
    next_week = (timezone.localtime() + timedelta(days=7)).strftime("%Y-%m-%d %H:%M")
    response, scheduled = create_story(
        client, story_index, "Ieplānots stāsts", publish=True, go_live_at=next_week
    )
    assert response.status_code == 302 and not scheduled.live

    # A translation begins as an English draft of a page that exists: not unfinished.
    story = GoodPracticeStory.objects.live().filter(locale__language_code="lv").first()
    new = GoodPracticeStory(
        title="Tulkojams stāsts",
        slug="tulkojams-stasts",
        intro="Īss ievads.",
        place="Ērgļi",
        country="LV",
        innovation_type="social",
        status="in_transition",
        owner=editor,
    )
    story.get_parent().add_child(instance=new)
    new.save_revision(user=editor).publish()
    english = admin_forms.submit_translation(client, new)
    assert not english.live and english.owner == editor
    client.get(reverse("wagtailadmin_home"))  # the translation's message is read there
    report = client.get(reverse("unfinished_pages")).content.decode()
    assert "Tulkojams stāsts" not in report and english.title not in report
    assert "Tikai saglabāts" in report and "Iesniegts stāsts" not in report
    assert "Ieplānots stāsts" not in report


def test_the_report_lists_everyones_for_those_who_may_edit_them(
    client, partner, make_user, lags, story_index
):
    client.force_login(partner)
    story = autosave(client, story_index, "Pusē pamests stāsts")
    moderator = make_user("moderatore", "moderator")
    client.force_login(moderator)
    report = client.get(reverse("unfinished_pages"))
    assert report.status_code == 200
    html = report.content.decode()
    assert "Nepabeigtās jaunās lapas" in html
    assert "Pusē pamests stāsts" in html and "Partnere" in html  # the author
    assert f'href="{admin_forms.edit_url(story)}"' in html
    # Another LAG's partner may not edit it: not in their report.
    other = Client()
    other.force_login(make_user("cita", "partner", lag=lags[1]))
    assert "Pusē pamests stāsts" not in other.get(reverse("unfinished_pages")).content.decode()
