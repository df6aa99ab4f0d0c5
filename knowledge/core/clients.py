"""Who is asking: the one client address that every limit counts by (the admin's and page
passwords' lock-outs, the API's throttle and the readers' limits).

Behind `NUM_PROXIES` reverse proxies each proxy appends the address it was talking to to
`X-Forwarded-For`, so the client is the `NUM_PROXIES`-th address from the right: what the
outermost trusted proxy saw. Everything left of it was written by the client and can be
anything, so it is never used. Without proxies (`NUM_PROXIES=0`) the client is the socket's peer.
"""

import ipaddress

from django.conf import settings


def num_proxies():
    return int(getattr(settings, "NUM_PROXIES", 0) or 0)


def _valid(address):
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_address(request):
    """The client's IP address, or None when the request has none that is valid (a request
    made inside the program; a proxy that forwards something that is not an address). Never
    a string that is not an address: the lock-outs store it in an IP address column."""
    peer = _valid(request.META.get("REMOTE_ADDR") or "")
    proxies = num_proxies()
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not proxies or not forwarded:
        return peer
    addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
    if not addresses:
        return peer
    # Fewer addresses than proxies: the request came in past the outer proxies, and the
    # leftmost address is the one the first proxy it met appended.
    return _valid(addresses[-min(proxies, len(addresses))]) or peer
