"""The CalDAV side of publishing, through the ``caldav`` client library.

One :class:`CalendarServer` per publish: it checks the URL (https, or plain http to this
machine), finds the calendar (the URL itself, or a calendar named after the plan in the
account's calendar home) or makes it, lists the ETags of its events in one request, and puts
or deletes single events on the condition that the server still holds what hamplan expects
(``If-Match`` / ``If-None-Match``). Every failure comes out as one
:class:`~hamplan.errors.PublishError` naming what went wrong: the URL, the login, a server
that does not speak CalDAV, or the network. The password goes to the client library and
nowhere else.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from hamplan.errors import MissingExtraError, PublishError
from hamplan.export.publish.changes import href_key

if TYPE_CHECKING:
    from types import TracebackType

PIP_LINE = 'pip install "hamplan[caldav]"'
CALENDAR_TYPE = "{urn:ietf:params:xml:ns:caldav}calendar"
COLLECTION_TYPE = "{DAV:}collection"
ADDRESS_BOOK_TYPE = "{urn:ietf:params:xml:ns:carddav}addressbook"
DEFAULT_TIMEOUT_S = 30.0


def _caldav() -> Any:
    try:
        import caldav
    except ImportError as exc:
        raise MissingExtraError(f"publishing to a calendar needs the caldav client ({exc}). Install it with: {PIP_LINE}") from exc
    return caldav


def checked_url(url: str, *, allow_http: bool = False) -> str:
    """``url`` as a collection URL (ending in ``/``), or a PublishError saying what is wrong.

    https:// always; plain http:// only to this machine (a loopback address or ``localhost``)
    unless ``allow_http``, because it would send the password and the plan unencrypted.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PublishError(f"url: {url!r} is not a calendar address; give one like https://caldav.example.com/calendars/me/")
    if parts.username is not None or parts.password is not None:
        raise PublishError(
            "url: leave the user name and password out of the URL; give the user with --user and the "
            "password in the environment variable HAMPLAN_CALDAV_PASSWORD"
        )
    if parts.scheme == "http" and not allow_http and not is_loopback(parts.hostname):
        raise PublishError(
            f"url: plain http:// to {parts.hostname} would send your password and plan unencrypted; use "
            "https://, or --allow-http for a server on a network you trust"
        )
    if parts.query or parts.fragment:
        raise PublishError(f"url: {url!r} has a query or fragment; give the calendar's address alone")
    return parts._replace(path=parts.path.rstrip("/") + "/").geturl()


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost" or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class CalendarLocation:
    url: str  # the calendar collection, ending in "/"
    exists: bool

    @property
    def path(self) -> str:
        return urlsplit(self.url).path


@dataclass(frozen=True)
class Written:
    """The outcome of one conditional request."""

    done: bool  # False: the condition failed (the server's copy is not the one expected)
    etag: str | None = None  # the new ETag after a put, when the server gave one


