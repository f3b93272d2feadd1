"""Detection: the detector and its model, what of a photo or video goes to it, and which of
its findings are kept."""

from .env import env_float, env_int, env_list, env_str

TOPIC = "Detection"

# One of detection.backends.REGISTRY (checked against it when the detection app loads).
DETECTOR = env_str(
    "HOMESEC_DETECTOR",
    "darknet",
    help="the detector: a name in `detection/backends/` (`darknet`, `onnx`, `ultralytics`; "
    "`null` for benchmarks only: it sees nothing real); any other stops every process at start",
)
NULL_DETECTOR_MS = env_float(
    "HOMESEC_NULL_DETECTOR_MS",
    0.0,
    lo=0.0,
    hi=10_000.0,
    help="the `null` detector's cost per image (benchmarks: the model it stands for)",
)
DETECTOR_MODEL = env_str(
    "HOMESEC_DETECTOR_MODEL",
    help="the model file for `onnx` and `ultralytics` (never downloaded); darknet needs none",
)
DETECTOR_DEVICE = env_str(
    "HOMESEC_DETECTOR_DEVICE", "cpu", help="where the model runs: `cuda:0` on a GPU worker"
)
# Frames per call of the model (a clip's frames; ultralytics only). Halved by the worker if
# the GPU runs out of memory.
DETECTOR_BATCH = env_int(
    "HOMESEC_DETECTOR_BATCH",
    16,
    lo=1,
    hi=512,
    help="frames of a clip per call of the model (ultralytics); a worker whose GPU runs "
    "out of memory halves it",
)
# Uploads a detect worker runs at once (threads of one process, one model), whose images
# go to the model in one call: a GPU's batch across uploads (detection/batcher.py).
DETECT_UPLOADS_AT_ONCE = env_int(
    "HOMESEC_DETECT_UPLOADS_AT_ONCE",
    1,
    lo=1,
    hi=64,
    help="uploads a detect worker takes at once and detects in one call of the model "
    "(threads sharing it; 16 on a GPU); 1: one at a time, in a process of its own",
)
DETECT_GATHER_MS = env_float(
    "HOMESEC_DETECT_GATHER_MS",
    5.0,
    lo=0.0,
    hi=1000.0,
    help="how long an upload waits for others to share the model's call with",
)
DETECTION_CONFIDENCE_THRESHOLD = env_float(
    "HOMESEC_DETECTION_CONFIDENCE_THRESHOLD",
    0.5,
    lo=0.0,
    hi=1.0,
    help="detections less sure than this are dropped",
)
SECURITY_OBJECT_TYPES = env_list(
    "HOMESEC_SECURITY_OBJECT_TYPES",
    ["person", "car", "truck", "bus", "motorcycle", "bicycle", "dog", "cat", "bird", "horse"],
    help="classes kept; the detector's other findings are dropped",
)
DETECTION_TIMEOUT_SECONDS = env_int(
    "HOMESEC_DETECTION_TIMEOUT_SECONDS",
    30,
    lo=1,
    help="the reference's detection timeout; read, but nothing uses it today",
)
MAX_IMAGE_PIXELS = env_int(
    "HOMESEC_MAX_IMAGE_PIXELS",
    50_000_000,
    lo=1,
    help="larger images are refused as decompression bombs",
)
VIDEO_SAMPLE_FPS = env_float(
    "HOMESEC_VIDEO_SAMPLE_FPS",
    1.0,
    lo=0.01,
    hi=60,
    help="frames a second taken from a video for detection",
)
VIDEO_MAX_FRAMES = env_int(
    "HOMESEC_VIDEO_MAX_FRAMES", 30, lo=1, help="most frames of one video that go to detection"
)
