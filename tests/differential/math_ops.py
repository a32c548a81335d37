"""Randomized cases for the elementwise math, logic and activation operators (issue 11's math
family); generate.py writes them next to its own (same layout, same onnxruntime-node check).
Bool outputs get their type patched into the model after save_case (which declares float)."""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper
from generate import save_case, rand


def save(out, name, node, inputs, inits, outputs, opset=13, out_type=None):
    save_case(out, name, node, inputs, inits, outputs, opset)
    if out_type is not None:
        path = os.path.join(out, f"test_diff_{name}", "model.onnx")
        model = onnx.load(path)
        for o in model.graph.output:
            o.type.tensor_type.elem_type = out_type
        onnx.save(model, path)


def rand_shape(rng, max_rank=4):
    return [int(v) for v in rng.integers(1, 7, size=int(rng.integers(1, max_rank + 1)))]


def bcast_shape(rng, shape):
    """A shape that broadcasts with `shape`: some dims set to 1, some leading ones dropped."""
    s = [1 if rng.integers(0, 3) == 0 else d for d in shape]
    return s[int(rng.integers(0, len(s) + 1)):] if rng.integers(0, 2) else s


# op -> (input maker, attributes maker, opset)
def _pos(rng, shape):
    return (np.abs(rand(rng, *shape)) * 3 + 1e-3).astype(np.float32)


UNARY = {
    "Erf": (lambda r, s: 1.5 * rand(r, *s), None, 13),
    "Sqrt": (_pos, None, 13),
    "Neg": (lambda r, s: rand(r, *s), None, 13),
    "Abs": (lambda r, s: rand(r, *s), None, 13),
    "Reciprocal": (lambda r, s: np.where(np.abs(x := rand(r, *s)) < 0.1, 0.5, x).astype(np.float32), None, 13),
    "Floor": (lambda r, s: 5 * rand(r, *s), None, 13),
    "Ceil": (lambda r, s: 5 * rand(r, *s), None, 13),
    "Round": (lambda r, s: (r.integers(-12, 12, size=s) / 2 + (r.integers(0, 2, size=s) * 0.3)).astype(np.float32), None, 13),
    "Log": (_pos, None, 13),
    "Sin": (lambda r, s: 3 * rand(r, *s), None, 13),
    "Cos": (lambda r, s: 3 * rand(r, *s), None, 13),
    "Softplus": (lambda r, s: 5 * rand(r, *s), None, 13),
    "Softsign": (lambda r, s: 5 * rand(r, *s), None, 13),
    "Mish": (lambda r, s: 4 * rand(r, *s), None, 18),
    "HardSigmoid": (lambda r, s: 4 * rand(r, *s), lambda r: dict(alpha=float(r.uniform(0.05, 0.5)), beta=float(r.uniform(0, 1))), 13),
    "HardSwish": (lambda r, s: 4 * rand(r, *s), None, 14),
    "Elu": (lambda r, s: 2 * rand(r, *s), lambda r: dict(alpha=float(r.uniform(0.1, 2))), 13),
    "Selu": (lambda r, s: 2 * rand(r, *s), lambda r: dict(alpha=float(r.uniform(1, 2)), gamma=float(r.uniform(0.5, 1.5))), 13),
    "Gelu": (lambda r, s: np.clip(2 * rand(r, *s), -4.5, 8).astype(np.float32), lambda r: dict(approximate=str(r.choice(["none", "tanh"]))), 20),
    "Tan": (lambda r, s: 1.4 * np.tanh(rand(r, *s)).astype(np.float32), None, 13),
    "Asin": (lambda r, s: np.tanh(rand(r, *s)).astype(np.float32), None, 13),
    "Acos": (lambda r, s: np.tanh(rand(r, *s)).astype(np.float32), None, 13),
    "Atan": (lambda r, s: 4 * rand(r, *s), None, 13),
    "Sinh": (lambda r, s: 3 * rand(r, *s), None, 13),
    "Cosh": (lambda r, s: 3 * rand(r, *s), None, 13),
    "Asinh": (lambda r, s: 4 * rand(r, *s), None, 13),
    "Acosh": (lambda r, s: 1 + _pos(r, s), None, 13),
    "Atanh": (lambda r, s: 0.99 * np.tanh(rand(r, *s)).astype(np.float32), None, 13),
    "Sign": (lambda r, s: np.where(r.integers(0, 4, size=s) == 0, 0, rand(r, *s)).astype(np.float32), None, 13),
    "ThresholdedRelu": (lambda r, s: 2 * rand(r, *s), lambda r: dict(alpha=float(r.uniform(-0.5, 1.5))), 13),
    "Celu": (lambda r, s: 2 * rand(r, *s), lambda r: dict(alpha=float(r.uniform(0.3, 2))), 13),
    "Shrink": (lambda r, s: 2 * rand(r, *s), lambda r: dict(lambd=float(r.uniform(0, 1.5)), bias=float(r.uniform(-1, 1))), 13),
}


