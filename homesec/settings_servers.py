"""Servers started by `manage.py up`: the address and ports of the site and Flower, the
site's daphne processes, Flower's password."""

import os

from .env import env_int, env_str

TOPIC = "Servers of `make run`"

BIND_ADDRESS = env_str(
    "HOMESEC_BIND",
    "127.0.0.1",
    help="address of the site and the FTP receiver (`0.0.0.0` to reach them from a phone or "
    "a camera); Flower stays on loopback",
)
WEB_PORT = env_int(
    "HOMESEC_PORT",
    8000,
    lo=0,
    hi=65535,
    help="the site's port; taken: a free one is used and printed; `0`: always a free one",
)
# daphne processes sharing the web port (`manage.py web`): one runs Django on one core.
WEB_PROCESSES = env_int(
    "HOMESEC_WEB_PROCESSES",
    min(len(os.sched_getaffinity(0)), 4),
    lo=1,
    hi=32,
    help="daphne processes serving the port (`manage.py web`), each with its own socket "
    "(SO_REUSEPORT); the kernel spreads connections over them",
    shown="the cores, at most 4",
)
FLOWER_PORT = env_int(
    "HOMESEC_FLOWER_PORT",
    5555,
    lo=0,
    hi=65535,
    help="Flower's port; taken: a free one is used and printed; `0`: always a free one",
)
# Flower can revoke and kill tasks, so it always asks for a password (user "admin").
FLOWER_PASSWORD = env_str(
    "HOMESEC_FLOWER_PASSWORD",
    help="Flower's password (user `admin`); Flower can revoke and kill tasks",
    shown="generated in `RUN_DIR/secrets`",
)
