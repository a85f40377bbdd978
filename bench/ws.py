"""A minimal RFC 6455 websocket client on asyncio streams (text frames, ping/pong, close): no dependency."""

from __future__ import annotations

import asyncio
import base64
import os
import struct
from urllib.parse import urlsplit

OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA


class WebSocketClosed(ConnectionError):
    """The server closed the connection (or the TCP stream ended)."""


def _mask(payload: bytes, key: bytes) -> bytes:
    # XOR with the 4-byte key, done on one big int: fast enough for small frames without numpy.
    if not payload:
        return payload
    n = len(payload)
    repeated = (key * (n // 4 + 1))[:n]
    return (int.from_bytes(payload, "big") ^ int.from_bytes(repeated, "big")).to_bytes(n, "big")


def encode_frame(opcode: int, payload: bytes) -> bytes:
    """One final, masked client frame."""
    head = bytes([0x80 | opcode])
    n = len(payload)
    if n < 126:
        head += bytes([0x80 | n])
    elif n < 1 << 16:
        head += bytes([0x80 | 126]) + struct.pack("!H", n)
    else:
        head += bytes([0x80 | 127]) + struct.pack("!Q", n)
    key = os.urandom(4)
    return head + key + _mask(payload, key)


class WebSocket:
    """A connected websocket: `send(text)`, `recv() -> (text, frame_bytes)`, `close()`."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.reader, self.writer = reader, writer
        self.closed = False

    @classmethod
    async def connect(cls, url: str, *, origin: str | None = None, timeout: float = 10.0,
                      headers: dict[str, str] | None = None) -> WebSocket:
        parts = urlsplit(url)
        host, port = parts.hostname or "127.0.0.1", parts.port or 80
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port, limit=2**24), timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}", "Upgrade: websocket", "Connection: Upgrade",
                 f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13", "User-Agent: easytrack-bench"]
        if origin:
            lines.append(f"Origin: {origin}")
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
        status = head.split(b"\r\n", 1)[0]
        if b" 101 " not in status + b" ":
            writer.close()
            raise ConnectionError(f"websocket upgrade refused: {status.decode(errors='replace')}")
        return cls(reader, writer)

    async def send(self, text: str) -> None:
        self.writer.write(encode_frame(OP_TEXT, text.encode()))
        await self.writer.drain()

    async def _frame(self) -> tuple[bool, int, bytes, int]:
        b0, b1 = await self.reader.readexactly(2)
        n, size = b1 & 0x7F, 2
        if n == 126:
            n, size = struct.unpack("!H", await self.reader.readexactly(2))[0], 4
        elif n == 127:
            n, size = struct.unpack("!Q", await self.reader.readexactly(8))[0], 10
        key = await self.reader.readexactly(4) if b1 & 0x80 else b""
        payload = await self.reader.readexactly(n)
        if key:
            payload = _mask(payload, key)
        return bool(b0 & 0x80), b0 & 0x0F, payload, size + len(key) + n

    async def recv(self) -> tuple[str, int]:
        """The next text (or binary) message and its size on the wire in bytes (headers included)."""
        parts, wire, opcode = [], 0, None
        try:
            while True:
                fin, op, payload, size = await self._frame()
                if op == OP_PING:
                    self.writer.write(encode_frame(OP_PONG, payload))
                    continue
                if op == OP_PONG:
                    continue
                if op == OP_CLOSE:
                    self.closed = True
                    raise WebSocketClosed(payload[2:].decode(errors="replace") or "closed by server")
                opcode = op if op != OP_CONT else opcode
                parts.append(payload)
                wire += size
                if fin:
                    return b"".join(parts).decode(errors="replace"), wire
        except (asyncio.IncompleteReadError, ConnectionResetError) as exc:
            self.closed = True
            raise WebSocketClosed(str(exc)) from None

    async def close(self) -> None:
        if not self.closed:
            self.closed = True
            try:
                self.writer.write(encode_frame(OP_CLOSE, struct.pack("!H", 1000)))
                await self.writer.drain()
            except (ConnectionError, RuntimeError):
                pass
        self.writer.close()
        try:
            await asyncio.wait_for(self.writer.wait_closed(), 2)
        except (asyncio.TimeoutError, ConnectionError, OSError):
            pass