def unary_cases(out, count):
    for op, (make, attrs, opset) in UNARY.items():
        for k in range(max(2, count // 3)):
            rng = np.random.default_rng(9000 + 50 * list(UNARY).index(op) + k)
            a = attrs(rng) if attrs else {}
            if op == "Gelu" and k < 2:
                a = dict(approximate=["none", "tanh"][k])
            node = helper.make_node(op, ["x"], ["y"], **a)
            save(out, f"{op.lower()}_{k}", node, [("x", make(rng, rand_shape(rng)))], [], ["y"], opset)
    for k in range(2):  # int64 Neg and Abs (shape arithmetic)
        rng = np.random.default_rng(9990 + k)
        x = rng.integers(-1000, 1000, size=rand_shape(rng)).astype(np.int64)
        op = ["Neg", "Abs"][k]
        save(out, f"{op.lower()}_int64", helper.make_node(op, ["x"], ["y"]), [("x", x)], [], ["y"], 13, TensorProto.INT64)


def binary_cases(out, count):
    for k in range(count):
        rng = np.random.default_rng(9100 + k)
        shape = rand_shape(rng)
        # Pow: positive bases with any exponent; negative bases with integer exponents.
        x = rand(rng, *shape)
        e_shape = bcast_shape(rng, shape)
        if k % 3 == 0:
            x = np.abs(x) + 0.1
            e = (2 * rand(rng, *e_shape)).astype(np.float32)
        elif k % 3 == 1:
            e = rng.integers(-3, 5, size=e_shape).astype(np.float32)
        else:
            e = np.array(float(rng.choice([2.0, 3.0, 0.5, -1.0, 1.0])), dtype=np.float32)
            x = np.abs(x) if e == 0.5 else x
        save(out, f"pow_{k}", helper.make_node("Pow", ["x", "e"], ["y"]), [("x", x.astype(np.float32)), ("e", e)], [], ["y"])
        if k % 4 == 0:
            ei = rng.integers(-3, 5, size=bcast_shape(rng, shape)).astype(np.int64)
            save(out, f"pow_int_exponent_{k}", helper.make_node("Pow", ["x", "e"], ["y"]), [("x", rand(rng, *shape)), ("e", ei)], [], ["y"])
        # PRelu: the slope broadcasts to X one way.
        slope_shape = [1 if rng.integers(0, 2) else d for d in shape][int(rng.integers(0, len(shape))):]
        save(out, f"prelu_{k}", helper.make_node("PRelu", ["x", "s"], ["y"]),
             [("x", rand(rng, *shape)), ("s", rand(rng, *slope_shape))], [], ["y"], 16)
        # Comparisons (float with ties, int64).
        op = ["Less", "Greater", "LessOrEqual", "GreaterOrEqual"][k % 4]
        if k % 2:
            a = rng.integers(-3, 3, size=shape).astype(np.int64)
            b = rng.integers(-3, 3, size=bcast_shape(rng, shape)).astype(np.int64)
        else:
            a = (np.round(rand(rng, *shape) * 2) / 2).astype(np.float32)
            b = (np.round(rand(rng, *bcast_shape(rng, shape)) * 2) / 2).astype(np.float32)
        if k % 3 == 2:
            a, b = b, a
        save(out, f"{op.lower()}_{k}", helper.make_node(op, ["a", "b"], ["y"]), [("a", np.asarray(a)), ("b", np.asarray(b))], [], ["y"], 16, TensorProto.BOOL)
        # Logic.
        op = ["And", "Or", "Xor"][k % 3]
        a = rng.integers(0, 2, size=shape).astype(bool)
        b = rng.integers(0, 2, size=bcast_shape(rng, shape)).astype(bool)
        save(out, f"{op.lower()}_{k}", helper.make_node(op, ["a", "b"], ["y"]), [("a", a), ("b", b)], [], ["y"], 13, TensorProto.BOOL)
        if k % 3 == 0:
            save(out, f"not_{k}", helper.make_node("Not", ["a"], ["y"]), [("a", a)], [], ["y"], 13, TensorProto.BOOL)


def where_variadic_cases(out, count):
    for k in range(count):
        rng = np.random.default_rng(9200 + k)
        shape = rand_shape(rng)
        c = rng.integers(0, 2, size=bcast_shape(rng, shape)).astype(bool)
        if k % 3 == 2:
            x = rng.integers(-9, 9, size=bcast_shape(rng, shape)).astype(np.int64)
            y = rng.integers(-9, 9, size=bcast_shape(rng, shape)).astype(np.int64)
            t = TensorProto.INT64
        else:
            x, y, t = rand(rng, *bcast_shape(rng, shape)), rand(rng, *bcast_shape(rng, shape)), None
        save(out, f"where_{k}", helper.make_node("Where", ["c", "x", "y"], ["z"]), [("c", c), ("x", x), ("y", y)], [], ["z"], 16, t)
        op = ["Min", "Max", "Sum", "Mean"][k % 4]
        n = int(rng.integers(1, 5))
        names = [f"x{i}" for i in range(n)]
        ints = op in ("Min", "Max") and k % 8 >= 4
        vals = []
        for i in range(n):
            s = shape if i == 0 and k % 2 else bcast_shape(rng, shape)
            vals.append(rng.integers(-9, 9, size=s).astype(np.int64) if ints else rand(rng, *s))
        if op in ("Min", "Max") and not ints and k % 8 == 1:  # NaN propagates
            vals[0].flat[0] = np.nan
        save(out, f"{op.lower()}_{k}", helper.make_node(op, names, ["y"]), list(zip(names, vals)), [], ["y"], 13,
             TensorProto.INT64 if ints else None)


def mod_classify_cases(out, count):
    """Mod (int64, int32 both fmod modes; float32 fmod=1), Sign on ints, IsNaN, IsInf."""
    for k in range(count):
        rng = np.random.default_rng(9300 + k)
        shape = rand_shape(rng)
        b_shape = bcast_shape(rng, shape)
        if k % 3 == 2:
            a = (4 * rand(rng, *shape)).astype(np.float32)
            b = np.where(np.abs(d := 2 * rand(rng, *b_shape)) < 0.2, 1.5, d).astype(np.float32)
            fmod, t = 1, None
        else:
            dt = np.int64 if k % 3 == 0 else np.int32
            a = rng.integers(-50, 50, size=shape).astype(dt)
            b = rng.integers(1, 9, size=b_shape).astype(dt) * rng.choice([-1, 1], size=b_shape).astype(dt)
            fmod, t = k % 2, TensorProto.INT64 if dt == np.int64 else TensorProto.INT32
        save(out, f"mod_{k}", helper.make_node("Mod", ["a", "b"], ["y"], fmod=fmod), [("a", a), ("b", b)], [], ["y"], 13, t)
        x = rand(rng, *shape)
        x[rng.integers(0, 4, size=shape) == 0] = np.nan
        x[rng.integers(0, 4, size=shape) == 0] = np.inf
        x[rng.integers(0, 4, size=shape) == 0] = -np.inf
        save(out, f"isnan_{k}", helper.make_node("IsNaN", ["x"], ["y"]), [("x", x)], [], ["y"], 13, TensorProto.BOOL)
        a = dict(detect_negative=int(k % 3 != 1), detect_positive=int(k % 3 != 2))
        save(out, f"isinf_{k}", helper.make_node("IsInf", ["x"], ["y"], **a), [("x", x)], [], ["y"], 13, TensorProto.BOOL)
        if k % 2 == 0:
            xi = rng.integers(-3, 4, size=shape).astype(np.int64)
            save(out, f"sign_int64_{k}", helper.make_node("Sign", ["x"], ["y"]), [("x", xi)], [], ["y"], 13, TensorProto.INT64)


def softmax_family_cases(out, count):
    """LogSoftmax and Hardmax in both axis forms (opset 11: 2-D coercion; 13: one axis), and
    MeanVarianceNormalization over default and chosen axes."""
    for k in range(count):
        rng = np.random.default_rng(9400 + k)
        shape = rand_shape(rng)
        rank = len(shape)
        opset = 11 if k % 2 else 13
        axis = int(rng.integers(-rank, rank))
        x = (3 * rand(rng, *shape)).astype(np.float32)
        save(out, f"logsoftmax_{k}", helper.make_node("LogSoftmax", ["x"], ["y"], axis=axis), [("x", x)], [], ["y"], opset)
        xh = np.round(x).astype(np.float32)  # ties: the first maximum wins
        save(out, f"hardmax_{k}", helper.make_node("Hardmax", ["x"], ["y"], axis=axis), [("x", xh)], [], ["y"], opset)
        shape4 = [int(v) for v in rng.integers(1, 6, size=4)]
        if k % 3 == 0:
            a = {}
        else:
            a = dict(axes=sorted(int(v) for v in rng.choice(4, size=int(rng.integers(1, 4)), replace=False)))
        save(out, f"mvn_{k}", helper.make_node("MeanVarianceNormalization", ["x"], ["y"], **a),
             [("x", (2 * rand(rng, *shape4) + 1).astype(np.float32))], [], ["y"], 13)


FAMILIES = (unary_cases, binary_cases, where_variadic_cases, mod_classify_cases, softmax_family_cases)
