"""The operator's pages in Chromium: the Logs page with its live tail, browser errors
reaching the log, the System page's performance charts. Screenshots in
.run/test/screenshots/ (logs.png, system-performance.png)."""

import logging

import pytest
from playwright.sync_api import expect

from homesec import logbuffer
from homesec.models import LogEntry
from ops import status
from tests.web.test_pages import browser, page, roots, screenshot, site  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def in_thread(work) -> None:
    """Not in this thread, which holds Playwright's event loop: what sends through the
    channel layer (the live tail, the collector) runs in a thread of its own, as it does
    in the log writer and the Celery worker."""
    import threading

    from django.db import connection

    def run():
        try:
            work()
        finally:
            connection.close()  # the thread's own

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()


def flush() -> None:
    in_thread(logbuffer.writer().flush)


def test_the_logs_page_filters_and_tails_new_lines_live(page, settings, caplog):  # noqa: F811
    caplog.set_level(logging.INFO)  # an in-thread Celery worker of an earlier test set ERROR
    settings.LOG_DB = True
    logging.getLogger("ingest.watcher").warning(
        "camera porch: upload refused", extra={"camera": "porch"}
    )
    logging.getLogger("analysis.batch").info("batch closed quietly")
    flush()
    page.goto("/system/logs/?min_level=WARNING")
    lines = page.locator("#log-lines tbody")
    expect(lines).to_contain_text("camera porch: upload refused")
    expect(lines).not_to_contain_text("batch closed quietly")
    page.wait_for_selector("#tail-state[data-state=live]", timeout=10000)
    page.wait_for_timeout(500)  # the socket has joined the group
    logging.getLogger("detection.tasks").error("the detector failed on upload 7")
    logging.getLogger("detection.tasks").info("a line below the filter")
    flush()
    expect(lines.locator("tr").first).to_contain_text(
        "the detector failed on upload 7", timeout=10000
    )
    expect(lines).not_to_contain_text("a line below the filter")
    screenshot(page, "logs")
    settings.LOG_DB = False


def test_an_error_in_a_page_reaches_the_log(page):  # noqa: F811
    page.goto("/events/")
    page.evaluate("setTimeout(() => { throw new Error('boom from the test'); })")
    page.wait_for_timeout(300)
    deadline = 50
    while deadline and not LogEntry.objects.filter(source="frontend").exists():
        page.wait_for_timeout(200)
        deadline -= 1
    line = LogEntry.objects.get(source="frontend")
    assert "boom from the test" in line.message
    assert line.extra["url"] == "/events/"
    assert line.extra["user"] == "resident"


def csp_violations(tab) -> list[str]:
    """What the page's Content-Security-Policy refused, as Chromium reports it."""
    found = []
    tab.on(
        "console", lambda m: found.append(m.text) if "Content Security Policy" in m.text else None
    )
    return found


def test_the_system_page_charts_the_last_hour(page, broker):  # noqa: F811
    refused = csp_violations(page)
    in_thread(status.collect_and_publish)  # one stored sample
    page.goto("/system/logs/")
    page.goto("/system/")
    expect(page.locator("#perf-alerts")).not_to_contain_text("No reading yet", timeout=10000)
    chart = page.locator('svg[data-chart="host_disk"]')
    expect(chart.locator("polyline")).to_have_count(1)
    expect(page.locator('[data-now="host_disk"]')).to_contain_text("GB")
    page.locator("#perf-alerts").scroll_into_view_if_needed()
    screenshot(page, "system-performance")
    assert refused == []
