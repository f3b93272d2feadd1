"""GPU readings from NVML (nvidia-ml-py), taken where the GPU is. With no NVIDIA driver or
no GPU, every reading says so ("no GPU: …") instead of failing.

Imports nothing of the project or of Celery: bench/gpu.py reads the GPU through it on a
machine that has neither. Each detection worker reports these readings for its host
(detection/gpu_reports.py)."""

import contextlib
from functools import cache

MIB = 2**20


@cache
def _nvml():
    """The initialised pynvml module, or the reason there is none (cached per process)."""
    try:
        import pynvml

        pynvml.nvmlInit()
    except Exception as exc:  # the library, the driver or the device is missing
        return f"no GPU: {exc}"
    return pynvml


def readings() -> tuple[list[dict], str | None]:
    """One dict per GPU (name, utilization %, memory MiB, temperature °C, power W), and
    why the list is empty when it is."""
    nvml = _nvml()
    if isinstance(nvml, str):
        return [], nvml
    try:
        count = nvml.nvmlDeviceGetCount()
    except Exception as exc:
        return [], f"no GPU: {exc}"
    if count == 0:
        return [], "no GPU: NVML sees no device"
    return [_reading(nvml, index) for index in range(count)], None


def _reading(nvml, index: int) -> dict:
    handle = nvml.nvmlDeviceGetHandleByIndex(index)
    memory = nvml.nvmlDeviceGetMemoryInfo(handle)
    reading = {
        "index": index,
        "name": nvml.nvmlDeviceGetName(handle),
        "utilization": float(nvml.nvmlDeviceGetUtilizationRates(handle).gpu),
        "memory_used": memory.used // MIB,
        "memory_total": memory.total // MIB,
        "temperature": None,
        "power_usage": None,
    }
    with contextlib.suppress(Exception):  # not every board reports these
        reading["temperature"] = float(
            nvml.nvmlDeviceGetTemperature(handle, nvml.NVML_TEMPERATURE_GPU)
        )
    with contextlib.suppress(Exception):
        reading["power_usage"] = nvml.nvmlDeviceGetPowerUsage(handle) / 1000.0
    return reading
