// LSTM, GRU and RNN (ONNX opset 7-14+ semantics): forward, reverse, bidirectional; initial
// states; sequence lengths; both GRU linear_before_reset values; LSTM peepholes; clip; layout 0
// and 1.
//
// The input projection of every time step is one GEMM before the recurrence (X W^T for all
// steps at once, with both biases folded in where the equations allow), so the loop over time
// only does the small recurrent GEMM (H R^T) and the gate math on [rows, gates*hidden] blocks.
// LSTM and GRU take their default activations only; the plain RNN (Elman) cell
//   H(t) = f(clip(X(t) W^T + H(t-1) R^T + Wb + Rb))
// takes f per direction from Tanh (the default), Relu and Sigmoid. Other activations are rejected.
#include <algorithm>
#include <cstring>

#include "wnn/kernels/activation.h"
#include "wnn/kernels/gemm.h"
#include "wnn/ops/op.h"

namespace wnn {
namespace {

enum class Cell { kLstm, kGru, kRnn };

// Weights of one direction, packed for the GEMM microkernel.
struct DirectionWeights {
  std::vector<float> w_packed;   // W^T: [input, gates*hidden]
  std::vector<float> r_packed;   // R^T: [hidden, gates*hidden] (GRU lbr=0: only z and r)
  std::vector<float> rh_packed;  // GRU lbr=0: Rh^T [hidden, hidden]
  std::vector<float> x_bias;     // added to X W^T: [gates*hidden]
  std::vector<float> rh_bias;    // GRU lbr=1: Rbh, added to H Rh^T inside the reset gate
  std::vector<float> peephole;   // LSTM: [3*hidden] (i, o, f) or empty
};

class RnnOp final : public Op {
 public:
  RnnOp(OpContext ctx, Cell cell, int64_t hidden, int directions, bool reverse_only, bool lbr,
        float clip, bool batch_major, std::vector<DirectionWeights> weights, int64_t input_size,
        kernels::GemmFn projection, std::vector<kernels::UnaryFn> rnn_activations)
      : label_(ctx),
        cell_(cell),
        hidden_(hidden),
        directions_(directions),
        reverse_only_(reverse_only),
        linear_before_reset_(lbr),
        clip_(clip),
        batch_major_(batch_major),
        weights_(std::move(weights)),
        input_size_(input_size),
        gemm_(projection),
        step_gemm_(ctx.kernels.few_rows_gemm().gemm),
        sigmoid_(ctx.kernels.unary.sigmoid),
        tanh_(ctx.kernels.unary.tanh),
        rnn_activations_(std::move(rnn_activations)) {}

