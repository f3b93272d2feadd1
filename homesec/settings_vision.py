"""Vision for the LLM judge (issue 18, item 5): the GPU path.

HOMESEC_LLM_VISION=on, for a server that can see (vLLM serving a vision-language model):
each request carries the batch's best frames as base64 JPEG ``image_url`` parts beside
the facts, at most HOMESEC_LLM_VISION_IMAGES of them, each shrunk to fit
HOMESEC_LLM_VISION_MAX_SIDE pixels. Off by default: no vision model ships in any package,
and the embedded SmolLM2 reads text only."""

from .env import env_bool, env_int

LLM_VISION = env_bool("HOMESEC_LLM_VISION", False)
LLM_VISION_IMAGES = env_int("HOMESEC_LLM_VISION_IMAGES", 2, lo=1, hi=8)
LLM_VISION_MAX_SIDE = env_int("HOMESEC_LLM_VISION_MAX_SIDE", 768, lo=64, hi=4096)
