"""Wagtail's database search backend, with one query fixed for SQLite.

Ordering SQLite results by relevance, Wagtail annotates every matching row with a correlated
subquery that runs the full-text MATCH again for that row: the cost grows with matches × index
size (a median of half a second per search at 2 000 pages). Here the score comes from the same
single query that finds the matches: one MATCH, joined to the wanted pages, ordered by bm25,
with LIMIT. Everything else (indexing, filters, autocomplete, PostgreSQL, MySQL) is Wagtail's.

Imported only on SQLite (its FTS model exists only there); see search/backends.py.
"""

from django.db.models import CharField
from django.db.models.functions import Cast
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
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
        """Ids of the matching objects, best first, in one query; None where Wagtail's own
        path is needed (match-all and negated queries)."""
        normalized = normalize(self.query)
        if isinstance(normalized, MatchAll | Not):
            return None
        search_query = self.build_search_query(normalized, config=config)
        match = MatchExpression(self.fields or self.FTS_TABLE_FIELDS, search_query)
        rank = self._build_rank_expression(self.get_search_vectors(), config)
        wanted = (
            self.queryset.order_by()
            .annotate(_search_pk=Cast("pk", output_field=CharField()))
            .values("_search_pk")
        )
        hits = (
            SQLiteFTSIndexEntry.objects.filter(match)
            .filter(
                index_entry__content_type__in=get_descendants_content_types_pks(
                    self.queryset.model
                ),
                index_entry__object_id__in=wanted,
            )
            .annotate(score=rank)
            .order_by("score", "-index_entry__object_id")
            .values_list("index_entry__object_id", flat=True)
        )
        return list(hits[start:stop])


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
        pk_field = compiler.queryset.model._meta.pk
        return [pk_field.to_python(object_id) for object_id in ranked]

    def _do_search(self):
        compiler = self.query_compiler
        if not compiler.order_by_relevance or self._score_field:
            return super()._do_search()
        object_ids = compiler.ranked_object_ids(
            compiler.get_config(self.backend), self.start, self.stop
        )
        if object_ids is None:
            return super()._do_search()
        pk_field = compiler.queryset.model._meta.pk
        pks = [pk_field.to_python(object_id) for object_id in object_ids]
        objects = compiler.queryset.order_by().in_bulk(pks)
        return [objects[pk] for pk in pks if pk in objects]


class RankedSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = RankedSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = RankedSQLiteAutocompleteQueryCompiler
    results_class = RankedSQLiteSearchResults
