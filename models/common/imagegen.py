"""Deterministic mutations of Fashion-MNIST test images (the study's "Generated" columns).

Every mutation works on the uint8 28x28 image and returns a uint8 image, so a generated input is
still "uint8 / 255" like every other input. Randomness: one numpy legacy RandomState(SEED)
(its streams are frozen across numpy versions), drawn in a fixed order.
Kinds (one of each per source image):
- noise:     + Gaussian noise, sigma ~ U(20, 50) grey levels
- contrast:  (x - mean) * f + mean + b, f ~ U(0.3, 0.6) or U(1.5, 2.5) (coin flip), b ~ U(-40, 40)
- shift:     integer translation dx, dy in [-6, 6] (not both |.| < 3), zero fill
- rotation:  +-U(15, 45) degrees about the image centre, bilinear, zero outside
- occlusion: a filled rectangle (6..13 x 6..13, value 0 or 255) at a random place
"""
import numpy as np

SEED = 20250521
KINDS = ["noise", "contrast", "shift", "rotation", "occlusion"]


def _to_u8(x):
    return np.clip(np.rint(x), 0, 255).astype(np.uint8)


def _rotate(img, degrees):
    h, w = img.shape
    cy, cx = (h - 1) / 2.0, (w - 1) / 2.0
    t = np.deg2rad(degrees)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    # inverse map: output pixel -> source position
    sy = np.cos(t) * (yy - cy) - np.sin(t) * (xx - cx) + cy
    sx = np.sin(t) * (yy - cy) + np.cos(t) * (xx - cx) + cx
    y0, x0 = np.floor(sy).astype(int), np.floor(sx).astype(int)
    fy, fx = sy - y0, sx - x0
    src = img.astype(np.float64)

    def at(y, x):
        ok = (y >= 0) & (y < h) & (x >= 0) & (x < w)
        return np.where(ok, src[np.clip(y, 0, h - 1), np.clip(x, 0, w - 1)], 0.0)

    out = (at(y0, x0) * (1 - fy) * (1 - fx) + at(y0, x0 + 1) * (1 - fy) * fx
           + at(y0 + 1, x0) * fy * (1 - fx) + at(y0 + 1, x0 + 1) * fy * fx)
    return _to_u8(out)


def mutate(img, kind, rs):
    """img: uint8 [28,28]; rs: numpy RandomState. Returns (uint8 [28,28], params dict)."""
    x = img.astype(np.float64)
    if kind == "noise":
        sigma = rs.uniform(20, 50)
        return _to_u8(x + rs.standard_normal(img.shape) * sigma), {"sigma": round(sigma, 4)}
    if kind == "contrast":
        f = rs.uniform(0.3, 0.6) if rs.rand() < 0.5 else rs.uniform(1.5, 2.5)
        b = rs.uniform(-40, 40)
        m = x.mean()
        return _to_u8((x - m) * f + m + b), {"factor": round(f, 4), "offset": round(b, 4)}
    if kind == "shift":
        while True:
            dy, dx = (int(v) for v in rs.randint(-6, 7, size=2))
            if max(abs(dy), abs(dx)) >= 3:
                break
        out = np.zeros_like(img)
        h, w = img.shape
        out[max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \
            img[max(-dy, 0):h + min(-dy, 0), max(-dx, 0):w + min(-dx, 0)]
        return out, {"dy": dy, "dx": dx}
    if kind == "rotation":
        deg = rs.uniform(15, 45) * (1 if rs.rand() < 0.5 else -1)
        return _rotate(img, deg), {"degrees": round(deg, 4)}
    if kind == "occlusion":
        hh, ww = (int(v) for v in rs.randint(6, 14, size=2))
        y, x0 = int(rs.randint(0, 28 - hh + 1)), int(rs.randint(0, 28 - ww + 1))
        value = 0 if rs.rand() < 0.5 else 255
        out = img.copy()
        out[y:y + hh, x0:x0 + ww] = value
        return out, {"y": y, "x": x0, "h": hh, "w": ww, "value": value}
    raise ValueError(kind)


def generate(images_u8, source_indices):
    """One mutation of each kind per source image, rows ordered (source, kind). A mutation whose
    result equals an image of `images_u8` (e.g. a black rectangle on black background) is drawn
    again, so no generated input is in the original set ("tries" counts the draws)."""
    rs = np.random.RandomState(SEED)
    existing = {im.tobytes() for im in images_u8}
    out, rows = [], []
    for src in source_indices:
        for kind in KINDS:
            for tries in range(1, 101):
                img, params = mutate(images_u8[src], kind, rs)
                if img.tobytes() not in existing:
                    break
            else:
                raise RuntimeError(f"no new image from source {src} with {kind}")
            out.append(img)
            rows.append({"source": int(src), "kind": kind, **params, "tries": tries})
    return np.stack(out), rows
