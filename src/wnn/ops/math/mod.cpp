// Mod (opset 10+) with numpy broadcasting, on int64, int32 and float32.
//   fmod = 0 (default): the integer remainder takes the divisor's sign, as Python's % does;
//   fmod = 1: C's fmod / %, the remainder takes the dividend's sign (float32 requires it, as
//             ONNX says).
// x mod 0 is 0 for the integer types (numpy's result; a trap would kill the page), and
// INT_MIN mod -1 is 0 (its true value, where C's % would trap). float32 is C's fmodf, which is
// exact, so every platform gives the same bits.
#include <cmath>
#include <type_traits>

#include "wnn/ops/broadcast.h"
#include "wnn/ops/op.h"

namespace wnn {
namespace {

template <typename T>
T mod_one(T a, T b, bool c_fmod) {
  if constexpr (std::is_floating_point_v<T>) {
    return std::fmod(a, b);
  } else {
    if (b == 0 || (std::is_signed_v<T> && b == T(-1))) return 0;
    const T r = static_cast<T>(a % b);
    return !c_fmod && r != 0 && ((r < 0) != (b < 0)) ? static_cast<T>(r + b) : r;
  }
}

class ModOp final : public Op {
 public:
  ModOp(const OpContext& ctx, bool c_fmod) : label_(ctx), c_fmod_(c_fmod) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    if (in.size() != 2 || in[0].omitted() || in[1].omitted())
      return label_.error("needs exactly two inputs");
    dtype_ = in[0].dtype;
    if (in[1].dtype != dtype_)
      return label_.error(std::string("the inputs have different types (") + dtype_name(dtype_) +
                          " and " + dtype_name(in[1].dtype) + "); ONNX requires one type for both");
    if (dtype_ != DType::kFloat32 && dtype_ != DType::kInt64 && dtype_ != DType::kInt32)
      return label_.error(std::string("inputs of type ") + dtype_name(dtype_) +
                          " are not supported; supported: float32, int64, int32");
    if (dtype_ == DType::kFloat32 && !c_fmod_)
      return label_.error(
          "float32 inputs need fmod = 1 (ONNX defines Mod of floats only as C's "
          "fmod); this node has fmod = 0");
    Expected<BroadcastLoops> p = plan_broadcast(in[0].shape, in[1].shape);
    if (!p.ok())
      return label_.error("inputs '" + label_.input_name(0) + "' and '" + label_.input_name(1) +
                          "': " + p.status().message());
    loops_ = p.take();
    out = {{dtype_, loops_.out}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task&) override {
    if (loops_.empty) return;
    visit_dtype(dtype_, [&](auto tag) {
      using T = decltype(tag);
      if constexpr (std::is_same_v<T, float> || std::is_same_v<T, int64_t> ||
                    std::is_same_v<T, int32_t>) {
        const T* x = a.in<T>(0);
        const T* d = a.in<T>(1);
        T* y = a.out<T>(0);
        const int64_t n = loops_.run;
        const bool xs = loops_.kind == BroadcastLoops::Run::kSV;
        const bool ds = loops_.kind == BroadcastLoops::Run::kVS;
        for_each_run(loops_, [&](int64_t xo, int64_t dof, int64_t yo) {
          for (int64_t i = 0; i < n; ++i)
            y[yo + i] = mod_one<T>(x[xo + (xs ? 0 : i)], d[dof + (ds ? 0 : i)], c_fmod_);
        });
      }
    });
  }

 private:
  OpLabel label_;
  bool c_fmod_;
  DType dtype_ = DType::kUndefined;
  BroadcastLoops loops_;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_mod(const OpContext& ctx) {
  const int64_t fmod = ctx.node.attr_int("fmod", 0);
  if (fmod != 0 && fmod != 1) return ctx.error("fmod = " + std::to_string(fmod) + "; it is 0 or 1");
  return std::unique_ptr<Op>(new ModOp(ctx, fmod == 1));
}

}  // namespace wnn
