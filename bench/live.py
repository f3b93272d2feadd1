"""Live dashboard benchmark: WebSocket fan-out and the dashboard's first render.

Fan-out: N logged-in WebSocket clients on the site (`manage.py web`, as `make run` starts
it: HOMESEC_WEB_PROCESSES daphne processes, --web to choose),
M events published the way workers publish them (numbered, kept for replay, group_send
over the Redis channel layer): publish → receipt at every client, p50/p99, beside the
raw channel layer (one subscriber on the layer itself, no daphne, no socket).
First render: the dashboard with E events in the database (seeded with
`manage.py seed_events`): server time to the full page, and Chromium's first
contentful paint when /usr/bin/chromium is there.

    .venv/bin/python bench/live.py [--clients 200] [--events 100] [--seeded 100000]
"""

import argparse
import asyncio
import json
import os
import platform
import time
from datetime import datetime
from pathlib import Path

import _setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--events", type=int, default=100)
    parser.add_argument("--seeded", type=int, default=100_000)
    parser.add_argument("--rate", type=float, default=50.0, help="events published per second")
    parser.add_argument("--web", type=int, default=None, help="daphne processes")
    args = parser.parse_args()
    servers = _setup.start()
    from django.conf import settings

    from events.models import Event

    try:
        _setup.seeded(args.seeded, detections=2)
        web = args.web or settings.WEB_PROCESSES
        with _setup.web(web) as (port, _site):
            cookie = session_cookie()
            print(
                f"machine: {platform.node()}, {os.cpu_count()} cores; daphne x{web}; Redis "
                f"channel layer; {Event.objects.count():,} events in the database"
            )
            raw = asyncio.run(raw_layer(args.events, args.rate))
            fanned = asyncio.run(fan_out(port, cookie, args.clients, args.events, args.rate))
            print(
                f"\nfan-out: {args.events} events published at {args.rate:g}/s, "
                "publish → receipt (ms)"
            )
            print(f"{'':<34}{'p50':>8}{'p99':>8}{'max':>8}{'received':>12}")
            for name, (latencies, expected) in {
                "raw channel layer, 1 subscriber": raw,
                f"{args.clients} WebSocket clients (daphne)": fanned,
            }.items():
                print(
                    f"{name:<34}{_setup.percentile(latencies, 0.5):>8.1f}"
                    f"{_setup.percentile(latencies, 0.99):>8.1f}{max(latencies):>8.1f}"
                    f"{len(latencies):>7}/{expected}"
                )
            first_render(port, cookie)
    finally:
        for server in reversed(servers):
            server.stop()


def session_cookie() -> str:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(username="bench")
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _latency_ms(message: dict, received: float) -> float:
    return (received - datetime.fromisoformat(message["timestamp"]).timestamp()) * 1000


async def _publish_all(count: int, rate: float) -> None:
    from asgiref.sync import sync_to_async

    from events.broadcast import EVENTS_GROUP, publish

    for index in range(count):
        await sync_to_async(publish)(EVENTS_GROUP, "event", {"event_id": index, "bench": True})
        await asyncio.sleep(1 / rate)


async def raw_layer(count: int, rate: float) -> tuple[list[float], int]:
    from channels.layers import get_channel_layer

    from events.broadcast import EVENTS_GROUP

    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add(EVENTS_GROUP, channel)
    latencies = []

    async def receive():
        while len(latencies) < count:
            message = (await layer.receive(channel))["message"]
            latencies.append(_latency_ms(message, time.time()))

    await asyncio.gather(asyncio.wait_for(receive(), 60), _publish_all(count, rate))
    await layer.group_discard(EVENTS_GROUP, channel)
    return latencies, count


async def fan_out(port, cookie, clients: int, count: int, rate: float) -> tuple[list[float], int]:
    from websockets.asyncio.client import connect

    latencies: list[float] = []
    sockets = []
    for _ in range(clients):
        sockets.append(
            await connect(
                f"ws://127.0.0.1:{port}/ws/events/",
                open_timeout=30,
                additional_headers={"Cookie": cookie},
                origin=f"http://127.0.0.1:{port}",
            )
        )

    async def listen(socket):
        got = 0
        try:
            while got < count:
                raw = await asyncio.wait_for(socket.recv(), 30)
                message = json.loads(raw)
                if message.get("data", {}).get("bench"):
                    latencies.append(_latency_ms(message, time.time()))
                    got += 1
        except TimeoutError:
            pass

    await asyncio.gather(*(listen(s) for s in sockets), _publish_all(count, rate))
    for socket in sockets:
        await socket.close()
    return latencies, clients * count


def first_render(port: int, cookie: str) -> None:
    import httpx

    url = f"http://127.0.0.1:{port}/"
    name, value = cookie.split("=", 1)
    with httpx.Client(cookies={name: value}) as client:
        client.get(url)  # warm
        times = []
        for _ in range(20):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
    print("\ndashboard first render with the events above (ms, 20 requests)")
    print(
        f"{'server: full HTML':<34}{_setup.percentile(times, 0.5):>8.1f}"
        f"{_setup.percentile(times, 0.95):>8.1f}  (p50, p95)"
    )
    if not Path("/usr/bin/chromium").exists():
        print("browser: skipped (no /usr/bin/chromium)")
        return
    from playwright.sync_api import sync_playwright

    paints = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox"]
        )
        context = browser.new_context()
        context.add_cookies([{"name": name, "value": value, "url": url}])
        for _ in range(10):
            page = context.new_page()
            page.goto(url, wait_until="load")
            page.wait_for_selector("#conn[data-state=live]")
            paints.append(
                page.evaluate("""() => [
                performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1,
                performance.getEntriesByType('navigation')[0].loadEventEnd,
                performance.now()]""")
            )
            page.close()
        browser.close()
    for index, name in enumerate(["first contentful paint", "load event", "socket live"]):
        values = [p[index] for p in paints if p[index] >= 0]
        print(
            f"{'Chromium: ' + name:<34}{_setup.percentile(values, 0.5):>8.1f}"
            f"{_setup.percentile(values, 0.95):>8.1f}  (p50, p95, {len(values)} loads)"
        )


if __name__ == "__main__":
    main()
