"""Over TLS (HOMESEC_TLS=self-signed) the pages are live too: the https dashboard's socket
(wss, Origin https://host:port) opens, and an event published by a task slides into its
feed. Before, the socket was refused and the page reconnected for ever."""

import pytest

from events.tasks import broadcast_event
from homesec.roles import make_admin
from tests import factories
from tests.runner.test_tls import tls_site  # noqa: F401  (one TLS site for this module)
from tests.web.test_pages import PASSWORD, browser  # noqa: F401  (Chromium, or a skip)

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_https_dashboard_is_live(browser, tls_site, django_user_model, celery_worker):  # noqa: F811
    port, _, _ = tls_site
    site = f"https://127.0.0.1:{port}"
    make_admin(django_user_model.objects.create_user("resident", password=PASSWORD))
    # The certificate is the install's own (self-signed): the household trusts it once.
    context = browser.new_context(
        base_url=site, ignore_https_errors=True, viewport={"width": 1280, "height": 900}
    )
    tab = context.new_page()
    try:
        tab.goto("/login/")
        tab.fill("input[name=username]", "resident")
        tab.fill("input[name=password]", PASSWORD)
        tab.click("button[type=submit]")
        tab.wait_for_url(site + "/")
        tab.wait_for_selector("#conn[data-state=live]", timeout=30000)
        event = factories.event(factories.camera("Porch"), summary="Someone on the porch")
        broadcast_event.delay(event.pk)
        row = tab.wait_for_selector(f'#feed li[data-event="{event.pk}"]', timeout=30000)
        assert "Someone on the porch" in row.inner_text()
    finally:
        context.close()