  int64_t gates() const { return cell_ == Cell::kLstm ? 4 : cell_ == Cell::kGru ? 3 : 1; }

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    const Shape& x = in[0].shape;
    if (in[0].dtype != DType::kFloat32 || x.size() != 3 || x[2] != input_size_)
      return label_.error("input X has shape " + shape_string(x) + " (" + dtype_name(in[0].dtype) +
                          "); expected float32 [" +
                          (batch_major_ ? "batch, seq_length, " : "seq_length, batch, ") +
                          std::to_string(input_size_) + "]");
    seq_ = batch_major_ ? x[1] : x[0];
    batch_ = batch_major_ ? x[0] : x[1];
    const int64_t H = hidden_, D = directions_;
    const Shape state = batch_major_ ? Shape{batch_, D, H} : Shape{D, batch_, H};
    // Optional inputs: 4 sequence_lens, 5 initial_h, 6 initial_c (LSTM).
    if (in.size() > 4 && !in[4].omitted()) {
      if ((in[4].dtype != DType::kInt32 && in[4].dtype != DType::kInt64) ||
          in[4].shape != Shape{batch_})
        return label_.error("sequence_lens must be int32 [" + std::to_string(batch_) + "]; it is " +
                            dtype_name(in[4].dtype) + " " + shape_string(in[4].shape));
    }
    for (size_t i : {size_t{5}, size_t{6}}) {
      if (in.size() > i && !in[i].omitted() &&
          (in[i].dtype != DType::kFloat32 || in[i].shape != state))
        return label_.error(std::string(i == 5 ? "initial_h" : "initial_c") + " has shape " +
                            shape_string(in[i].shape) + "; expected float32 " +
                            shape_string(state));
    }
    const Shape y = batch_major_ ? Shape{batch_, seq_, D, H} : Shape{seq_, D, batch_, H};
    out = {{DType::kFloat32, y}, {DType::kFloat32, state}};
    if (cell_ == Cell::kLstm) out.push_back({DType::kFloat32, state});
    const int64_t G = gates();
    // A task: one direction and a block of batch rows, for every step. The rows' sequences are
    // independent (no sum crosses them), so any split computes the same bits; with one thread,
    // every row in one task, as one projection GEMM.
    needs.compute = split_units(static_cast<size_t>(batch_), needs.threads, 1);
    needs.compute.range[0] = static_cast<size_t>(D);
    const int64_t rows = static_cast<int64_t>(needs.compute.tile[1]);
    // Scratch of a task: X W^T of its rows for all steps, H R^T for one step, gate/candidate
    // temporaries, h and c state.
    const int64_t floats = seq_ * rows * G * H + rows * G * H + rows * 2 * H + 2 * rows * H;
    needs.scratch_bytes = static_cast<size_t>(floats) * sizeof(float);
    return ok_status();
  }

  // W, R, B and P live in the directions' packed weights.
  std::vector<size_t> prepacked_inputs() const override { return {1, 2, 3, 7}; }

  void run(const RunArgs& a, const Task& task) override {
    for (size_t d = task.begin[0]; d < task.end[0]; ++d) {
      const int dir = static_cast<int>(d);
      run_direction(a, task, dir, reverse_only_ || dir == 1, static_cast<int64_t>(task.begin[1]),
                    static_cast<int64_t>(task.end[1]));
    }
  }

 private:
  // Row that holds time t of batch element b in X's memory order over `batch` rows: X itself
  // (batch_), or a task's X W^T (its own rows).
  int64_t row(int64_t t, int64_t b, int64_t batch) const {
    return batch_major_ ? b * seq_ + t : t * batch + b;
  }

