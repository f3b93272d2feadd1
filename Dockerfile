# One image for every homesec service; the GPU detection worker is built with
# --build-arg REQUIREMENTS=gpu (compose.yaml does this).
FROM python:3.11-slim

ARG REQUIREMENTS=base
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HOMESEC_RUN_DIR=/data/run \
    HOMESEC_CAMERA_ROOT=/data/cameras \
    HOMESEC_MEDIA_ROOT=/data/media

WORKDIR /app
COPY requirements/ requirements/
# Only from the locks (requirements/locks.py): exact versions with their hashes, the tools
# that build the source-only packages first, so nothing is resolved or fetched unlocked.
RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements/build.txt \
    && pip install --no-cache-dir --require-hashes --no-deps --no-build-isolation \
       -r requirements/${REQUIREMENTS}.txt -r requirements/nodeps.txt

COPY . .
RUN useradd --system --uid 1000 homesec \
    && mkdir -p /data/run /data/cameras /data/media \
    && chown -R homesec /data
USER homesec
EXPOSE 8000 5555
