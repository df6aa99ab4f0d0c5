"""Who is asking: the one client address that every limit counts by (the admin's and page
passwords' lock-outs, the API's throttle and the readers' limits).

Behind `NUM_PROXIES` reverse proxies each proxy appends the address it was talking to to
`X-Forwarded-For`, so the client is the `NUM_PROXIES`-th address from the right: what the
outermost trusted proxy saw. Everything left of it was written by the client and can be
anything, so it is never used. Without proxies (`NUM_PROXIES=0`) the client is the socket's peer.
"""

from django.conf import settings


def num_proxies():
    return int(getattr(settings, "NUM_PROXIES", 0) or 0)


def client_address(request):
    peer = request.META.get("REMOTE_ADDR") or "unknown"
    proxies = num_proxies()
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not proxies or not forwarded:
        return peer
    addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
    if not addresses:
        return peer
    # Fewer addresses than proxies: the request came in past the outer proxies, and the
    # leftmost address is the one the first proxy it met appended.
    return addresses[-min(proxies, len(addresses))]