  // Rows [b0, b1) of one direction. The task's scratch holds them as local rows 0 .. B-1; X W^T
  // in X's memory order (time-major: t * B + b, batch-major: b * T + t).
  void run_direction(const RunArgs& a, const Task& task, int d, bool reverse, int64_t b0,
                     int64_t b1) {
    const int64_t H = hidden_, G = gates(), B = b1 - b0, T = seq_, K = input_size_;
    const DirectionWeights& w = weights_[d];
    float* xw = task.scratch_as<float>();  // [T*B, G*H]
    float* hr = xw + T * B * G * H;        // [B, G*H]
    float* tmp = hr + B * G * H;           // [B, 2*H]
    float* h = tmp + B * 2 * H;            // [B, H]
    float* c = h + B * H;                  // [B, H]

    // X W^T: one GEMM over the rows' steps where they lie together in X, else one per step.
    kernels::GemmEpilogue ep;
    ep.add_column_bias(w.x_bias.data());
    const bool together = batch_major_ || B == batch_;
    const int64_t gemms = together ? 1 : T, gemm_rows = together ? T * B : B;
    for (int64_t t = 0; t < gemms; ++t)
      gemm_(static_cast<size_t>(gemm_rows), static_cast<size_t>(G * H), static_cast<size_t>(K),
            a.in(0) + row(t, b0, batch_) * K, static_cast<size_t>(K), w.w_packed.data(),
            xw + t * B * G * H, static_cast<size_t>(G * H), ep);

    const float* h0 = a.inputs.size() > 5 ? a.in(5) : nullptr;
    const float* c0 = a.inputs.size() > 6 ? a.in(6) : nullptr;
    for (int64_t b = 0; b < B; ++b) {
      for (int64_t j = 0; j < H; ++j) {
        h[b * H + j] = h0 ? h0[state_index(d, b0 + b) + j] : 0.0f;
        c[b * H + j] = c0 ? c0[state_index(d, b0 + b) + j] : 0.0f;
      }
    }
    // Rows advance together unless sequence_lens makes their lengths differ: then each row
    // runs alone for its own length (and a reverse pass starts at its own last step).
    std::vector<int64_t> lengths(static_cast<size_t>(B), T);
    bool uniform = true;
    if (a.inputs.size() > 4 && a.inputs[4]) {
      for (int64_t b = 0; b < B; ++b) {
        const TensorDesc& sl = (*a.input_descs)[4];
        const int64_t len =
            sl.dtype == DType::kInt64 ? a.in<int64_t>(4)[b0 + b] : a.in<int32_t>(4)[b0 + b];
        lengths[b] = std::clamp<int64_t>(len, 0, T);
        uniform = uniform && lengths[b] == T;
      }
    }
    float* y = a.out(0);
    if (y) {  // steps past a row's length stay zero
      for (int64_t t = 0; t < T; ++t)
        for (int64_t b = 0; b < B; ++b)
          if (t >= lengths[b]) std::memset(y + y_index(t, d, b0 + b), 0, sizeof(float) * H);
    }
    const Rows all{b0, B, 0, B};
    if (uniform) {
      run_rows(a, w, d, reverse, all, T, xw, hr, tmp, h, c);
    } else {
      for (int64_t b = 0; b < B; ++b)
        run_rows(a, w, d, reverse, {b0, B, b, b + 1}, lengths[b], xw, hr, tmp, h, c);
    }
    for (int64_t b = 0; b < B; ++b) {
      if (a.out(1)) std::memcpy(a.out(1) + state_index(d, b0 + b), h + b * H, sizeof(float) * H);
      if (cell_ == Cell::kLstm && a.out(2))
        std::memcpy(a.out(2) + state_index(d, b0 + b), c + b * H, sizeof(float) * H);
    }
  }

  // Local rows [begin, end) of a task whose B rows start at batch row `first`.
  struct Rows {
    int64_t first, count, begin, end;
  };

  int64_t state_index(int d, int64_t b) const {
    return (batch_major_ ? b * directions_ + d : d * batch_ + b) * hidden_;
  }
  int64_t y_index(int64_t t, int d, int64_t b) const {
    return (batch_major_ ? (b * seq_ + t) * directions_ + d : (t * directions_ + d) * batch_ + b) *
           hidden_;
  }

  void clip(float* v, int64_t n) const {
    if (clip_ <= 0) return;
    for (int64_t i = 0; i < n; ++i) v[i] = std::min(std::max(v[i], -clip_), clip_);
  }

  // Runs local rows r.begin .. r.end of one direction for `len` steps.
  void run_rows(const RunArgs& a, const DirectionWeights& w, int d, bool reverse, const Rows& r,
                int64_t len, const float* xw, float* hr, float* tmp, float* h, float* c) {
    const int64_t H = hidden_, G = gates(), rows = r.end - r.begin;
    float* y = a.out(0);
    for (int64_t s = 0; s < len; ++s) {
      const int64_t t = reverse ? len - 1 - s : s;
      kernels::GemmEpilogue none;
      const int64_t r_cols = cell_ == Cell::kGru && !linear_before_reset_ ? 2 * H : G * H;
      step_gemm_(static_cast<size_t>(rows), static_cast<size_t>(r_cols), static_cast<size_t>(H),
                 h + r.begin * H, static_cast<size_t>(H), w.r_packed.data(), hr + r.begin * G * H,
                 static_cast<size_t>(G * H), none);
      for (int64_t b = r.begin; b < r.end; ++b) {
        float* g = hr + b * G * H;  // gates, in place: pre-activation then activation
        const float* x = xw + row(t, b, r.count) * G * H;
        float* hb = h + b * H;
        if (cell_ == Cell::kLstm)
          lstm_cell(w, g, x, hb, c + b * H, tmp + b * 2 * H);
        else if (cell_ == Cell::kGru)
          gru_cell(w, g, x, hb, tmp + b * 2 * H);
        else
          rnn_cell(g, x, hb, rnn_activations_[d]);
        if (y) std::memcpy(y + y_index(t, d, r.first + b), hb, sizeof(float) * H);
      }
    }
  }

