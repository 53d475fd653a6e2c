"""Running the web page: open the index once, listen, hand requests to uvicorn.

The socket is bound here, before uvicorn starts, so a port in use is one
line and exit code 1 (uvicorn alone would log it and exit), and `--port 0`
picks a free port whose address is printed.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
import webbrowser
from collections.abc import Callable

import uvicorn

from cablesearch.api import CableIndex
from cablesearch.errors import CablesearchError
from cablesearch.web.app import build_app

#: Host names that mean "this machine only".
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
#: Host headers a loopback server answers (any port).
LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]", "::1"]


def is_loopback(host: str) -> bool:
    """Is `host` an address only this machine reaches (127.0.0.0/8, ::1, localhost)?"""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def network_warning(host: str) -> str | None:
    """The warning printed for a host other than the loopback, or None."""
    if is_loopback(host):
        return None
    return (f"warning: listening on {host}: every cable in the index is visible to anyone who can reach this "
            "machine on the network (the default, 127.0.0.1, keeps it to this machine)")


def listen(host: str, port: int) -> socket.socket:
    """A listening socket on host:port; CablesearchError (exit code 1) naming the address when
    it cannot be had (in use, not an address of this machine, a privileged port)."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
        family, _, _, _, address = infos[0]
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        raise CablesearchError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


def page_url(sock: socket.socket) -> str:
    """The address to open for a listening socket."""
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def run(index: str | os.PathLike[str] | None, *, host: str, port: int, open_browser: bool,
        echo: Callable[[str], None] | None) -> None:
    """`web.serve`: see there. Returns when the server stops (Ctrl-C)."""
    say = echo or (lambda line: print(line, file=sys.stderr, flush=True))
    with CableIndex.open(index) as ix:
        warning = network_warning(host)
        if warning:
            say(warning)
        app = build_app(ix, allowed_hosts=None if warning else LOOPBACK_HOSTS)
        sock = listen(host, port)
        url = page_url(sock)
        say(f"serving {ix.path} at {url}  (read-only; Ctrl-C to stop)")
        if open_browser:  # the socket listens already: the browser's request waits for uvicorn
            webbrowser.open(url)
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                                server_header=False)
        try:
            uvicorn.Server(config).run(sockets=[sock])
        finally:
            sock.close()
