"""Faceted browsing of the stories (#13 item 3): country, theme, innovation type, status, roadmap
step and challenge, alone and together, on the story index in both languages and through the
partner channels (API, feeds, open data, widget), with the one StoryFilter behind all of them.

What a story "has" is taken from what its own page shows (its country, its themes, the steps
and challenges listed on it), so the index is held to what a reader can check by hand."""

import csv
import io
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from html import unescape

import pytest
from wagtail.models import Page

from knowledge.models import Challenge, GoodPracticeStory, HomePage, RoadmapStepPage, StoryIndexPage

from .factories import publish, restrict, some_themes, story
from .test_query_budget import count_queries

pytestmark = pytest.mark.django_db

INDEX = {"lv": "/lv/stasti/", "en": "/en/stories/"}
FACETS = ["country", "theme", "innovation", "status", "step", "challenge"]
LEGENDS = {
    "lv": {
        "country": "Valsts",
        "theme": "Tēma",
        "innovation": "Inovācijas veids",
        "status": "Statuss",
        "step": "Ceļveža solis",
        "challenge": "Izaicinājums",
    },
    "en": {
        "country": "Country",
        "theme": "Theme",
        "innovation": "Innovation type",
        "status": "Status",
        "step": "Roadmap step",
        "challenge": "Challenge",
    },
}
UNKNOWN = {"lv": "vērtība «{}» mums nav zināma", "en": "we do not know “{}”"}
NONSENSE = {
    "country": "XX",
    "theme": "nav-tadas-temas",
    "innovation": "magic",
    "status": "famous",
    "step": "999",
    "challenge": "no-such-challenge",
}
STORY_LIST_API = "/api/v2/pages/?type=knowledge.GoodPracticeStory&limit=50"

RADIO = re.compile(r'<input type="radio" id="([^"]+)" name="(\w+)" value="([^"]*)"( checked)?>')
COUNT = re.compile(r'<span class="facet-count" aria-hidden="true">\((\d+)\)</span>')
CARD = re.compile(r'<h2 class="card-title"><a href="([^"]+)">')
NEXT = re.compile(r'<a rel="next" href="([^"]+)"')


def options(html):
    """{facet: {value: (label, count, checked)}} as the index offers them."""
    found = {}
    for match in RADIO.finditer(html):
        ident, name, value, checked = match.groups()
        label_html = html[html.index(f'<label for="{ident}">') :].split("</label>", 1)[0]
        label = unescape(re.sub(r"<[^>]+>", "", label_html.split('<span class="facet-count"')[0]))
        count = int(COUNT.search(label_html).group(1))
        found.setdefault(name, {})[unescape(value)] = (label.strip(), count, bool(checked))
    return found


def listed(client, url, params):
    """The addresses of the stories the index lists for `params`, on all its pages."""
    response = client.get(url, params)
    assert response.status_code == 200
    html = response.content.decode()
    urls = CARD.findall(html)
    while next_page := NEXT.search(html):
        html = client.get(url + unescape(next_page.group(1))).content.decode()
        urls += CARD.findall(html)
    assert len(urls) == len(set(urls)), "a story is listed twice"
    return set(urls)


def facts(page):
    """What a story's own page says it has, by facet."""
    return {
        "country": {page.country},
        "theme": {theme.slug for theme in page.theme_list},
        "innovation": {page.innovation_type},
        "status": {page.status},
        "step": {str(step.step_number) for step in page.linked_steps()},
        "challenge": {challenge.slug for challenge in page.linked_challenges()},
    }


def public_stories(language):
    return GoodPracticeStory.objects.live().public().filter(locale__language_code=language)


def expected(language, chosen):
    """The addresses of the public stories of `language` that have every chosen value."""
    return {
        page.url
        for page in public_stories(language)
        if all(value in facts(page)[name] for name, value in chosen.items())
    }


def assert_each_option_shows_its_count(client, language, chosen):
    """With `chosen` given, every option offered shows, once chosen too, exactly `count`
    stories, and those are the ones whose pages have it."""
    url = INDEX[language]
    offered = options(client.get(url, chosen).content.decode())
    assert offered, "no facets shown"
    for name, values in offered.items():
        for value, (label, count, checked) in values.items():
            assert checked == (chosen.get(name) == value), (name, value)
            params = {**chosen, name: value}
            stories = listed(client, url, params)
            assert len(stories) == count, f"{label} ({name}={value}) says {count}, lists {stories}"
            assert stories == expected(language, params), (name, value)
    return offered


