"""Each event names the prompt version it was judged under; the version's text is kept,
and the API sums the household's feedback per version."""

import pytest

from analysis.models import PromptVersion
from analysis.prompt import PROMPT_VERSION, RUBRIC
from analysis.tasks import analyze_batch
from events.models import Event
from tests.factories import camera, closed_batch

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def scorer_alone(settings):
    settings.LLM_ENABLED = False


def judged(cam) -> Event:
    return Event.objects.get(pk=analyze_batch([], closed_batch(cam).pk))


def test_feedback_is_summed_per_prompt_version_with_the_prompts_text(member):
    front = camera("Front Door")
    events = [judged(front) for _ in range(4)]
    assert {e.prompt_version for e in events} == {PROMPT_VERSION}
    for event, verdict in zip(events, ["false_alarm", "right", "right"], strict=False):
        member.post(f"/api/events/{event.pk}/feedback/", {"verdict": verdict})
    (version,) = member.get("/api/prompt-versions/").json()
    assert version["version"] == PROMPT_VERSION
    assert RUBRIC in version["text"]
    assert "Camera: Back Door" in version["text"]  # the example batch, rendered
    assert version["events"] == 4
    assert version["feedback"] == {"false_alarm": 1, "too_high": 0, "too_low": 0, "right": 2}
    assert version["false_alarm_share"] == round(1 / 3, 3)
    assert version["right_share"] == round(2 / 3, 3)
    page = member.get(f"/events/{events[0].pk}/").content.decode()
    assert f'<a href="/api/prompt-versions/">{PROMPT_VERSION}</a>' in page


def test_a_prompt_edited_without_a_new_version_is_stamped_with_its_hash(member):
    PromptVersion.objects.create(version=PROMPT_VERSION, sha256="0" * 64, text="an older text")
    event = judged(camera("Front Door"))
    assert event.prompt_version.startswith(f"{PROMPT_VERSION}+")
    kept = PromptVersion.objects.get(version=event.prompt_version)
    assert kept.sha256.startswith(event.prompt_version.split("+")[1])
    assert len(member.get("/api/prompt-versions/").json()) == 2
