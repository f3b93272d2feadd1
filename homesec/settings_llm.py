"""The LLM judge (any OpenAI-compatible server): where it is, how it is asked, how long an
event waits for it, its circuit breaker, and vision for a server that can see.

Vision (issue 18, item 5), the GPU path: HOMESEC_LLM_VISION=on, for a server that can see
(vLLM serving a vision-language model): each request carries the batch's best frames as
base64 JPEG ``image_url`` parts beside the facts, at most HOMESEC_LLM_VISION_IMAGES of them,
each shrunk to fit HOMESEC_LLM_VISION_MAX_SIDE pixels. Off by default: no vision model ships
in any package, and the embedded SmolLM2 reads text only."""

from .env import env_bool, env_choice, env_float, env_int, env_str, is_set, service_url

TOPIC = "LLM"

# No local LLM by default on a CPU: no local model's words passed the grounding checks for
# most events within the deadline on 2 cores (docs/judgement.md, "The words"), so the
# scorer's words are shown. `local`: `make run` builds and starts llama.cpp's llama-server
# with SmolLM2-135M; `auto` asks the server HOMESEC_LLM_URL names (vLLM on a GPU), if any;
# `off` asks none, whatever is named. The old true/false spellings still work.
_mode_named = {"auto": "auto", "local": "local", "off": "off"}
_mode_named |= dict.fromkeys(["on", "true", "yes", "1"], "local")
_mode_named |= dict.fromkeys(["false", "no", "0"], "off")
LLM_MODE = _mode_named[
    env_choice(
        "HOMESEC_LLM",
        "auto",
        list(_mode_named),
        help="`auto`: ask the server HOMESEC_LLM_URL names, if any, else none (the scorer's "
        "words); `local` (or `on`): `make run` builds and starts llama-server with "
        "SmolLM2-135M and asks it; `off`: ask no LLM",
    )
]
LLM_URL = service_url(
    "HOMESEC_LLM_URL",
    "llm_url",
    "http://127.0.0.1:8080/v1",
    help="an OpenAI-compatible server of your own (vLLM); set, `make run` starts none",
    shown="the running `make run`'s llama-server, else `http://127.0.0.1:8080/v1`",
)
# Asked at all: a local one switched on, or a server named (by the variable, its _FILE or
# the running `make run`'s services.json) and not switched off.
LLM_ENABLED = LLM_MODE == "local" or (
    LLM_MODE == "auto" and (is_set("HOMESEC_LLM_URL") or LLM_URL != "http://127.0.0.1:8080/v1")
)
LLM_MODEL = env_str(
    "HOMESEC_LLM_MODEL",
    "SmolLM2-135M-Instruct",
    help="model name sent to the server and recorded on events",
)
LLM_API_KEY = env_str("HOMESEC_LLM_API_KEY", help="the server's API key, if it wants one")
LLM_TIMEOUT_SECONDS = env_float(
    "HOMESEC_LLM_TIMEOUT_SECONDS", 60.0, lo=0.1, help="how long one request may take"
)
LLM_RETRIES = env_int(
    "HOMESEC_LLM_RETRIES",
    2,
    lo=0,
    hi=10,
    help="retries of a failed request, with backoff and jitter",
)
# Every event is published from the explainable scorer as its batch closes; the LLM's
# verdict updates it when it comes. Past this deadline the scorer's verdict is final for
# the rules that wait for the AI (they alert on it), and the page says the LLM was late.
LLM_DEADLINE_SECONDS = env_float(
    "HOMESEC_LLM_DEADLINE_SECONDS",
    20.0,
    lo=1.0,
    help="after a batch closes, how long its event waits for the LLM before the scorer's "
    "verdict is final (rules that wait for the AI alert then); a later answer still "
    "updates the event",
)
LLM_TEMPERATURE = env_float(
    "HOMESEC_LLM_TEMPERATURE", 0.2, lo=0.0, hi=2.0, help="sampling temperature of each request"
)
# The schema bounds an answer to 960 characters of text; a small model can spend a token
# per character, so 1000 leaves no valid answer cut off.
LLM_MAX_TOKENS = env_int(
    "HOMESEC_LLM_MAX_TOKENS",
    1000,
    lo=16,
    help="most tokens of an answer (the schema bounds it to 960 characters)",
)
LLM_VISION = env_bool(
    "HOMESEC_LLM_VISION",
    False,
    help="send the batch's best frames (base64 JPEG) to an LLM that can see (the GPU path)",
)
LLM_VISION_IMAGES = env_int(
    "HOMESEC_LLM_VISION_IMAGES", 2, lo=1, hi=8, help="most frames sent with one request"
)
LLM_VISION_MAX_SIDE = env_int(
    "HOMESEC_LLM_VISION_MAX_SIDE",
    768,
    lo=64,
    hi=4096,
    help="each frame sent is shrunk to fit this many pixels a side",
)

# The LLM client's circuit breaker: while open, batches are judged by the scorer alone.
CIRCUIT_BREAKER_FAILURE_THRESHOLD = env_int(
    "HOMESEC_CIRCUIT_BREAKER_FAILURE_THRESHOLD",
    5,
    lo=1,
    help="consecutive LLM failures that open the circuit (the scorer judges meanwhile)",
)
CIRCUIT_BREAKER_RECOVERY_SECONDS = env_float(
    "HOMESEC_CIRCUIT_BREAKER_RECOVERY_SECONDS",
    30.0,
    lo=0.1,
    help="how long an open circuit waits before one request tests the LLM again",
)
