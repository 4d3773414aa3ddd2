"""nginx as the stack's load balancer: its configuration, written for each start from the stack's ports.

Two balancers in one nginx: the public one spreads chat requests over the Rasa servers (and serves
the widget's files), the internal one on loopback spreads action calls over the action servers.
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import shutil
from dataclasses import dataclass
from pathlib import Path

from bot.action_request_check import MAX_REQUEST_BYTES
from bot.web.channel import too_long_text
from bot.web.demo_server import STATIC_DIR

# A Rasa server that refuses the connection or dies mid-request is skipped for the next one. A request
# that a server is still working on is never sent twice (no `timeout` here): it would answer twice.
_CONFIG = """\
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
{user}
events {{ worker_connections 1024; }}

http {{
    access_log off;
    client_body_temp_path {folder}/tmp/body;
    proxy_temp_path {folder}/tmp/proxy;
    fastcgi_temp_path {folder}/tmp/fastcgi;
    uwsgi_temp_path {folder}/tmp/uwsgi;
    scgi_temp_path {folder}/tmp/scgi;
    server_tokens off;
    # Messages are short (MAX_MESSAGE_LENGTH); a bigger body is refused here, before any server.
    client_max_body_size 64k;

    # Turns differ in cost (a greeting, a comparison): each request goes to the least busy server.
    upstream rasa_servers {{
        least_conn;
{rasa_upstreams}
        keepalive 64;
    }}
    upstream action_servers {{
        least_conn;
{action_upstreams}
        keepalive 64;
    }}

    server {{
        listen {public_interface}:{public_port};
        error_page 413 @too_large;
        location @too_large {{
            default_type application/json;
            return 413 '{too_large_body}';
        }}
        location /webhooks/web/ {{
            proxy_pass http://rasa_servers;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_next_upstream error non_idempotent;
            proxy_connect_timeout 2s;
            proxy_read_timeout 60s;
        }}
        location /static/ {{
            alias {static}/;
        }}
        location / {{
            return 404;
        }}
    }}

    server {{
        listen 127.0.0.1:{actions_port};
        # Rasa sends the conversation with each action call: the action server's own limit applies.
        client_max_body_size {action_body_limit};
        location / {{
            proxy_pass http://action_servers;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            # An action server that is down or stuck is skipped: actions only read, so a retry is safe.
            proxy_next_upstream error timeout non_idempotent;
            proxy_connect_timeout 1s;
            proxy_read_timeout {action_read_timeout}s;
        }}
    }}
}}
"""


@dataclass(frozen=True)
class BalancerPorts:
    public_interface: str
    public_port: int
    actions_port: int
    rasa_ports: tuple[int, ...]
    action_ports: tuple[int, ...]


def _upstreams(ports: tuple[int, ...]) -> str:
    # max_fails=1 fail_timeout=5s: a dead server is left alone for 5 s instead of being tried first.
    return "\n".join(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;" for port in ports)


def write_config(folder: Path, ports: BalancerPorts, action_read_timeout: int, max_message_length: int) -> Path:
    """nginx.conf for these ports, in folder (with the temporary folders nginx needs)."""
    (folder / "tmp").mkdir(parents=True, exist_ok=True)
    user = ""
    if os.geteuid() == 0:
        # Workers never run as root; the unprivileged account must be able to write the temp folders.
        account = pwd.getpwnam("nobody")
        user = f"user nobody {grp.getgrgid(account.pw_gid).gr_name};"
        os.chown(folder / "tmp", account.pw_uid, account.pw_gid)
    config = _CONFIG.format(
        folder=folder,
        user=user,
        static=STATIC_DIR,
        public_interface=ports.public_interface,
        public_port=ports.public_port,
        actions_port=ports.actions_port,
        rasa_upstreams=_upstreams(ports.rasa_ports),
        action_upstreams=_upstreams(ports.action_ports),
        action_read_timeout=action_read_timeout,
        action_body_limit=MAX_REQUEST_BYTES,
        too_large_body=json.dumps({"error": "message_too_long", "text": too_long_text(max_message_length)}),
    )
    target = folder / "nginx.conf"
    target.write_text(config)
    return target


def nginx_command(config: Path) -> list[str]:
    # Debian puts nginx in /usr/sbin, which a user's PATH may lack.
    return [
        shutil.which("nginx") or "/usr/sbin/nginx",
        "-c",
        str(config),
        "-e",
        str(config.parent / "error.log"),
        "-g",
        "daemon off;",
    ]
