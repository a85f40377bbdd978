"""A real SMTP server for tests (aiosmtpd on 127.0.0.1, a free port) collecting what it receives.

Use the `smtp_server` fixture by importing it into a test module or a conftest
(`from tests.smtp import smtp_server  # noqa: F401`), or list "tests.smtp" in the root conftest's
`pytest_plugins`. For a longer-lived server (e.g. a session-scoped e2e fixture) use `running_smtp_server()`.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import socket
import threading
import time
from collections.abc import Iterator
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

HOST = "127.0.0.1"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class _Collector:
    """aiosmtpd handler: parses each message and keeps it, with the envelope's recipients."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []
        self.received = threading.Condition()

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        with self.received:
            self.messages.append(message)
            self.recipients.append(list(envelope.rcpt_tos))
            self.received.notify_all()
        return "250 Message accepted for delivery"


class SmtpServer:
    """A running test SMTP server: where it listens and what it received."""

    def __init__(self, port: int, collector: _Collector, user: str | None, password: str | None) -> None:
        self.host, self.port = HOST, port
        self.user, self.password = user, password
        self._collector = collector

    @property
    def messages(self) -> list[EmailMessage]:
        """Received messages in arrival order; `m["To"]`, `m["Subject"]`, `body(m)` read them."""
        return self._collector.messages

    @property
    def recipients(self) -> list[list[str]]:
        """The envelope recipients (RCPT TO) of each message, in the same order."""
        return self._collector.recipients

    def env(self) -> dict[str, str]:
        """EASYTRACK_* settings pointing the app at this server (for easytrack.config.load or a subprocess)."""
        env = {"EASYTRACK_SMTP_HOST": self.host, "EASYTRACK_SMTP_PORT": str(self.port)}
        env["EASYTRACK_SMTP_SECURITY"] = "none"
        if self.user:
            env |= {"EASYTRACK_SMTP_USER": self.user, "EASYTRACK_SMTP_PASSWORD": self.password or ""}
        return env

    def wait_for(self, count: int = 1, timeout: float = 10.0) -> list[EmailMessage]:
        """Block until at least `count` messages arrived (for mail sent in the background); fail on timeout."""
        deadline = time.monotonic() + timeout
        with self._collector.received:
            while len(self.messages) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    pytest.fail(f"expected {count} e-mail(s) within {timeout} s, got {len(self.messages)}")
                self._collector.received.wait(left)
        return list(self.messages)

    def clear(self) -> None:
        with self._collector.received:
            self.messages.clear()
            self.recipients.clear()


def body(message: EmailMessage) -> str:
    """The plain-text body of a received message."""
    return message.get_body(preferencelist=("plain",)).get_content()


@contextlib.contextmanager
def running_smtp_server(*, user: str | None = None, password: str | None = None) -> Iterator[SmtpServer]:
    """Run an SMTP server on 127.0.0.1 for the block; with `user`, it requires AUTH with that password."""
    collector = _Collector()
    port = free_port()
    options: dict = {}
    if user is not None:
        authenticator = _Authenticator(user, password or "")
        options = {"authenticator": authenticator, "auth_required": True, "auth_require_tls": False}
    controller = Controller(collector, hostname=HOST, port=port, **options)
    controller.start()
    try:
        yield SmtpServer(port, collector, user, password)
    finally:
        controller.stop()


class _Authenticator:
    def __init__(self, user: str, password: str) -> None:
        self.user, self.password = user.encode(), password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        given = (auth_data.login, auth_data.password) if isinstance(auth_data, LoginPassword) else None
        ok = given == (self.user, self.password)
        return AuthResult(success=ok, handled=False)


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server on 127.0.0.1 (free port, no TLS, no AUTH) for one test."""
    with running_smtp_server() as server:
        yield server