@pytest.mark.parametrize("language", ["lv", "en"])
def test_each_facet_alone_lists_exactly_the_stories_its_count_says(client, language):
    offered = assert_each_option_shows_its_count(client, language, {})
    assert set(offered) == set(FACETS)
    everything = expected(language, {})
    for name in ("country", "innovation", "status"):  # one value per story: counts add up
        assert sum(count for _label, count, _checked in offered[name].values()) == len(everything)
    html = client.get(INDEX[language]).content.decode()
    for name, legend in LEGENDS[language].items():
        assert f"<legend>{legend}</legend>" in html, name
    labels = {label for values in offered.values() for label, _count, _checked in values.values()}
    named = {
        "lv": {"Latvija", "Sociālā inovācija", "Bākas piemērs"},
        "en": {"Latvia", "Social innovation", "Lighthouse example"},
    }
    assert named[language] <= labels
    step_labels = [label for label, _count, _checked in offered["step"].values()]
    assert all(re.match(r"\d+\. \S", label) for label in step_labels), step_labels


@pytest.mark.parametrize("language", ["lv", "en"])
def test_facets_combine_and_count_given_the_other_choices(client, language):
    offered = options(client.get(INDEX[language]).content.decode())
    country = max(offered["country"], key=lambda value: offered["country"][value][1])
    step = max(offered["step"], key=lambda value: offered["step"][value][1])
    chosen = {"country": country, "step": step}
    stories = expected(language, chosen)
    assert 0 < len(stories) < len(expected(language, {"country": country}))
    assert listed(client, INDEX[language], chosen) == stories
    assert_each_option_shows_its_count(client, language, chosen)
    # The map (another part of the index) takes every chosen story, not only the first page.
    context = client.get(INDEX[language], chosen).context
    assert {page.url for page in context["filtered_stories"]} == stories


def test_a_chosen_option_that_no_story_has_stays_visible_with_zero(client):
    lone = Challenge.objects.filter(locale__language_code="lv").exclude(
        slug__in=[value for page in public_stories("lv") for value in facts(page)["challenge"]]
    )[0]
    story("lv", title="Zviedru zīļuknis", country="SE", challenges=[lone])
    html = client.get(INDEX["lv"], {"country": "LV", "challenge": lone.slug}).content.decode()
    assert options(html)["challenge"][lone.slug] == (lone.title, 0, True)
    assert "Šai izvēlei vēl neatbilst neviens stāsts." in html
    assert 'href="/lv/stasti/">Noņemt visus filtrus</a>' in html
    assert not CARD.findall(html)


@pytest.mark.parametrize("language", ["lv", "en"])
def test_a_chosen_facet_is_checked_and_can_be_cleared_alone_or_with_the_rest(client, language):
    offered = options(client.get(INDEX[language]).content.decode())
    chosen = {name: next(iter(offered[name])) for name in ("country", "innovation", "challenge")}
    html = client.get(INDEX[language], chosen).content.decode()
    for name, value in chosen.items():
        assert options(html)[name][value][2], f"{name}={value} is not checked"
    # Each "all" link drops its own facet only, and keeps the others in the canonical order.
    base = INDEX[language]
    assert f'href="{base}?innovation={chosen["innovation"]}&amp;challenge=' in html
    assert (
        f'href="{base}?country={chosen["country"]}&amp;innovation={chosen["innovation"]}"' in html
    )
    clear_all = "Noņemt visus filtrus" if language == "lv" else "Clear all filters"
    assert f'<a href="{base}">{clear_all}</a>' in html
    assert clear_all not in client.get(base).content.decode()


@pytest.mark.parametrize("language", ["lv", "en"])
@pytest.mark.parametrize("bad", FACETS)
def test_a_bad_value_is_named_and_the_other_filters_still_apply(client, language, bad):
    offered = options(client.get(INDEX[language]).content.decode())
    kept = "status" if bad != "status" else "innovation"
    value = next(iter(offered[kept]))
    html = client.get(INDEX[language], {kept: value, bad: NONSENSE[bad]}).content.decode()
    message = f"{LEGENDS[language][bad]}: {UNKNOWN[language].format(NONSENSE[bad])}"
    assert message in html
    assert listed(client, INDEX[language], {kept: value, bad: NONSENSE[bad]}) == expected(
        language, {kept: value}
    )
    assert options(html)[kept][value][2]


