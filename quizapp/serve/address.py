"""Where the server listens, and the address it tells the teacher to hand out."""

from __future__ import annotations

import ipaddress
import socket

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach."""
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def public_url(host: str, port: int) -> str:
    """The address other machines use; for 0.0.0.0, this machine's own address."""
    if host in ("0.0.0.0", "::", ""):
        host = _own_address()
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def _own_address() -> str:
    """This machine's address on the local network (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: routing decides the address
            return str(probe.getsockname()[0])
    except OSError:
        return socket.gethostname()
