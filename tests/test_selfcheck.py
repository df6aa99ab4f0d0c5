"""The self-check, as a community leader uses it: the questions of the six signs in a plain GET
form, the result as a chart and a table, a plan for the weakest signs with steps, solutions,
stories and a LAG to call; all of it in the address only, in both languages."""

import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledge.models import Criterion, GoodPracticeStory, RoadmapStepPage, SelfCheckPage

pytestmark = pytest.mark.django_db

URLS = {"lv": "/lv/pasparbaude/", "en": "/en/self-check/"}

# Sign 2 scores 25%, sign 6 50%, sign 5 75%, sign 4 88%; signs 1 and 3 are full.
ANSWERS = {
    "p1-1": "yes",
    "p2-1": "not-yet",
    "p2-2": "partly",
    "p3-1": "yes",
    "p3-2": "yes",
    "p3-3": "yes",
    "p4-1": "partly",
    "p4-2": "yes",
    "p4-3": "yes",
    "p4-4": "yes",
    "p5-1": "unknown",
    "p5-2": "yes",
    "p5-3": "yes",
    "p5-4": "yes",
    "p6-1": "not-yet",
    "p6-2": "partly",
    "p6-3": "yes",
    "p6-4": "partly",
}


def html(response):
    return unescape(response.content.decode())


def section(text, start, end):
    return text[text.index(start) : text.index(end, text.index(start))]


def plan_of(text, number):
    """The plan's part for sign `number`."""
    part = text[text.index(f'id="plan-{number}"') :]
    return part[: part.index("</section>")]


def step_titles(language, *numbers):
    return [
        RoadmapStepPage.objects.live().get(locale__language_code=language, step_number=n).title
        for n in numbers
    ]


def story_title(language, slug_lv):
    story = GoodPracticeStory.objects.get(locale__language_code="lv", slug=slug_lv)
    return story.get_translation(
        SelfCheckPage.objects.get(locale__language_code=language).locale
    ).title


@pytest.mark.parametrize("language", ["lv", "en"])
def test_the_form_asks_every_point_of_every_sign(client, language):
    response = client.get(URLS[language])
    assert response.status_code == 200
    text = html(response)
    criteria = Criterion.objects.filter(locale__language_code=language).order_by("number")
    assert [c.number for c in criteria] == [1, 2, 3, 4, 5, 6]
    for criterion in criteria:
        assert f"{criterion.number}.</span> {criterion.title}</legend>" in text
        for point in criterion.points:
            assert f"<legend>{point.value}</legend>" in text
    points = sum(len(c.points) for c in criteria)
    assert len(re.findall(r'type="radio"', text)) == 4 * points
    assert 'method="get"' in text
    assert 'id="result"' not in text
    # Nothing to remember: no cookie is set.
    assert not response.cookies


def test_the_plan_names_the_steps_solutions_stories_and_lag_for_the_weakest_signs(client):
    response = client.get(URLS["lv"], {**ANSWERS, "lag": "lag-aizkraukle"})
    assert response.status_code == 200
    text = html(response)
    scores = section(text, "<tbody>", "</tbody>")
    assert (
        "Kopīgi mērķi un nākotnes vīzija</th><td>0</td><td>1</td><td>1</td><td>0</td><td>25 %"
        in (scores)
    )
    # The three weakest, weakest first; the full and the nearly full signs are not in the plan.
    assert re.findall(r'id="plan-(\d)"', text) == ["2", "6", "5"]
    goals = plan_of(text, 2)
    for title in step_titles("lv", 4, 5, 7):
        assert title in goals
    assert "Valdībai un iedzīvotājiem ir atšķirīga izpratne" in goals
    assert "Iedzīvotāju padomes" in goals  # a solution of that challenge
    assert story_title("lv", "kopiena-kopienai") in goals
    resources = plan_of(text, 6)
    for title in step_titles("lv", 2, 9, 10):
        assert title in resources
    assert "Suitu tirgus" in resources
    who = section(text, 'id="lag-heading"', "</section>")
    assert "Aizkraukles rajona partnerība" in who
    # The answers stay in the form, to change them.
    assert 'name="p2-1" value="not-yet" checked' in text
    assert 'value="lag-aizkraukle" selected' in text
    # The chart is drawn on the server, with its text equivalent.
    assert '<svg viewBox="0 0 320 320"' in text and 'class="radar-score"' in text
    assert "2. Kopīgi mērķi un nākotnes vīzija: 25 %" in text
    assert not response.cookies


def test_the_english_plan_shows_the_same_items_in_english(client):
    text = html(client.get(URLS["en"], ANSWERS))
    assert re.findall(r'id="plan-(\d)"', text) == ["2", "6", "5"]
    goals = plan_of(text, 2)
    for title in step_titles("en", 4, 5, 7):
        assert title in goals
    assert story_title("en", "kopiena-kopienai") in goals
    assert "Step 4" in goals and "25%" in goals
    assert "/lv/" not in goals
    # Without a chosen LAG, the Latvian LAGs are listed to contact.
    who = section(text, 'id="lag-heading"', "</section>")
    assert "Aizkraukle District Partnership" in who
    assert "Bohuskust" not in who