def test_every_bad_value_at_once_is_named_and_every_story_is_listed(client):
    html = client.get(INDEX["en"], NONSENSE).content.decode()
    for name, value in NONSENSE.items():
        assert f"{LEGENDS['en'][name]}: {UNKNOWN['en'].format(value)}" in html
    assert listed(client, INDEX["en"], NONSENSE) == expected("en", {})
    assert "checked" not in html


def _unused(model, facet, **where):
    used = {value for page in public_stories("lv") for value in facts(page)[facet]}
    used |= {value for page in public_stories("en") for value in facts(page)[facet]}
    field = "step_number" if facet == "step" else "slug"
    return next(
        item
        for item in model.objects.filter(locale__language_code="lv", **where)
        if str(getattr(item, field)) not in used
    )


def _partner_addresses(name, value):
    return [
        f"{STORY_LIST_API}&{name}={value}",
        f"/lv/feeds/stories.rss?{name}={value}",
        f"/en/feeds/stories.atom?{name}={value}",
        f"/lv/data/stories.csv?{name}={value}",
        f"/en/data/stories.geojson?{name}={value}",
        f"/embed/stories/?lang=lv&{name}={value}",
    ]


def _text(response):
    """The body as text, also of a streamed response (the open data without a limit)."""
    return (response.getvalue() if response.streaming else response.content).decode()


def _quoted(response, value, instead):
    """The answer's text with the quoted `value` (as a message quotes it) put `instead`."""
    text = _text(response)
    for quote in ("'", "&#x27;", "&#39;"):
        text = text.replace(f"{quote}{value}{quote}", f"{quote}{instead}{quote}")
    return text


def test_hidden_stories_are_never_counted_nor_their_steps_and_challenges_offered(client):
    step = _unused(RoadmapStepPage, "step", live=True)
    challenge = _unused(Challenge, "challenge", live=True)
    before = options(client.get(INDEX["lv"]).content.decode())
    draft = story(
        "lv", title="Melnraksta zīļuknis", steps=[step], challenges=[challenge], live=False
    )
    private = story("lv", title="Privātais zīļuknis", steps=[step], challenges=[challenge])
    restrict(private)
    for page in (draft, private):
        GoodPracticeStory.objects.filter(pk=page.pk).update(
            innovation_type="technological", status="lighthouse"
        )
    html = client.get(INDEX["lv"]).content.decode()
    assert options(html) == before, "a hidden story changed what the index offers or counts"
    assert "zīļuknis" not in html
    # Named, they are as unknown as something that does not exist, on every channel.
    secret = {"step": str(step.step_number), "challenge": challenge.slug}
    for name, value in secret.items():
        answer = client.get(INDEX["lv"], {name: value}).content.decode()
        assert UNKNOWN["lv"].format(value) in answer
        assert listed(client, INDEX["lv"], {name: value}) == expected("lv", {})
        for address in _partner_addresses(name, value):
            hidden = client.get(address)
            nothing = client.get(address.replace(f"{name}={value}", f"{name}={NONSENSE[name]}"))
            assert hidden.status_code == nothing.status_code == 400, address
            assert _quoted(hidden, value, NONSENSE[name]) == _text(nothing), address
    # Once a public story has them, they are facets like any other.
    shown = story("lv", title="Publiskais zīļuknis", steps=[step], challenges=[challenge])
    offered = options(client.get(INDEX["lv"]).content.decode())
    assert offered["step"][secret["step"]] == (f"{step.step_number}. {step.title}", 1, False)
    assert offered["challenge"][challenge.slug] == (challenge.title, 1, False)
    assert listed(client, INDEX["lv"], secret) == {shown.url}
    assert client.get(f"{STORY_LIST_API}&step={secret['step']}").json()["meta"]["total_count"] == 1


def _a_full_choice(language):
    """Every new facet at once, with the values of a public story that has a step and a
    challenge (so that the choice lists at least that story)."""
    for page in public_stories(language).order_by("path"):
        have = facts(page)
        if have["step"] and have["challenge"]:
            return {
                "innovation": page.innovation_type,
                "status": page.status,
                "step": min(have["step"]),
                "challenge": min(have["challenge"]),
            }
    raise AssertionError(f"no {language} story with a step and a challenge")


