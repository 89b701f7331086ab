"""Links in chat messages, and their canonical form (one article, one URL)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_URL = re.compile(r"<?(https?://[^\s<>|]+)>?", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\"’”*_~"
TRACKING_PARAMS = {
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "mc_cid",
    "mc_eid",
    "igshid",
    "yclid",
    "_ga",
    "_gl",
    "ref_src",
    "ref_url",
    "cmpid",
    "ocid",
    "smid",
    "s_cid",
    "twclid",
}


@dataclass(frozen=True)
class SharedLink:
    """A link as written in a message, and its canonical form (computed once, here)."""

    url: str
    canonical: str

    @classmethod
    def of(cls, url: str) -> SharedLink:
        """Raises ValueError for a URL that cannot be parsed."""
        return cls(url, canonicalize(url))


def find_links(text: str, limit: int = 5) -> list[SharedLink]:
    """http(s) links in a message, in order, without duplicates or trailing punctuation."""
    found: list[SharedLink] = []
    seen: set[str] = set()
    for match in _URL.finditer(text or ""):
        url = match.group(1)
        # Markdown links and parentheses: keep a ")" only when the URL opened one.
        while url and url[-1] in _TRAILING:
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break
            url = url[:-1]
        try:
            parts = urlsplit(url)
        except ValueError:
            continue
        if not parts.hostname:
            continue
        try:
            key = canonicalize(url)
        except ValueError:
            continue
        if key not in seen:
            seen.add(key)
            found.append(SharedLink(url, key))
        if len(found) >= limit:
            break
    return found


def canonicalize(url: str) -> str:
    """Lower-case scheme and host, no default port, fragment, tracking parameters or trailing slash."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in TRACKING_PARAMS
    ]
    return urlunsplit((scheme, host, path, urlencode(query, doseq=True), ""))
