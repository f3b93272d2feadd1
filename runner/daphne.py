"""daphne, with request bodies bounded while they arrive: ``python -m runner.daphne`` takes
daphne's own arguments (`manage.py web` starts it so).

daphne (Twisted) buffers a whole request body before it calls the ASGI app, so a limit in
Django comes too late: a 400 MB upload was read in full before its 413, and a chunked one
(no Content-Length) was never refused. Here a declared length over the limit is answered
413 as soon as the headers are in, without reading the body; a body that grows past the
limit while arriving (chunked or not) is answered 413 there and then. Either way the
connection is closed, so the rest of the body is never read. The limits: homesec/bodies.py.
"""

import json
import logging

from daphne import http_protocol
from django.conf import settings
from twisted.internet import threads

from homesec import bodies

logger = logging.getLogger("runner.daphne")


class BoundedRequest(http_protocol.WebRequest):
    """daphne's request, refusing a body over its limit before the application sees it.
    Credentials raise the limit only once they check out: a body past the anonymous limit
    that shows some waits, unread, while a thread asks the database (homesec/bodies.py)."""

    limit: int | None = None
    declared = 0
    received = 0
    refused = False
    checking = False
    waiting: tuple | None = None  # requestReceived's arguments, held while checking

    def gotLength(self, length):
        self.limit, self.declared = bodies.limit(credentials=False), length or 0
        authorization = self.requestHeaders.getRawHeaders(b"Authorization", [None])[0]
        session = self.received_cookies.get(settings.SESSION_COOKIE_NAME.encode())
        shown = bodies.has_credentials(
            {settings.SESSION_COOKIE_NAME} if session else set(), authorization is not None
        )
        if shown and (length is None or self._over(length)):
            self._check(authorization, session)
        elif self._over(self.declared):
            super().gotLength(0)  # nothing of the body will be kept
            # Twisted answers "100 Continue" after this call when asked: not to a refusal.
            self.requestHeaders.removeHeader(b"Expect")
            self._refuse()
            return
        super().gotLength(length)

    def _check(self, authorization, session) -> None:
        """Stop reading, and ask in a thread whether the credentials are good."""
        self.checking = True
        self.channel.transport.pauseProducing()
        checked = threads.deferToThread(bodies.signed_in, authorization, session)
        checked.addErrback(
            lambda failure: logger.warning("credentials unchecked: %s", failure.getErrorMessage())
        )
        checked.addCallback(self._checked)

    def _checked(self, good: bool | None) -> None:
        self.checking = False
        if good:
            self.limit = bodies.limit(credentials=True)
        if self.channel is None or self.refused:
            return  # the client went away meanwhile
        if self._over(max(self.declared, self.received)):
            self._refuse()
            return
        self.channel.transport.resumeProducing()
        if self.waiting is not None:
            super().requestReceived(*self.waiting)

    def handleContentChunk(self, data):
        if self.refused:
            return  # what was already in the read buffer when the refusal went out
        self.received += len(data)
        if self._over(self.received) and not self.checking:
            self._refuse()
            return
        super().handleContentChunk(data)

    def requestReceived(self, command, path, version):
        if self.refused:
            return  # a refused request never reaches the application
        if self.requestHeaders.hasHeader(b"Transfer-Encoding"):
            # The body is whole and de-chunked now. Django reads CONTENT_LENGTH bytes of a
            # body (none when it is missing), so tell it how many there are.
            self.requestHeaders.removeHeader(b"Transfer-Encoding")
            self.requestHeaders.setRawHeaders(b"Content-Length", [b"%d" % self.received])
        if self.checking:
            self.waiting = (command, path, version)  # goes on once the check answers
            return
        super().requestReceived(command, path, version)

    def _over(self, size: int) -> bool:
        return self.limit is not None and size > self.limit

    def _refuse(self):
        """Answer 413 and close. Written to the connection directly, as Twisted answers a
        malformed request: the request line is not parsed into this request yet."""
        self.refused = True
        body = json.dumps(bodies.too_large(self.limit)).encode()
        head = (
            b"HTTP/1.1 413 Content Too Large\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body)
        )
        self.channel.transport.write(head + body)
        self.channel.loseConnection()  # stops reading: the rest of the body stays unread
        peer = self.channel.getPeer()
        logger.warning(
            "413: a body over %s bytes from %s refused", self.limit, getattr(peer, "host", peer)
        )


def main():
    # daphne's factory builds each request from this module attribute (HTTPFactory.
    # buildProtocol), and offers no option to name another class.
    http_protocol.WebRequest = BoundedRequest
    # `manage.py web` hands each daphne its socket as homesec-tls:fileno=N under HOMESEC_TLS.
    from daphne import server

    from runner import tls

    server.serverFromString = tls.server_from_string(server.serverFromString)
    from daphne.cli import CommandLineInterface

    CommandLineInterface.entrypoint()


if __name__ == "__main__":
    main()
