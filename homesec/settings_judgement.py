"""Batching and judgement: the fast path, how detections are gathered into batches, who sets
the score, and the risk bands the score falls into."""

from django.core.exceptions import ImproperlyConfigured

from .env import env_choice, env_float, env_int, env_list, env_str

TOPIC = "Batching and judgement"

FAST_PATH_CONFIDENCE_THRESHOLD = env_float(
    "HOMESEC_FAST_PATH_CONFIDENCE_THRESHOLD",
    0.90,
    lo=0.0,
    hi=1.0,
    help="a detection this sure is judged at once, not batched (first value; then the "
    "Settings page)",
)
FAST_PATH_OBJECT_TYPES = env_list(
    "HOMESEC_FAST_PATH_OBJECT_TYPES", ["person"], help="classes eligible for the fast path"
)
BATCH_WINDOW_SECONDS = env_int(
    "HOMESEC_BATCH_WINDOW_SECONDS",
    90,
    lo=1,
    help="a batch closes at the latest this long after it opened",
)
BATCH_IDLE_TIMEOUT_SECONDS = env_int(
    "HOMESEC_BATCH_IDLE_TIMEOUT_SECONDS",
    30,
    lo=1,
    help="a batch closes sooner when this long has passed since its last detection; at most "
    "the window",
)
if BATCH_IDLE_TIMEOUT_SECONDS > BATCH_WINDOW_SECONDS:
    raise ImproperlyConfigured(
        f"HOMESEC_BATCH_IDLE_TIMEOUT_SECONDS ({BATCH_IDLE_TIMEOUT_SECONDS}) cannot be longer "
        f"than HOMESEC_BATCH_WINDOW_SECONDS ({BATCH_WINDOW_SECONDS})"
    )
BATCH_CHECK_SECONDS = env_float(
    "HOMESEC_BATCH_CHECK_SECONDS",
    5.0,
    lo=0.1,
    help="how often beat closes due batches and passes the LLM's deadlines",
)
# Who sets the score: "rules" (the explainable scorer; the LLM words it) or "llm".
RISK_SOURCE = env_choice(
    "HOMESEC_RISK_SOURCE",
    "rules",
    ["rules", "llm"],
    help="who sets the score: `rules` (the explainable scorer; the LLM words it) or `llm`",
)
# Which explainable scorer: the hand-set rules, or the model fitted on the scene corpus
# (docs/judgement.md, "Scenes it never saw": fewer false alarms, fewer incidents caught).
JUDGE = env_choice(
    "HOMESEC_JUDGE",
    "rules",
    ["rules", "fitted"],
    help="the explainable scorer: `rules` (hand-set) or `fitted` (on the scene corpus)",
)
HOUSEHOLD_CONTEXT = env_str(
    "HOMESEC_HOUSEHOLD_CONTEXT",
    "",
    help="what the household tells the judge about itself (first value; then the Settings page)",
)
# Events the fallback judged are judged again by the LLM once it answers (beat).
REANALYZE_SECONDS = env_float(
    "HOMESEC_REANALYZE_SECONDS",
    60.0,
    lo=1.0,
    help="how often beat has the LLM judge again the events the scorer judged alone",
)

# Risk level is a pure function of the score: the lowest score of each band above "low".
RISK_BANDS = {
    "medium": env_int(
        "HOMESEC_RISK_MEDIUM_FROM", 30, lo=1, hi=100, help="lowest score of the medium band"
    ),
    "high": env_int(
        "HOMESEC_RISK_HIGH_FROM", 60, lo=1, hi=100, help="lowest score of the high band"
    ),
    "critical": env_int(
        "HOMESEC_RISK_CRITICAL_FROM", 85, lo=1, hi=100, help="lowest score of the critical band"
    ),
}
if not RISK_BANDS["medium"] < RISK_BANDS["high"] < RISK_BANDS["critical"]:
    raise ImproperlyConfigured(
        "HOMESEC_RISK_MEDIUM_FROM < HOMESEC_RISK_HIGH_FROM < HOMESEC_RISK_CRITICAL_FROM must "
        f"hold; got {RISK_BANDS['medium']}, {RISK_BANDS['high']}, {RISK_BANDS['critical']}"
    )
