"""Every page type renders in both languages (their query budget: test_query_budget.py)."""

import pytest

from knowledge.content.schema import PAGE_MODELS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["lv", "en"])
@pytest.mark.parametrize(
    "model", sorted(PAGE_MODELS.values(), key=lambda m: m.__name__), ids=lambda m: m.__name__
)
def test_each_page_type_renders_in_both_languages(client, model, language):
    page = model.objects.live().filter(locale__language_code=language).first()
    assert page is not None, f"no live {model.__name__} in {language}"
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert page.title in html
    assert page.intro.split(".")[0][:40] in html or model.__name__ == "HomePage"
    assert html.count("<h1") == 1
    translation = page.get_translations().live().get()
    assert f'href="http://testserver{translation.url}"' in html