@pytest.mark.parametrize("language", ["lv", "en"])
def test_the_shared_link_round_trips(client, language):
    text = html(client.get(URLS[language], {**ANSWERS, "utm_source": "x", "lag": "lag-lielupe"}))
    link = re.search(r'<p class="share">.*?<a href="([^"]+)">', text, re.S).group(1)
    address = urlsplit(link)
    assert address.path == URLS[language] and address.fragment == "result"
    assert dict(parse_qsl(address.query)) == {**ANSWERS, "lag": "lag-lielupe"}
    again = html(client.get(link))
    assert section(again, 'id="result"', "</form>") == section(text, 'id="result"', "</form>")


@pytest.mark.parametrize(
    "tampered",
    [
        {**ANSWERS, "p2-1": "maybe"},
        {**ANSWERS, "lag": "lag-nowhere"},
        {**ANSWERS, "p3-1": ["yes", "not-yet"]},
        {**ANSWERS, "p6-4": "<script>"},
    ],
    ids=["unknown answer", "unknown LAG", "two answers", "markup"],
)
@pytest.mark.parametrize("language", ["lv", "en"])
def test_a_tampered_link_gives_the_empty_form_with_a_message(client, language, tampered):
    response = client.get(URLS[language], tampered)
    assert response.status_code == 400
    text = html(response)
    message = {
        "lv": "Šajā saitē ir atbildes, kuras veidlapa nevar dot",
        "en": "This link holds answers that the form cannot give",
    }[language]
    assert message in text
    assert " checked" not in text and " selected" not in text
    assert 'id="result"' not in text and "<script>" not in section(text, "<main", "</main>")


def test_unanswered_points_are_marked_and_the_given_answers_kept(client):
    partial = {name: value for name, value in ANSWERS.items() if name not in ("p4-2", "p6-1")}
    response = client.get(URLS["lv"], partial)
    assert response.status_code == 200
    text = html(response)
    assert "Dažiem apgalvojumiem vēl nav atbildes" in text
    assert set(re.findall(r'id="(p\d-\d)-error"', text)) == {"p4-2", "p6-1"}
    assert 'name="p2-1" value="not-yet" checked' in text
    assert 'id="result"' not in text


def test_a_story_that_is_not_public_is_left_out_of_the_plan(client):
    story = GoodPracticeStory.objects.get(locale__language_code="lv", slug="kopiena-kopienai")
    title = story.title
    story.unpublish()
    text = html(client.get(URLS["lv"], ANSWERS))
    assert title not in plan_of(text, 2)
    assert story_title("lv", "alsunga-pilotteritorija") in plan_of(text, 2)


def test_the_result_costs_the_same_queries_whatever_the_plan_holds(client):
    one_weak = {name: "yes" for name in ANSWERS} | {"p2-1": "partly"}

    def queries(answers):
        with CaptureQueriesContext(connection) as context:
            assert client.get(URLS["lv"], answers).status_code == 200
        return len(context.captured_queries)

    queries(ANSWERS)  # warm: content types, site root
    assert queries(one_weak) == queries(ANSWERS)


def test_the_home_and_criteria_pages_lead_to_the_self_check(client):
    for language in ("lv", "en"):
        assert f'href="{URLS[language]}"' in html(client.get(f"/{language}/"))
        assert f'href="{URLS[language]}"' in html(client.get(_criteria_url(language)))


def _criteria_url(language):
    from knowledge.models import CriteriaPage

    return CriteriaPage.objects.live().get(locale__language_code=language).url


def test_a_sign_left_with_too_few_stories_gets_stories_that_share_its_challenges(client):
    for slug in ("kopiena-kopienai", "alsunga-pilotteritorija", "torup-danija"):
        GoodPracticeStory.objects.get(locale__language_code="lv", slug=slug).unpublish()
    goals = plan_of(html(client.get(URLS["lv"], ANSWERS)), 2)
    shown = re.findall(r'<li><a href="(/lv/stasti/[^"]+)">', goals)
    assert len(shown) == 2
    # The two stories that share the sign's challenge «Vienota izpratne …» and are public.
    for url in shown:
        story = GoodPracticeStory.objects.live().public().get(url_path__endswith=url[3:])
        assert "challenge-common-understanding" in {
            link.challenge.slug for link in story.challenge_links.all()
        }


def test_the_english_plan_shows_english_items_when_it_links_to_latvian_ones(client):
    """After "Sync translated pages" the English page's links point at the Latvian items (a
    synchronised stream); the reader still sees the English ones."""
    latvian = SelfCheckPage.objects.get(locale__language_code="lv")
    english = SelfCheckPage.objects.get(locale__language_code="en")
    english.criterion_plans = latvian.criterion_plans.raw_data
    english.save_revision().publish()
    goals = plan_of(html(client.get(URLS["en"], ANSWERS)), 2)
    for title in step_titles("en", 4, 5, 7):
        assert title in goals
    assert story_title("en", "kopiena-kopienai") in goals
    assert "/lv/" not in goals and "Valdībai" not in goals
