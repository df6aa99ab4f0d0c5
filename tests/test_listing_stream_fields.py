"""The API's list of stories loads no stream field it does not show (#15 item 3); the other
listings (home, index, feeds, open data, widget) are checked in test_query_budget.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.fields import StreamField

from knowledge.models import GoodPracticeStory

pytestmark = pytest.mark.django_db

LIST = "/api/v2/pages/?type=knowledge.GoodPracticeStory&locale={}&limit=20"


def stream_columns_read(client, url):
    table = GoodPracticeStory._meta.db_table
    columns = [
        f'"{table}"."{field.column}"'
        for field in GoodPracticeStory._meta.concrete_fields
        if isinstance(field, StreamField)
    ]
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200 and response.json()["items"], url
    read = [q["sql"] for q in captured.captured_queries if f'FROM "{table}"' in q["sql"]]
    assert read, f"{url} read no stories"
    return {column for sql in read for column in columns if column in sql}


@pytest.mark.parametrize("language", ["lv", "en"])
def test_the_api_list_loads_stream_fields_only_when_asked_for(client, language):
    url = LIST.format(language)
    assert stream_columns_read(client, url) == set()
    assert stream_columns_read(client, url + "&fields=place,country") == set()
    table = GoodPracticeStory._meta.db_table
    assert f'"{table}"."body"' in stream_columns_read(client, url + "&fields=body")
