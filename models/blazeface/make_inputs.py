#!/usr/bin/python3
"""Make the 100 BlazeFace reference inputs (uint8 RGB 128x128) from photos that Debian ships.

Regenerate (from the repository root):  /usr/bin/python3 models/blazeface/make_inputs.py
then the outputs:                        node models/build-references.mjs blazeface_front blazeface_back

Photos: scikit-image's sample images in Debian's python3-skimage 0.19.3-8
(/usr/lib/python3/dist-packages/skimage/data/): astronaut.png (Eileen Collins, NASA, public
domain), camera.png (the "cameraman", no copyright restrictions), coffee.png and chelsea.png
(CC0; no human face: negatives). If python3-skimage is not installed, the script fetches the
.deb with `apt-get download` and unpacks it to a temporary folder (nothing is installed).
PNG decoding and resizing: Pillow (python3-pil), Image.resize(BILINEAR) from the square crop.

100 inputs, parameters drawn from RandomState(SEED) in a fixed order and listed per row in
inputs/crops.json: 60 square crops of astronaut.png around the face (side 140..512 px, the face
centre jittered), 20 of camera.png (grey copied to R, G, B) around the face, 20 negatives
(10 coffee, 10 chelsea). Each crop: horizontal flip with p = 0.3; with p = 0.4 a brightness/
contrast change v' = clip(round((v - 128) * c + 128 + b)), c ~ U(0.6, 1.4), b ~ U(-40, 40).

Files: inputs/input_u8.npy uint8 [100,128,128,3] (NHWC, RGB), inputs/front.json and
inputs/back.json (input manifests: the float32 input is x = f32(f32(u8) / 127.5) - 1, and for
the 256x256 model the image is first upsampled 2x by pixel repetition), inputs/crops.json.
"""
import glob
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from common import reference  # noqa: E402

SEED = 20250521
SIZE = 128
SKIMAGE_DATA = "/usr/lib/python3/dist-packages/skimage/data"
SKIMAGE_DEB_VERSION = "0.19.3-8"
# (photo, count, face centre (x, y) in the photo, or None for negatives)
PLAN = [("astronaut.png", 60, (228, 125)), ("camera.png", 20, (262, 100)),
        ("coffee.png", 10, None), ("chelsea.png", 10, None)]


def photo_dir():
    if os.path.exists(os.path.join(SKIMAGE_DATA, "astronaut.png")):
        return SKIMAGE_DATA, None
    tmp = tempfile.TemporaryDirectory()
    subprocess.run(["apt-get", "download", f"python3-skimage={SKIMAGE_DEB_VERSION}"], cwd=tmp.name, check=True)
    deb = glob.glob(os.path.join(tmp.name, "*.deb"))[0]
    subprocess.run(["dpkg-deb", "-x", deb, os.path.join(tmp.name, "x")], check=True)
    return os.path.join(tmp.name, "x", SKIMAGE_DATA.lstrip("/")), tmp


def main():
    src_dir, _keep = photo_dir()
    rs = np.random.RandomState(SEED)
    images, rows = [], []
    for fname, count, face in PLAN:
        photo = Image.open(os.path.join(src_dir, fname)).convert("RGB")
        w, h = photo.size
        for _ in range(count):
            if face is not None:
                side = int(rs.randint(140, min(w, h) + 1))
                cx = face[0] + int(rs.randint(-side // 4, side // 4 + 1))
                cy = face[1] + int(rs.randint(-side // 4, side // 4 + 1))
            else:
                side = int(rs.randint(120, min(w, h) + 1))
                cx = int(rs.randint(side // 2, w - side // 2 + 1))
                cy = int(rs.randint(side // 2, h - side // 2 + 1))
            x0 = int(np.clip(cx - side // 2, 0, w - side))
            y0 = int(np.clip(cy - side // 2, 0, h - side))
            crop = photo.crop((x0, y0, x0 + side, y0 + side)).resize((SIZE, SIZE), Image.BILINEAR)
            img = np.asarray(crop, dtype=np.uint8).copy()
            row = {"photo": fname, "x": x0, "y": y0, "side": side, "face": face is not None}
            if rs.rand() < 0.3:
                img = img[:, ::-1].copy()
                row["flip"] = True
            if rs.rand() < 0.4:
                c, b = rs.uniform(0.6, 1.4), rs.uniform(-40, 40)
                img = np.clip(np.rint((img.astype(np.float64) - 128) * c + 128 + b), 0, 255).astype(np.uint8)
                row["contrast"], row["brightness"] = round(c, 4), round(b, 4)
            images.append(img)
            rows.append(row)
    x = np.stack(images)
    out = os.path.join(HERE, "inputs")
    reference.save_npy(os.path.join(out, "input_u8.npy"), x)
    reference.write_json(os.path.join(out, "crops.json"), {
        "seed": SEED, "source": f"Debian python3-skimage {SKIMAGE_DEB_VERSION}: {SKIMAGE_DATA}",
        "resize": "Pillow Image.resize((128, 128), BILINEAR) of the square crop", "rows": rows})
    entry = reference.file_entry(out, "input_u8.npy", write=False, name="input:0")
    for model, repeat in (("blazeface_front", [1, 1, 1]), ("blazeface_back", [2, 2, 1])):
        e = dict(entry, decode={"from": "uint8", "to": "float32", "scale": 127.5, "offset": -1.0,
                                "repeat": repeat,
                                "formula": "x = f32(f32(u8) / 127.5) + (-1), after repeating each "
                                           "element `repeat[a]` times along sample axis a (H, W, C)"})
        reference.write_json(os.path.join(out, model.split("_")[1] + ".json"), {
            "format": reference.FORMAT, "model": model, "producer": "none (inputs only)",
            "dataset": "blazeface crops (models/blazeface/inputs/crops.json)",
            "preprocess": "uint8 RGB NHWC -> float32 in [-1, 1] (decode)",
            "samples": len(rows), "sampleIndices": list(range(len(rows))),
            "inputs": [e], "outputs": []})
    print(f"{len(rows)} inputs -> {out}")


if __name__ == "__main__":
    main()