class CalendarServer:
    """A connection to one CalDAV account; use it as a context manager."""

    def __init__(self, url: str, user: str | None, password: str | None, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        caldav = _caldav()
        self.url = url
        self._user = user
        origin = urlsplit(url)
        self._origin = f"{origin.scheme}://{origin.netloc}"
        with self._translated():
            self._client = caldav.DAVClient(
                url=url, username=user, password=password, timeout=timeout_s, enable_rfc6764=False
            )

    def __enter__(self) -> CalendarServer:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self._client.close()

    # -- finding the calendar ------------------------------------------------------------------

    def locate(self, calendar_id: str) -> CalendarLocation:
        """The calendar at the URL; or, when the URL is an account or server address (a
        collection that is not a calendar), the calendar ``calendar_id`` in the account's
        calendar home. Nothing is created here."""
        kinds = self._resource_types(self.url)
        if kinds is None:
            return CalendarLocation(self.url, exists=False)
        if CALENDAR_TYPE in kinds:
            return CalendarLocation(self.url, exists=True)
        if COLLECTION_TYPE not in kinds or ADDRESS_BOOK_TYPE in kinds:
            raise PublishError(f"{self.url} is not a calendar; give the address of a calendar, or of your account, with --url")
        with self._translated():
            home_set = self._client.principal().calendar_home_set
        if home_set is None or getattr(home_set, "url", None) is None:
            raise PublishError(f"{self.url} is neither a calendar nor a CalDAV account (no calendar home found)")
        home = str(home_set.url)
        target = urljoin(home.rstrip("/") + "/", calendar_id + "/")
        found = self._resource_types(target)
        if found is not None and CALENDAR_TYPE not in found:
            raise PublishError(f"{target} exists but is not a calendar; give the address of a calendar with --url")
        return CalendarLocation(target, exists=found is not None)

    def _resource_types(self, url: str) -> list[str] | None:
        """The resource types at ``url``, None when nothing is there."""
        with self._translated():
            response = self._client.propfind(url, props=["resourcetype"], depth=0)
        if response.status == 404:
            return None
        if response.status != 207 or not response.results:
            raise PublishError(f"{url} does not answer as a CalDAV server (PROPFIND: {response.status} {response.reason})")
        mine = [r for r in response.results if href_key(urlsplit(r.href).path).rstrip("/") == href_key(urlsplit(url).path).rstrip("/")]
        types = (mine or response.results)[0].properties.get("{DAV:}resourcetype") or []
        return [types] if isinstance(types, str) else list(types)

    def create_calendar(self, location: CalendarLocation, display_name: str) -> None:
        """MKCALENDAR at ``location`` with a display name, for events only."""
        from caldav.elements import cdav, dav
        from lxml import etree

        body = cdav.Mkcalendar() + (
            dav.Set() + (dav.Prop() + [dav.DisplayName(display_name), cdav.SupportedCalendarComponentSet() + cdav.Comp("VEVENT")])
        )
        xml = etree.tostring(body.xmlelement(), encoding="utf-8", xml_declaration=True).decode("utf-8")
        with self._translated():
            response = self._client.mkcalendar(location.url, xml)
        if response.status not in (200, 201):
            hint = " (does the address above it exist?)" if response.status in (403, 404, 409) else ""
            raise PublishError(f"cannot create the calendar {location.url}: {response.status} {response.reason}{hint}")

    # -- events --------------------------------------------------------------------------------

    def etags(self, location: CalendarLocation) -> dict[str, str]:
        """Every event's decoded path in the calendar and its current ETag, in one request."""
        with self._translated():
            response = self._client.propfind(location.url, props=["getetag", "resourcetype"], depth=1)
        if response.status != 207:
            raise PublishError(f"cannot list the calendar {location.url}: {response.status} {response.reason}")
        out: dict[str, str] = {}
        for result in response.results or []:
            etag = result.properties.get("{DAV:}getetag")
            if etag and not result.properties.get("{DAV:}resourcetype"):
                out[href_key(urlsplit(result.href).path)] = etag
        return out

    def put(self, href: str, body: bytes, *, if_match: str | None) -> Written:
        """Store one event: over the copy with ETag ``if_match``, or (None) only if none is there."""
        condition = {"If-Match": if_match} if if_match is not None else {"If-None-Match": "*"}
        headers = {"Content-Type": "text/calendar; charset=utf-8", **condition}
        with self._translated():
            response = self._client.put(self._absolute(href), body, headers)
        if response.status == 412:
            return Written(done=False)
        if response.status not in (200, 201, 204):
            raise PublishError(f"the server refused to store {href}: {response.status} {response.reason}")
        return Written(done=True, etag=response.headers.get("ETag"))

    def delete(self, href: str, *, if_match: str) -> Written:
        """Remove one event, only if the server still has the copy with ETag ``if_match``."""
        with self._translated():
            response = self._client.delete(self._absolute(href), {"If-Match": if_match})
        if response.status == 412:
            return Written(done=False)
        if response.status not in (200, 204, 404):  # 404: already gone, which is what was wanted
            raise PublishError(f"the server refused to remove {href}: {response.status} {response.reason}")
        return Written(done=True)

    def _absolute(self, href: str) -> str:
        return urljoin(self._origin, href)

    @contextmanager
    def _translated(self) -> Iterator[None]:
        """The client library's and the network's errors as one PublishError each."""
        from caldav.lib import error

        try:
            yield
        except PublishError:
            raise
        except error.AuthorizationError as exc:
            if getattr(exc, "status", None) == 403:  # logged in, but this address is not theirs
                raise PublishError(
                    f"{self._origin} refused access to {exc.url or self.url} (403 Forbidden); is the address "
                    f"right, and is it user {self._user!r}'s?"
                ) from None
            who = f" for user {self._user!r}" if self._user else " (no --user given)"
            raise PublishError(
                f"{self._origin} refused the login{who}; check --user and the password in HAMPLAN_CALDAV_PASSWORD"
            ) from None
        except OSError as exc:  # the HTTP libraries' connection errors and timeouts are OSErrors
            raise PublishError(f"cannot reach {self._origin}: {network_reason(exc)}") from None
        except (error.DAVError, ValueError, KeyError, SyntaxError, NotImplementedError) as exc:  # not WebDAV XML, no principal, …
            raise PublishError(f"{self.url} does not answer as a CalDAV server ({_reason(exc)})") from None


#: What a runner is told for the network failures that have a plain cause, most specific first.
_NETWORK_REASONS: tuple[tuple[type[BaseException], str], ...] = (
    (ConnectionRefusedError, "connection refused — is the CalDAV server running?"),
    (socket.gaierror, "the host name is unknown — check the address and the network"),
    (ConnectionResetError, "the server closed the connection — is it a CalDAV server, and is it running?"),
    (TimeoutError, "no answer in time — is the server up and the network working?"),
    (ssl.SSLError, "the secure connection failed — is it https:// on this port, with a valid certificate?"),
)
_OBJECT_REPR = re.compile(r"<[\w.]+ object at 0x[0-9a-f]+>:?\s*")


def network_reason(exc: BaseException) -> str:
    """A network failure in one plain sentence: the HTTP libraries wrap the socket's error several
    levels deep (retries, pools), so the chain is searched for a cause a runner can act on."""
    seen: set[int] = set()
    pending: list[BaseException] = [exc]
    causes: list[BaseException] = []
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        causes.append(current)
        linked = [current.__cause__, current.__context__, getattr(current, "reason", None), *current.args]
        pending += [e for e in linked if isinstance(e, BaseException)]
    for kind, sentence in _NETWORK_REASONS:
        if any(isinstance(cause, kind) for cause in causes):
            return sentence
    text = " ".join(str(causes[-1]).split())
    if "refused" in text.lower():
        return _NETWORK_REASONS[0][1]
    text = _OBJECT_REPR.sub("", text).strip()
    return (text if len(text) <= 200 else text[:200] + "…") if text else type(exc).__name__


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 200 else text[:200] + "…"


__all__ = ["PIP_LINE", "CalendarLocation", "CalendarServer", "Written", "checked_url", "is_loopback", "network_reason"]
