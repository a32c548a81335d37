// An activation applied in an op's epilogue: set on a Conv/Gemm node by graph/passes
// (fuse_activation) when a Relu or a constant Clip follows it, read by the op at create and
// handed to its kernel. Semantics equal the standalone ops bit for bit:
//   Relu: x > 0 ? x : 0, NaN kept, -0 -> +0;   Clip: v = x < lo ? lo : x; v > hi ? hi : v.
#pragma once

namespace wnn {

struct Activation {
  enum class Kind { kNone, kRelu, kClip };
  Kind kind = Kind::kNone;
  float lo = 0.0f, hi = 0.0f;  // kClip bounds

  static Activation none() { return {}; }
  static Activation relu() { return {Kind::kRelu, 0.0f, 0.0f}; }
  static Activation clip(float lo, float hi) { return {Kind::kClip, lo, hi}; }
  bool is_none() const { return kind == Kind::kNone; }

  float apply(float x) const {
    switch (kind) {
      case Kind::kRelu: return !(x > 0.0f) && x == x ? 0.0f : x;
      case Kind::kClip: {
        const float v = x < lo ? lo : x;
        return v > hi ? hi : v;
      }
      default: return x;
    }
  }
};

}  // namespace wnn
