"""onnxruntime with an ultralytics-exported YOLO model (.onnx), on the CPU or a GPU.

Letterboxed input, the output decoded (YOLOv8-style ``(4 + classes) × anchors`` or the
end-to-end ``N × 6`` of NMS-free exports), NMS per class, class names from the model's
own metadata.
"""

import ast

import cv2
import numpy as np
import onnxruntime
from PIL import Image

from . import Box, clip, require_model

NMS_IOU = 0.45
PAD = 114


class OnnxBackend:
    name = "onnx"
    batch = 1  # exports have a fixed batch of one

    def __init__(self, *, model: str | None, device: str = "cpu"):
        path = require_model(model, "onnx")
        providers = ["CPUExecutionProvider"]
        if device.startswith("cuda"):
            index = device.partition(":")[2] or "0"
            providers.insert(0, ("CUDAExecutionProvider", {"device_id": int(index)}))
        options = onnxruntime.SessionOptions()
        # Idle threads that spin steal the CPU from the rest of the pipeline between images.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = onnxruntime.InferenceSession(
            str(path), sess_options=options, providers=providers
        )
        self.device = "cuda" if "CUDA" in self.session.get_providers()[0] else "cpu"
        self.model = path.name
        metadata = self.session.get_modelmeta().custom_metadata_map
        names = ast.literal_eval(metadata.get("names", "{}"))
        self.classes = {int(k): v for k, v in names.items()}
        model_input = self.session.get_inputs()[0]
        self.input_name = model_input.name
        self.dtype = np.float16 if "float16" in model_input.type else np.float32
        self.size = tuple(ast.literal_eval(metadata.get("imgsz", "None")) or model_input.shape[2:])

    def detect_many(self, images: list[Image.Image], *, min_confidence: float) -> list[list[Box]]:
        return [self.detect(image, min_confidence=min_confidence) for image in images]

    def detect(self, image: Image.Image, *, min_confidence: float) -> list[Box]:
        pixels = np.asarray(image.convert("RGB"))
        height, width = pixels.shape[:2]
        blob, scale, pad = self._letterbox(pixels)
        output = self.session.run(None, {self.input_name: blob})[0][0].astype(np.float32)
        corners, scores, class_ids = self._decode(output)
        keep = scores >= min_confidence
        corners, scores, class_ids = corners[keep], scores[keep], class_ids[keep]
        corners = (corners - [pad[0], pad[1], pad[0], pad[1]]) / scale  # back to the image
        xywh = np.hstack([corners[:, :2], corners[:, 2:] - corners[:, :2]]).tolist()
        chosen = cv2.dnn.NMSBoxesBatched(
            xywh, scores.tolist(), class_ids.tolist(), min_confidence, NMS_IOU
        )
        return [
            Box(
                self.classes.get(int(class_ids[i]), str(int(class_ids[i]))),
                float(scores[i]),
                *clip(corners[i], width, height),
            )
            for i in np.asarray(chosen, dtype=int).reshape(-1)
        ]

    def _letterbox(self, pixels: np.ndarray):
        target_h, target_w = self.size
        height, width = pixels.shape[:2]
        scale = min(target_w / width, target_h / height)
        new_w, new_h = round(width * scale), round(height * scale)
        pad = ((target_w - new_w) / 2, (target_h - new_h) / 2)
        canvas = np.full((target_h, target_w, 3), PAD, dtype=np.uint8)
        left, top = round(pad[0] - 0.1), round(pad[1] - 0.1)
        canvas[top : top + new_h, left : left + new_w] = cv2.resize(
            pixels, (new_w, new_h), interpolation=cv2.INTER_LINEAR
        )
        blob = (canvas.transpose(2, 0, 1)[None] / 255.0).astype(self.dtype)
        return blob, scale, (left, top)

    def _decode(self, output: np.ndarray):
        """(corners x1 y1 x2 y2, scores, class ids) in letterboxed pixels."""
        if output.ndim == 2 and output.shape[1] == 6 and output.shape[0] != 4 + len(self.classes):
            return output[:, :4], output[:, 4], output[:, 5].astype(int)  # end-to-end export
        rows = output.T  # (anchors, 4 + classes)
        scores_all = rows[:, 4:]
        class_ids = scores_all.argmax(axis=1)
        scores = scores_all[np.arange(len(rows)), class_ids]
        centre, size = rows[:, 0:2], rows[:, 2:4]
        return np.hstack([centre - size / 2, centre + size / 2]), scores, class_ids
