"""The site under gunicorn with production settings on a free local port, for the benchmarks."""

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.management.base import CommandError

# The search cluster is left out: the database's search is what the benchmarks measure,
# whatever the shell that runs them has set. The cache is production's, Redis (production
# refuses to start without a cache its workers share): REDIS_URL, or the local server, with a
# key prefix of the run's own so that nothing a run keeps is read by another.
LEFT_OUT = ("CACHE_URL", "ELASTICSEARCH_URL", "OPENSEARCH_URL")
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
RUN_PREFIX = f"bench-{secrets.token_hex(4)}"


def shared_cache():
    """Production's cache settings for the benchmark, after checking that Redis answers."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        raise CommandError(
            f"The benchmark runs the site as production does, with Redis as its cache, and "
            f"Redis does not answer at {REDIS_URL} ({error}). Start it or set REDIS_URL."
        ) from None
    return {"REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": RUN_PREFIX}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_environment(base, **extra):
    """Production settings as a deployment sets them, for plain HTTP on 127.0.0.1."""
    environment = {key: value for key, value in os.environ.items() if key not in LEFT_OUT}
    return environment | {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(40),  # throwaway: this process only
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on 127.0.0.1
        "ALLOWED_HOSTS": "127.0.0.1",
        "WAGTAILADMIN_BASE_URL": base,
        "EDITORS_EMAIL": "redaktori@127.0.0.1",
        "LOG_LEVEL": "WARNING",
        **shared_cache(),
        **extra,
    }


def collect_static():
    """Production serves the hashed, compressed copies that `collectstatic` makes."""
    environment = production_environment("http://127.0.0.1")
    done = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise CommandError(f"collectstatic failed:\n{done.stdout}{done.stderr}")


@contextlib.contextmanager
def gunicorn(workers=2, probe="/api/v2/pages/?limit=1", **extra):
    """Serve the site with `workers` sync workers; yields its base address. `extra` are
    environment variables (settings) for the site."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--chdir",
        str(settings.BASE_DIR),
    ]
    environment = production_environment(base, **extra)
    with tempfile.TemporaryFile(mode="w+") as log:
        # Its own session: Ctrl-C reaches the command, which then stops gunicorn itself; so
        # does a plain kill (SIGTERM), which would otherwise skip the `finally`.
        server = subprocess.Popen(
            command, env=environment, stdout=log, stderr=log, start_new_session=True
        )
        previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        try:
            wait_until_answering(server, base + probe, log)
            yield base
        finally:
            signal.signal(signal.SIGTERM, previous)
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def wait_until_answering(server, url, log, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise CommandError(f"gunicorn stopped (exit {server.returncode}):\n{log.read()}")
        try:
            with urllib.request.urlopen(url, timeout=timeout):
                return
        except urllib.error.HTTPError as error:
            log.seek(0)
            raise CommandError(f"gunicorn answered {error.code}:\n{log.read()}") from None
        except OSError:  # not listening yet
            time.sleep(0.2)
    log.seek(0)
    raise CommandError(f"gunicorn did not answer within {timeout} s:\n{log.read()}")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]
