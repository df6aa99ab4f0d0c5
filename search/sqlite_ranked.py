"""Wagtail's database search backend, with one query fixed for SQLite.

Ordering SQLite results by relevance, Wagtail annotates every matching row with a correlated
subquery that runs the full-text MATCH again for that row: the cost grows with matches × index
size (a median of half a second per search at 2 000 pages). Here the score comes from the same
single query that finds the matches: one MATCH ordered by bm25, with LIMIT, and the wanted
pages picked from the ranked candidates. Everything else (indexing, filters, autocomplete,
PostgreSQL, MySQL) is Wagtail's.

Imported only on SQLite (its FTS model exists only there); see search/backends.py.
"""

import sys

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

from .sql import id_set

# Candidates checked against the queryset at a time (well under SQLite's variable limit).
MAX_CHUNK = 5000


class RankedMixin:
    def ranked_object_ids(self, config, start, stop):
        """Primary keys of the matching objects, best first, in one ranking query; None where
        Wagtail's own path is needed (match-all and negated queries).

        The score is FTS5's bm25 of the whole MATCH, computed once per row. (Wagtail's
        expression calls bm25 once per query term and multiplies `1 + bm25` across the terms
        of an AND query; bm25 is negative, so for two or more terms the best matches sorted
        last.) The queryset's filters (live, public, locale) are applied to the ranked
        candidates rather than joined into the ranking: building the list
        of every live page of a locale cost more than ranking the matches themselves."""
        normalized = normalize(self.query)
        if isinstance(normalized, MatchAll | Not):
            return None
        search_query = self.build_search_query(normalized, config=config)
        match = MatchExpression(self.fields or self.FTS_TABLE_FIELDS, search_query)
        ranked = (
            SQLiteFTSIndexEntry.objects.filter(match)
            .filter(
                index_entry__content_type__in=get_descendants_content_types_pks(self.queryset.model)
            )
            .annotate(score=BM25())
            .order_by("score", "-index_entry__object_id")
            .values_list("index_entry__object_id", flat=True)
        )
        wanted = self.queryset.order_by()
        to_python = self.queryset.model._meta.pk.to_python
        goal = stop if stop is not None else sys.maxsize

        def keep(object_ids):
            for offset in range(0, len(object_ids), MAX_CHUNK):
                batch = [to_python(pk) for pk in object_ids[offset : offset + MAX_CHUNK]]
                allowed = set(wanted.filter(pk__in=id_set(batch)).values_list("pk", flat=True))
                found.extend(pk for pk in batch if pk in allowed)
                if len(found) >= goal:
                    return

        # Usually the best candidates are wanted ones (a tenth more are fetched for those that
        # are not); when many are not (a prefix matching both languages' titles), the rest
        # comes in one more ranking, not one per chunk.
        found, head = [], min(goal + max(goal // 10, 100), MAX_CHUNK)
        candidates = list(ranked[:head])
        keep(candidates)
        if len(found) < goal and len(candidates) == head:
            keep(list(ranked[head:]))
        return found[start:stop]


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
