"""The search cluster's circuit breaker: after a failure or a timeout the cluster is skipped for
a cool-down and the database answers at once; then one request at a time (the probe) tries the
cluster again, and its success closes the breaker.

The state lives in Django's cache, so with Redis (production) every worker shares it: a hung
cluster costs the whole site one short timeout per cool-down, not one per worker. With the
in-process cache (the embedded default, which has no cluster anyway) each process keeps its
own breaker, which is still correct, only each process pays its own timeout.

A fallback is logged as one line, at most once per cool-down, never with a traceback: a
cluster that hangs under load would otherwise write a traceback per search."""

import logging
import time

from django.core.cache import cache

logger = logging.getLogger("search.cluster")

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half-open"


class ClusterUnavailable(Exception):
    """The cluster failed just now, or is skipped during its cool-down."""


class Breaker:
    def __init__(self, name, cooldown, probe_seconds):
        self.name = name
        self.cooldown = cooldown
        # A probe that never reports (its process died) frees the way after this long.
        self.probe_seconds = probe_seconds
        self._failed_key = f"search:breaker:{name}:failed-at"
        self._probe_key = f"search:breaker:{name}:probe"
        self._logged_key = f"search:breaker:{name}:logged"

    def state(self):
        """CLOSED, OPEN (skipped, with the seconds left) or HALF_OPEN (a probe may go)."""
        failed_at = cache.get(self._failed_key)
        if failed_at is None:
            return CLOSED, 0
        left = failed_at + self.cooldown - time.time()
        return (OPEN, left) if left > 0 else (HALF_OPEN, 0)

    def admit(self):
        """Whether this request may go to the cluster: "closed", "probe", or None (skip it)."""
        state, _left = self.state()
        if state == CLOSED:
            return CLOSED
        if state == HALF_OPEN and cache.add(self._probe_key, time.time(), self.probe_seconds):
            return "probe"
        return None

    def succeeded(self, admitted):
        """The cluster answered; returns True when this closed the breaker (it is back)."""
        if admitted != "probe":
            return False
        cache.delete_many([self._failed_key, self._probe_key, self._logged_key])
        logger.info("search cluster %s answers again; searches go to it", self.name)
        return True

    def failed(self, exc, doing):
        """The cluster failed or timed out: skip it for a cool-down, say so in one line."""
        cache.set(self._failed_key, time.time(), None)
        cache.delete(self._probe_key)
        if cache.add(self._logged_key, True, self.cooldown):
            logger.warning(
                "search cluster %s failed while %s (%s: %s); the database answers for the "
                "next %s s",
                self.name,
                doing,
                type(exc).__name__,
                str(exc).splitlines()[0][:200] if str(exc) else "",
                self.cooldown,
            )

    def reset(self):
        cache.delete_many([self._failed_key, self._probe_key, self._logged_key])
