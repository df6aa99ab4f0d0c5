"""Wagtail's database search backend, with one query fixed for SQLite.

Ordering SQLite results by relevance, Wagtail annotates every matching row with a correlated
subquery that runs the full-text MATCH again for that row: the cost grows with matches × index
size (a median of half a second per search at 2 000 pages). Here the score comes from the same
single query that finds the matches: one MATCH ordered by bm25, with LIMIT, and the
queryset's filters checked for each match inside that query. Everything else (indexing,
filters, autocomplete, PostgreSQL, MySQL) is Wagtail's.

Imported only on SQLite (its FTS model exists only there); see search/backends.py.
"""

from django.db.models import Exists, OuterRef
from modelsearch.backends.database.sqlite.query import BM25, MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteAutocompleteQueryCompiler,
    SQLiteFTSIndexEntry,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks


class RankedMixin:
    def ranked_object_ids(self, config, start, stop):
        """Primary keys of the matching objects, best first, in one ranking query; None where
        Wagtail's own path is needed (match-all and negated queries).

        The score is FTS5's bm25 of the whole MATCH, computed once per row. (Wagtail's
        expression calls bm25 once per query term and multiplies `1 + bm25` across the terms
        of an AND query; bm25 is negative, so for two or more terms the best matches sorted
        last.)

        The queryset's filters (live, public, locale) are an EXISTS on each match: one
        primary-key lookup per match. Wagtail's `pk IN (queryset)` builds the list of every
        live page of the locale first, which cost more than the ranking. Ranking first and
        filtering the best candidates afterwards was cheap only while most candidates were
        wanted: an English prefix such as "ener" also starts a thousand folded Latvian titles,
        and then it needed a second ranking."""
        normalized = normalize(self.query)
        if isinstance(normalized, MatchAll | Not):
            return None
        search_query = self.build_search_query(normalized, config=config)
        match = MatchExpression(self.fields or self.FTS_TABLE_FIELDS, search_query)
        wanted = self.queryset.order_by().filter(pk=OuterRef("index_entry__object_id"))
        ranked = (
            SQLiteFTSIndexEntry.objects.filter(match)
            .filter(
                index_entry__content_type__in=get_descendants_content_types_pks(self.queryset.model)
            )
            .filter(Exists(wanted))
            .annotate(score=BM25())
            .order_by("score", "-index_entry__object_id")
            .values_list("index_entry__object_id", flat=True)
        )
        to_python = self.queryset.model._meta.pk.to_python
        return [to_python(pk) for pk in ranked[start:stop]]


class RankedSQLiteSearchQueryCompiler(RankedMixin, SQLiteSearchQueryCompiler):
    pass


class RankedSQLiteAutocompleteQueryCompiler(RankedMixin, SQLiteAutocompleteQueryCompiler):
    pass


class RankedSQLiteSearchResults(SQLiteSearchResults):
    def object_ids(self, limit):
        """The ids of the best `limit` matches, without building a model instance for each
        (building a thousand pages costs more than the search)."""
        compiler = self.query_compiler
        ranked = compiler.ranked_object_ids(compiler.get_config(self.backend), 0, limit)
        if ranked is None:
            return [obj.pk for obj in self[:limit]]
        return ranked

    def _do_search(self):
        compiler = self.query_compiler
        if not compiler.order_by_relevance or self._score_field:
            return super()._do_search()
        pks = compiler.ranked_object_ids(compiler.get_config(self.backend), self.start, self.stop)
        if pks is None:
            return super()._do_search()
        objects = compiler.queryset.order_by().in_bulk(pks)
        return [objects[pk] for pk in pks if pk in objects]


class RankedSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = RankedSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = RankedSQLiteAutocompleteQueryCompiler
    results_class = RankedSQLiteSearchResults