  // Gates in ONNX order i, o, f, c.
  void lstm_cell(const DirectionWeights& w, float* g, const float* x, float* h, float* c,
                 float* tmp) {
    const int64_t H = hidden_;
    for (int64_t j = 0; j < 4 * H; ++j) g[j] = x[j] + g[j];
    if (!w.peephole.empty()) {  // i and f see C(t-1); o sees C(t), below
      for (int64_t j = 0; j < H; ++j) {
        g[j] += w.peephole[j] * c[j];
        g[2 * H + j] += w.peephole[2 * H + j] * c[j];
      }
    }
    clip(g, H);                              // i
    clip(g + 2 * H, 2 * H);                  // f, c~ (o is clipped once its peephole is in)
    sigmoid_(static_cast<size_t>(H), g, g);  // i
    sigmoid_(static_cast<size_t>(H), g + 2 * H, g + 2 * H);  // f
    tanh_(static_cast<size_t>(H), g + 3 * H, g + 3 * H);     // c~
    for (int64_t j = 0; j < H; ++j) c[j] = g[2 * H + j] * c[j] + g[j] * g[3 * H + j];
    if (!w.peephole.empty())
      for (int64_t j = 0; j < H; ++j) g[H + j] += w.peephole[H + j] * c[j];
    if (clip_ > 0) clip(g + H, H);
    sigmoid_(static_cast<size_t>(H), g + H, g + H);  // o
    tanh_(static_cast<size_t>(H), c, tmp);
    for (int64_t j = 0; j < H; ++j) h[j] = g[H + j] * tmp[j];
  }

  // Gates in ONNX order z, r, h.
  void gru_cell(const DirectionWeights& w, float* g, const float* x, float* h, float* tmp) {
    const int64_t H = hidden_;
    for (int64_t j = 0; j < 2 * H; ++j) g[j] = x[j] + g[j];
    clip(g, 2 * H);
    sigmoid_(static_cast<size_t>(2 * H), g, g);  // z, r
    float* cand = g + 2 * H;
    if (linear_before_reset_) {  // h~ = g(x Wh + r * (h Rh + Rbh)); h Rh is already in cand
      for (int64_t j = 0; j < H; ++j) cand[j] = x[2 * H + j] + g[H + j] * (cand[j] + w.rh_bias[j]);
    } else {  // h~ = g(x Wh + (r * h) Rh)
      for (int64_t j = 0; j < H; ++j) tmp[j] = g[H + j] * h[j];
      kernels::GemmEpilogue none;
      step_gemm_(1, static_cast<size_t>(H), static_cast<size_t>(H), tmp, static_cast<size_t>(H),
                 w.rh_packed.data(), cand, static_cast<size_t>(H), none);
      for (int64_t j = 0; j < H; ++j) cand[j] = x[2 * H + j] + cand[j];
    }
    clip(cand, H);
    tanh_(static_cast<size_t>(H), cand, cand);
    for (int64_t j = 0; j < H; ++j) h[j] = (1.0f - g[j]) * cand[j] + g[j] * h[j];
  }

  // H = f(clip(x + H(t-1) R^T)), both biases already in x.
  void rnn_cell(float* g, const float* x, float* h, kernels::UnaryFn f) {
    for (int64_t j = 0; j < hidden_; ++j) g[j] = x[j] + g[j];
    clip(g, hidden_);
    f(static_cast<size_t>(hidden_), g, h);
  }

