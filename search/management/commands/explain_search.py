"""`manage.py explain_search "query" --locale lv`: how the search read a query and why its top
results rank where they do, so that an editor can mend a miss with a synonym (a glossary
term's "also written as") rather than ask a developer."""

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from search.analysis import LANGUAGES, analyze_word, tokenize
from search.service import FUSION_K, SYNONYM_WEIGHT, search_pages, title_weight
from search.thesaurus import spans, thesaurus


class Command(BaseCommand):
    help = "Show how a query is analysed and expanded, and why each top result ranks there."

    def add_arguments(self, parser):
        parser.add_argument("query")
        parser.add_argument("--locale", default="lv", choices=LANGUAGES)
        parser.add_argument("--top", type=int, default=10)

    def handle(self, query, locale, top, **options):
        if top < 1:
            raise CommandError("--top must be 1 or more")
        outcome = search_pages(query, locale)
        write = self.stdout.write
        write(f"Query: {outcome.query!r} ({locale})")
        write("Analysis (word → term; no term: a stop word):")
        for word in tokenize(outcome.query):
            write(f"  {word} → {analyze_word(word, locale) or '—'}")
        if outcome.suggestion:
            write(f'Spelling: read as "{outcome.suggestion}" (shown as "Did you mean")')
        write(f"Terms searched: {' '.join(outcome.corrected_terms) or '—'}")
        self._synonyms(outcome, locale)
        if not outcome.matches:
            write("No page matches. Add the reader's word to a glossary term's «also written as».")
            return
        lists = [("your words", outcome.corrected_terms, 1.0)] + [
            (f"synonym {' '.join(terms)}", terms, SYNONYM_WEIGHT) for terms in outcome.alternatives
        ]
        titles = dict(Page.objects.filter(pk__in=outcome.matches[:top]).values_list("pk", "title"))
        urls = {p.pk: p.url for p in Page.objects.filter(pk__in=outcome.matches[:top])}
        write(f"{outcome.total} pages match. The top {min(top, outcome.total)}:")
        for place, pk in enumerate(outcome.matches[:top], 1):
            write(f"{place:>3}. {titles[pk]}  {urls[pk]}")
            score = 0.0
            for (name, _terms, weight), matches in zip(lists, outcome.ranked, strict=False):
                if pk in matches:
                    at = matches.index(pk)
                    score += weight / (FUSION_K + at)
                    write(f"       found by {name}: place {at + 1} in the backend's order")
            hits, coverage = title_weight(
                titles[pk], outcome.corrected_terms, locale, outcome.alternatives
            )
            write(
                f"       score {score * 1000:.2f} (1000 ÷ ({FUSION_K - 1} + place) in each list, "
                f"a synonym's list × {SYNONYM_WEIGHT}); "
                f"title holds {hits:g} of the terms ({coverage:.0%} of the title)"
            )
        write(
            "Order: first by the terms a title holds, then by its share of the title, then by "
            "the score."
        )

    def _synonyms(self, outcome, locale):
        book = thesaurus(locale)
        found = spans(outcome.corrected_terms, locale)
        if not found:
            self.stdout.write("Synonyms: none of these words is in the thesaurus.")
            return
        for start, end, others in found:
            own = " ".join(outcome.corrected_terms[start:end])
            written = [book["groups"][n][o] for o in others for n in book["index"][o][:1]]
            self.stdout.write(f"Synonyms of «{own}»: {'; '.join(written)}")
        if not outcome.alternatives:
            self.stdout.write("  (no page uses any of them, so none was searched)")
        for terms in outcome.alternatives:
            self.stdout.write(f"  also searched: {' '.join(terms)}")
