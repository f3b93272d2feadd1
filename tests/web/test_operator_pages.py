"""The operator's pages in Chromium: an export's bar fills live and its download link
appears without a reload; the event page plays the event's clip."""

import pytest

from events import clips
from tests import factories
from tests.media import write_jpeg
from tests.web.test_pages import browser, page, roots, screenshot, site  # noqa: F401 fixtures

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_export_fills_its_bar_live_and_offers_its_download(page, celery_worker):  # noqa: F811
    cam = factories.camera("Garden")
    for index in range(3):
        factories.event(cam, summary=f"Person by the shed {index}")
    factories.event(factories.camera("Drive"), summary="Car in the drive")
    page.goto("/exports/")
    page.check("input[name=format][value=csv]")
    page.select_option("select[name=camera]", "garden")
    page.click("#export-form button[type=submit]")
    assert "Export started" in page.locator(".messages").inner_text()
    row = page.locator("#exports tbody tr").first
    link = row.locator(".file a")
    link.wait_for(timeout=60000)  # pushed over /ws/jobs/<id>/, no reload
    assert "done, 3 events" in row.inner_text()
    assert row.locator("progress").get_attribute("value") == "100"
    screenshot(page, "exports-done")
    download = page.request.get(link.get_attribute("href"))
    assert download.status == 200
    assert download.text().count("Person by the shed") == 3
    assert "Car in the drive" not in download.text()


def test_the_event_page_plays_the_events_clip(page, roots, settings):  # noqa: F811
    cam = factories.camera("Garden")
    media = factories.processed_upload(cam)
    write_jpeg(roots / media.path, seed=3, size=(640, 480))
    event = factories.event(cam)
    event.detections.set(list(media.detections.values_list("pk", flat=True)))
    event.save()
    assert clips.make(event)[0] is not None
    page.goto(f"/events/{event.pk}/")
    video = page.locator("#clip video")
    page.wait_for_function("document.querySelector('#clip video').readyState >= 1", timeout=20000)
    assert video.evaluate("v => [v.videoWidth, v.videoHeight]") == [640, 480]
    assert "Download the clip (MP4)" in page.locator("#clip figcaption").inner_text()
    screenshot(page, "event-with-clip")