@pytest.mark.parametrize("language", ["lv", "en"])
def test_the_partner_channels_take_the_same_parameters(client, language):
    chosen = _a_full_choice(language)
    stories = expected(language, chosen)
    assert stories
    query = "&".join(f"{name}={value}" for name, value in chosen.items())
    api = client.get(f"{STORY_LIST_API}&locale={language}&{query}").json()
    assert {Page.objects.get(pk=item["id"]).url for item in api["items"]} == stories
    rows = csv.DictReader(io.StringIO(_text(client.get(f"/{language}/data/stories.csv?{query}"))))
    assert {row["url"].removeprefix("http://testserver") for row in rows} == stories
    feed = ET.fromstring(client.get(f"/{language}/feeds/stories.rss?{query}").content)
    links = {item.findtext("link").removeprefix("http://testserver") for item in feed.iter("item")}
    assert links == stories
    widget = _text(client.get(f"/embed/stories/?lang={language}&limit=50&{query}"))
    assert widget.count('class="story-card"') == len(stories)
    # One more facet narrows the choice further (AND).
    narrower = client.get(f"{STORY_LIST_API}&locale={language}&{query}&country=AT").json()
    assert narrower["meta"]["total_count"] == len(expected(language, {**chosen, "country": "AT"}))


@pytest.mark.parametrize("name", ["innovation", "status", "step", "challenge"])
def test_the_partner_channels_refuse_a_bad_value_naming_the_parameter(client, name):
    for address in _partner_addresses(name, NONSENSE[name]):
        response = client.get(address)
        assert response.status_code == 400, address
        if address.startswith("/api/"):
            assert response.json()["message"].startswith(f"{name}: unknown"), address
        elif address.startswith("/embed/"):  # a page in the partner's frame
            assert f"{name}: unknown" in unescape(_text(response)), address
        else:
            assert _text(response).startswith(f"{name}: unknown"), address


def test_the_api_counts_a_story_once_whatever_it_links_twice(client):
    step = RoadmapStepPage.objects.live().filter(locale__language_code="lv").first()
    twice = story("lv", title="Divreiz zīļuknis", steps=[step, step])
    answer = client.get(f"{STORY_LIST_API}&locale=lv&step={step.step_number}").json()
    ids = [item["id"] for item in answer["items"]]
    assert ids.count(twice.pk) == 1 and answer["meta"]["total_count"] == len(ids)
    assert listed(client, INDEX["lv"], {"step": step.step_number}) == expected(
        "lv", {"step": str(step.step_number)}
    )


def test_the_index_costs_the_same_queries_for_one_story_or_many(client):
    home = HomePage.objects.get(locale__language_code="lv")
    index = StoryIndexPage(
        title="Citi stāsti", slug="citi-stasti", intro="Ievads.", locale=home.locale
    )
    home.add_child(instance=index)
    publish(index)
    steps = list(RoadmapStepPage.objects.live().filter(locale__language_code="lv")[:4])
    challenges = list(Challenge.objects.filter(locale__language_code="lv", live=True)[:4])
    themes = some_themes(3)
    first = story("lv", parent=index, steps=steps[:1], challenges=challenges[:1], themes=themes)
    chosen = {
        "country": "LV",
        "theme": themes[0].slug,
        "innovation": "social",
        "status": "in_transition",
        "step": str(steps[0].step_number),
        "challenge": challenges[0].slug,
    }
    query = "&".join(f"{name}={value}" for name, value in chosen.items())
    urls = {"all": index.url, "chosen": f"{index.url}?{query}"}
    before = {name: len(count_queries(client, url)) for name, url in urls.items()}
    assert CARD.findall(client.get(urls["chosen"]).content.decode()) == [first.url]
    for n in range(30):
        story(
            "lv",
            parent=index,
            country=("SE", "LV", "EE")[n % 3],
            steps=steps[: 1 + n % 4],
            challenges=challenges[n % 4 :],
            themes=themes[: 1 + n % 3],
            latitude=Decimal(f"56.{n:02d}"),
            longitude=Decimal("24.1"),
        )
    after = {name: len(count_queries(client, url)) for name, url in urls.items()}
    assert after == before
    assert len(listed(client, index.url, chosen)) > 1