  OpLabel label_;
  Cell cell_;
  int64_t hidden_;
  int directions_;
  bool reverse_only_, linear_before_reset_;
  float clip_;
  bool batch_major_;
  std::vector<DirectionWeights> weights_;
  int64_t input_size_;
  kernels::GemmFn gemm_;       // X W^T for all steps at once: short_sum_gemm(input, gates)
  kernels::GemmFn step_gemm_;  // H(t-1) R^T, a row per batch element: few_rows_gemm()
  kernels::UnaryFn sigmoid_, tanh_;
  std::vector<kernels::UnaryFn> rnn_activations_;  // RNN: f of each direction
  int64_t seq_ = 0, batch_ = 0;
};

std::vector<float> slice(const float* data, int64_t from, int64_t count) {
  return std::vector<float>(data + from, data + from + count);
}

std::vector<float> pack_transposed(const kernels::GemmConfig& gemm, const float* rows,
                                   int64_t n_rows, int64_t k) {
  // rows is [n_rows, k] (ONNX W/R of one direction): GEMM B = rows^T [k, n_rows].
  std::vector<float> packed(
      gemm.packed_b_floats(static_cast<size_t>(k), static_cast<size_t>(n_rows)));
  gemm.pack_b_transposed(static_cast<size_t>(k), static_cast<size_t>(n_rows), rows,
                         static_cast<size_t>(k), packed.data());
  return packed;
}

Expected<std::unique_ptr<Op>> create_recurrent(const OpContext& ctx, Cell cell) {
  const Node& n = ctx.node;
  const int64_t G = cell == Cell::kLstm ? 4 : cell == Cell::kGru ? 3 : 1;
  const std::string direction = n.attr_string("direction", "forward");
  if (direction != "forward" && direction != "reverse" && direction != "bidirectional")
    return ctx.error("direction '" + direction + "' is not forward, reverse or bidirectional");
  const int D = direction == "bidirectional" ? 2 : 1;
  const int64_t H = n.attr_int("hidden_size", 0);
  if (H < 1) return ctx.error("the hidden_size attribute is missing or not positive");
  std::vector<kernels::UnaryFn> rnn_activations(D, ctx.kernels.unary.tanh);
  const Attribute* acts = n.attribute("activations");
  if (cell == Cell::kRnn && acts) {  // one per direction; Tanh, Relu and Sigmoid take no alpha
    if (acts->strings.size() != static_cast<size_t>(D))
      return ctx.error("activations lists " + std::to_string(acts->strings.size()) +
                       " functions; an RNN takes one per direction (" + std::to_string(D) + ")");
    for (int d = 0; d < D; ++d) {
      const std::string& f = acts->strings[d];
      if (f == "Relu")
        rnn_activations[d] = ctx.kernels.unary.relu;
      else if (f == "Sigmoid")
        rnn_activations[d] = ctx.kernels.unary.sigmoid;
      else if (f != "Tanh")
        return ctx.error("activation '" + f +
                         "' is not supported; wasmnn's RNN takes Tanh, Relu or Sigmoid");
    }
  } else if (acts) {
    const std::vector<std::string> defaults =
        cell == Cell::kLstm ? std::vector<std::string>{"Sigmoid", "Tanh", "Tanh"}
                            : std::vector<std::string>{"Sigmoid", "Tanh"};
    for (size_t i = 0; i < acts->strings.size(); ++i)
      if (acts->strings[i] != defaults[i % defaults.size()])
        return ctx.error("activation '" + acts->strings[i] +
                         "' is not supported; only the default activations (" +
                         (cell == Cell::kLstm ? "Sigmoid, Tanh, Tanh" : "Sigmoid, Tanh") + ")");
  }
  if (n.attr_int("input_forget", 0) != 0) return ctx.error("input_forget=1 is not supported");
  const int64_t layout = n.attr_int("layout", 0);
  if (layout != 0 && layout != 1) return ctx.error("layout must be 0 or 1");
  const float clip = n.attr_float("clip", 0.0f);

  const Tensor* W = ctx.constant_input(1);
  const Tensor* R = ctx.constant_input(2);
  if (!W || !R) return ctx.error("W and R must be initializers");
  if (W->dtype != DType::kFloat32 || W->shape.size() != 3 || W->shape[0] != D ||
      W->shape[1] != G * H)
    return ctx.error("W has shape " + shape_string(W->shape) + "; expected float32 [" +
                     std::to_string(D) + ", " + std::to_string(G * H) + ", input_size]");
  const int64_t I = W->shape[2];
  if (R->dtype != DType::kFloat32 || R->shape != Shape{D, G * H, H})
    return ctx.error("R has shape " + shape_string(R->shape) + "; expected float32 [" +
                     std::to_string(D) + ", " + std::to_string(G * H) + ", " + std::to_string(H) +
                     "]");
  const Tensor* B = ctx.constant_input(3);
  if (ctx.has_input(3) && (!B || B->dtype != DType::kFloat32 || B->shape != Shape{D, 2 * G * H}))
    return ctx.error("B must be a float32 initializer [" + std::to_string(D) + ", " +
                     std::to_string(2 * G * H) + "]");
  const Tensor* P = cell == Cell::kLstm ? ctx.constant_input(7) : nullptr;
  if (cell == Cell::kLstm && ctx.has_input(7) &&
      (!P || P->dtype != DType::kFloat32 || P->shape != Shape{D, 3 * H}))
    return ctx.error("P (peepholes) must be a float32 initializer [" + std::to_string(D) + ", " +
                     std::to_string(3 * H) + "]");
  const bool lbr = cell == Cell::kGru && n.attr_int("linear_before_reset", 0) != 0;

  const kernels::GemmConfig& step = ctx.kernels.few_rows_gemm();  // packs R for step_gemm_
  const kernels::GemmConfig& projection =                         // packs W for gemm_
      ctx.kernels.short_sum_gemm(static_cast<size_t>(I), static_cast<size_t>(G * H));
  std::vector<DirectionWeights> dirs(D);
  for (int d = 0; d < D; ++d) {
    DirectionWeights& w = dirs[d];
    const float* wd = W->f32() + d * G * H * I;
    const float* rd = R->f32() + d * G * H * H;
    w.w_packed = pack_transposed(projection, wd, G * H, I);
    std::vector<float> wb(G * H, 0.0f), rb(G * H, 0.0f);
    if (B) {
      wb = slice(B->f32(), d * 2 * G * H, G * H);
      rb = slice(B->f32(), d * 2 * G * H + G * H, G * H);
    }
    w.x_bias.resize(G * H);
    for (int64_t j = 0; j < G * H; ++j) w.x_bias[j] = wb[j] + rb[j];
    if (cell == Cell::kGru) {
      if (lbr) {  // Rbh stays inside the reset gate
        w.r_packed = pack_transposed(step, rd, G * H, H);
        w.rh_bias = slice(rb.data(), 2 * H, H);
        for (int64_t j = 0; j < H; ++j) w.x_bias[2 * H + j] = wb[2 * H + j];
      } else {
        w.r_packed = pack_transposed(step, rd, 2 * H, H);
        w.rh_packed = pack_transposed(step, rd + 2 * H * H, H, H);
      }
    } else {  // LSTM and RNN
      w.r_packed = pack_transposed(step, rd, G * H, H);
      if (P) w.peephole = slice(P->f32(), d * 3 * H, 3 * H);
    }
  }
  return std::unique_ptr<Op>(new RnnOp(ctx, cell, H, D, direction == "reverse", lbr, clip,
                                       layout == 1, std::move(dirs), I, projection.gemm,
                                       std::move(rnn_activations)));
}

}  // namespace

Expected<std::unique_ptr<Op>> create_lstm(const OpContext& ctx) {
  return create_recurrent(ctx, Cell::kLstm);
}
Expected<std::unique_ptr<Op>> create_gru(const OpContext& ctx) {
  return create_recurrent(ctx, Cell::kGru);
}
Expected<std::unique_ptr<Op>> create_rnn(const OpContext& ctx) {
  return create_recurrent(ctx, Cell::kRnn);
}

}  // namespace wnn
