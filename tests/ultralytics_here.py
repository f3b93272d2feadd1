"""Whether torch + ultralytics can run here: on a GPU machine, or on a CPU machine whose
torchvision matches its torch (the registry's torchvision beside the CPU-only torch of this
development machine does not import). Imports nothing of the project: bench/gpu.sh runs the
tests that use it on a machine with neither Django's settings nor the database."""

import importlib.util


def why_not() -> str | None:
    """Why the ultralytics backend cannot run here, or None when it can."""
    if importlib.util.find_spec("torch") is None:
        return "needs torch + ultralytics (requirements/gpu.txt, on a GPU machine: bench/gpu.sh)"
    try:
        import torchvision  # noqa: F401  (ultralytics needs it; a mismatched build fails here)
    except Exception as exc:
        return f"torchvision does not import beside this torch ({exc}); bench/gpu.sh runs it"
    return None
