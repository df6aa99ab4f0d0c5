"""The reverse proxy of compose.yaml (deploy/Caddyfile), run for real: Debian's Caddy in front
of this site served by a live-server thread, with a media folder. What a reader gets through it
is what they get from the site alone: images with their caching, documents' files refused, every
other address passed to the site uncompressed by the proxy.

Without `caddy` installed (`make proxy`, apt-get as root) these tests are skipped."""

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

CADDYFILE = Path(__file__).resolve().parent.parent / "deploy" / "Caddyfile"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("caddy") is None, reason="caddy is not installed"),
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def proxy(site_url, tmp_path_factory):
    folder = tmp_path_factory.mktemp("proxy")
    media = folder / "media"
    (media / "images").mkdir(parents=True)
    (media / "images" / "ciems.width-960.png").write_bytes(b"\x89PNG a rendition")
    (media / "original_images").mkdir()
    (media / "original_images" / "ciems.png").write_bytes(b"\x89PNG the original")
    (media / "documents").mkdir()
    (media / "documents" / "protokols.txt").write_bytes(b"slepeni")
    port = free_port()
    environment = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(folder),
        "XDG_DATA_HOME": str(folder / "data"),
        "XDG_CONFIG_HOME": str(folder / "config"),
        "SITE_ADDRESS": f"http://127.0.0.1:{port}",
        "UPSTREAM": site_url.removeprefix("http://"),
        "MEDIA_ROOT": str(media),
        "CADDY_ADMIN": "off",
    }
    process = subprocess.Popen(
        ["caddy", "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode()) from None
            time.sleep(0.2)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


def fetch(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_images_come_from_the_media_folder_with_the_sites_caching(proxy):
    status, headers, body = fetch(f"{proxy}/media/images/ciems.width-960.png")
    assert (status, body) == (200, b"\x89PNG a rendition")
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    status, headers, body = fetch(f"{proxy}/media/original_images/ciems.png")
    assert (status, body) == (200, b"\x89PNG the original")
    assert headers["Cache-Control"] == "public, max-age=86400"


@pytest.mark.parametrize(
    "path",
    [
        "/media/documents/protokols.txt",
        "/media/images/../documents/protokols.txt",
        "/media/images/%2e%2e/documents/protokols.txt",
        "/media/",
    ],
)
def test_documents_files_and_the_rest_of_the_media_folder_are_not_served(proxy, path):
    status, _headers, body = fetch(f"{proxy}{path}")
    assert status == 404 and b"slepeni" not in body


def test_everything_else_reaches_the_site_and_is_compressed_only_where_the_site_allows(proxy):
    status, headers, body = fetch(f"{proxy}/lv/", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("Content-Encoding") == "gzip"  # by the site
    status, headers, body = fetch(f"{proxy}/admin/login/", **{"Accept-Encoding": "gzip"})
    assert status == 200 and "Content-Encoding" not in headers  # CSRF token: never (BREACH)
    assert b"csrfmiddlewaretoken" in body


def test_behind_the_proxy_a_forged_x_forwarded_for_does_not_get_past_a_limit(proxy, settings):
    """compose.yaml says NUM_PROXIES=1 for this Caddy: the address it puts rightmost in
    X-Forwarded-For is the client's, whatever the client wrote there itself."""
    from django.core.cache import cache

    cache.clear()
    settings.NUM_PROXIES = 1
    settings.READER_RATE_LIMIT, settings.READER_RATE_WINDOW = 3, 60
    answers = [
        fetch(f"{proxy}/lv/data/stories.csv", **{"X-Forwarded-For": f"198.51.100.{n}"})[0]
        for n in range(5)
    ]
    cache.clear()
    assert answers == [200, 200, 200, 429, 429]
