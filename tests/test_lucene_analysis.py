"""Our Latvian analysis against Lucene's own LatvianAnalyzer, word by word, over the whole
vocabulary of the site's Latvian pages.

Elasticsearch's `latvian` analyzer is Lucene's LatvianAnalyzer; Debian's liblucene8-java ships
it, and `make test` installs it when run as root. The site stems in Python (search/analysis.py)
so that every backend sees the same terms: this proves those terms are the ones Lucene would
make. Lucene does not fold diacritics, so its terms are compared after our folding step."""

import shutil
import subprocess
from pathlib import Path

import pytest

from search.analysis import analyze_word, fold, tokenize
from tests.conftest import all_public_pages

pytestmark = pytest.mark.django_db

JARS = [
    Path("/usr/share/java/lucene-core-8.7.0.jar"),
    Path("/usr/share/java/lucene-analyzers-common-8.7.0.jar"),
]
PROGRAM = Path(__file__).parent / "lucene" / "LatvianTerms.java"


def lucene_terms(words):
    """Lucene's LatvianAnalyzer output for each word ("" for a stop word)."""
    if not all(jar.exists() for jar in JARS):
        pytest.skip("Lucene is not installed (make lucene, or apt-get install liblucene8-java)")
    if not shutil.which("javac"):  # `java File.java` compiles the source: it needs a JDK
        pytest.skip("no JDK to run the Lucene comparison (apt-get install default-jdk-headless)")
    result = subprocess.run(
        ["java", "-cp", ":".join(map(str, JARS)), str(PROGRAM)],
        input="\n".join(words) + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=True,
    )
    pairs = (line.split("\t") for line in result.stdout.splitlines())
    return {word: terms for word, terms in pairs}


def site_vocabulary():
    words = set()
    for page in all_public_pages("lv").specific():
        for text, _weight in getattr(page, "search_text_parts", lambda: [])():
            words.update(word.lower() for word in tokenize(text))
    return sorted(words)


def test_every_latvian_word_of_the_site_gets_lucenes_term():
    words = site_vocabulary()
    assert len(words) > 3000  # the whole content, not a sample
    lucene = lucene_terms(words)
    assert set(lucene) == set(words)
    differences = {
        word: (lucene[word], analyze_word(word, "lv"))
        for word in words
        if fold(lucene[word]) != analyze_word(word, "lv")
    }
    assert differences == {}


def test_lucene_and_we_agree_on_the_issues_examples():
    examples = ["ciemiem", "kopienām", "zviedrijas", "stratēģija", "enerģijas", "un", "pēc"]
    lucene = lucene_terms(examples)
    assert {word: fold(lucene[word]) for word in examples} == {
        "ciemiem": "ciem",
        "kopienām": "kopien",
        "zviedrijas": "zviedrij",
        "stratēģija": "strategij",
        "enerģijas": "energij",
        "un": "",
        "pēc": "",
    }
    assert all(analyze_word(word, "lv") == fold(lucene[word]) for word in examples)
