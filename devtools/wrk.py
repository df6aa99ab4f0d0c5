"""Debian's `wrk` load generator: run it on one address and read what it printed."""

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

from django.core.management.base import CommandError

# wrk prints p50/p75/p90/p99 with --latency; the report script adds p95 and exact counts.
REPORT_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("bench: requests %d, non-2xx %d, p95 %d us\\n",
    summary.requests, summary.errors.status, latency:percentile(95)))
end
"""
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}
# What a reader's browser sends: the site compresses its pages, WhiteNoise its static files.
READER_HEADERS = ("Accept-Encoding: gzip, deflate, br", "Accept-Language: lv")


@dataclass
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    p95_ms: float | None = None
    requests: int = 0
    errors: int = 0  # answers other than 2xx/3xx, and socket errors

    def as_dict(self):
        return self.__dict__.copy()


def milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def parse(output):
    """The numbers of one wrk run (`--latency`, optionally with REPORT_SCRIPT)."""
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    latencies = dict(re.findall(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+(?:us|ms|s|m))\s*$", output, re.M))
    if not rate or set(latencies) != {"50", "99"}:
        raise CommandError(f"wrk printed no rate or latency distribution:\n{output}")
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if sockets:
        errors += sum(map(int, sockets.groups()))
    result = WrkResult(
        requests_per_second=float(rate.group(1)),
        p50_ms=milliseconds(latencies["50"]),
        p99_ms=milliseconds(latencies["99"]),
        errors=errors,
    )
    total = re.search(r"^\s+(\d+) requests in", output, re.M)
    if total:
        result.requests = int(total.group(1))
    report = re.search(r"^bench: requests (\d+), non-2xx (\d+), p95 (\d+) us$", output, re.M)
    if report:
        result.requests = int(report.group(1))
        result.p95_ms = int(report.group(3)) / 1000
    return result


def available():
    return shutil.which("wrk") is not None


def run(url, *, seconds, threads=2, connections=8):
    """Load `url` for `seconds` with `connections` open connections over `threads` threads."""
    if not available():
        raise CommandError(
            "wrk is not installed: `make wrk` installs Debian's (as root), or apt-get install wrk"
        )
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(REPORT_SCRIPT)
        script.flush()
        command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
        # wrk's own timeout (2 s) would count a slow page's answers as errors.
        command += ["--timeout", f"{seconds + 30}s"]
        for header in READER_HEADERS:
            command += ["-H", header]
        done = subprocess.run(
            [*command, "-s", script.name, url], capture_output=True, text=True, timeout=seconds + 60
        )
    if done.returncode:
        raise CommandError(f"wrk failed on {url}:\n{done.stdout}{done.stderr}")
    return parse(done.stdout)
