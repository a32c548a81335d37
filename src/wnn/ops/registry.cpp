#include "wnn/ops/registry.h"

namespace wnn {

// nn: convolution, dense layers, pooling, normalization (ops/nn/)
Expected<std::unique_ptr<Op>> create_average_pool(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_batch_normalization(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_conv(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_conv_transpose(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_gemm(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_global_average_pool(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_global_max_pool(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_instance_normalization(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_layer_normalization(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_lrn(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_matmul(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_max_pool(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_mean_variance_normalization(const OpContext& ctx);

// math: elementwise arithmetic, activations, reductions, casts (ops/math/)
Expected<std::unique_ptr<Op>> create_abs(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_acos(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_acosh(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_add(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_and(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_arg_max(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_arg_min(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_asin(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_asinh(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_atan(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_atanh(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_cast(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_cast_like(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_ceil(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_celu(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_clip(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_cos(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_cosh(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_cum_sum(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_div(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_elu(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_equal(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_erf(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_exp(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_floor(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_gelu(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_greater(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_greater_or_equal(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_hard_sigmoid(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_hard_swish(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_hardmax(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_is_inf(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_is_nan(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_leaky_relu(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_less(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_less_or_equal(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_log(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_log_softmax(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_max(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_mean(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_min(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_mish(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_mod(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_mul(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_neg(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_not(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_or(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_pow(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_prelu(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_reciprocal(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_reduce_l1(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_reduce_l2(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_reduce_log_sum(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_reduce_log_sum_exp(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_reduce_max(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_reduce_mean(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_reduce_min(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_reduce_prod(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_reduce_sum(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_reduce_sum_square(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_relu(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_round(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_selu(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_shrink(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_sigmoid(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_sign(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_sin(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_sinh(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_softmax(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_softplus(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_softsign(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_sqrt(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_sub(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_sum(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_tan(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_tanh(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_thresholded_relu(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_top_k(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_where(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_xor(const OpContext& ctx);

// tensor: shape, layout, indexing, constants, resizing (ops/tensor/)
Expected<std::unique_ptr<Op>> create_concat(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_compress(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_constant(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_constant_of_shape(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_depth_to_space(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_dropout(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_einsum(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_expand(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_eye_like(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_flatten(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_gather(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_gather_elements(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_gather_nd(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_identity(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_non_zero(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_one_hot(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_pad(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_range(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_reshape(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_resize(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_reverse_sequence(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_scatter_elements(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_scatter_nd(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_shape(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_size(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_slice(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_space_to_depth(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_split(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_squeeze(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_tile(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_transpose(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_trilu(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_unsqueeze(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_upsample(const OpContext& ctx);

// quantization: linear (de)quantization of QDQ models (ops/quantization/)
Expected<std::unique_ptr<Op>> create_conv_integer(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_dequantize_linear(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_dynamic_quantize_linear(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_matmul_integer(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_qlinear_conv(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_qlinear_matmul(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_quantize_linear(const OpContext& ctx);

// rnn: recurrent layers (ops/rnn/)
Expected<std::unique_ptr<Op>> create_gru(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_lstm(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_rnn(const OpContext& ctx);

// control: subgraphs, planned by plan/ (ops/control/)
Expected<std::unique_ptr<Op>> create_if(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_loop(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_scan(const OpContext& ctx);

namespace {
// One row per operator: {op type, oldest opset whose semantics it follows, factory, inputs and
// outputs it takes (ins(n): n inputs, one output; ins(min, max); io(min in, max in, min out,
// max out)) [, {{opset, the count from that opset on}, ...}][, newest opset it follows:
// kNewestOpset when left out]}, by family, alphabetical within a family.
const OpRegistration kOps[] = {
    // nn
    {"AveragePool", 7, create_average_pool, ins(1)},
    {"BatchNormalization", 7, create_batch_normalization, io(5, 5, 1, 5)},
    {"Conv", 1, create_conv, ins(2, 3)},
    {"Gemm", 7, create_gemm, ins(3), {{11, ins(2, 3)}}},
    {"GlobalAveragePool", 1, create_global_average_pool, ins(1)},
    {"GlobalMaxPool", 1, create_global_max_pool, ins(1)},
    {"InstanceNormalization", 1, create_instance_normalization, ins(3)},
    {"LayerNormalization", 17, create_layer_normalization, io(2, 3, 1, 3)},
    {"MatMul", 1, create_matmul, ins(2)},
    {"MaxPool", 1, create_max_pool, io(1, 1, 1, 2)},
    // math
    {"Abs", 6, create_abs, ins(1)},
    {"Add", 7, create_add, ins(2)},
    {"And", 7, create_and, ins(2)},
    {"ArgMax", 1, create_arg_max, ins(1)},
    {"ArgMin", 1, create_arg_min, ins(1)},
    {"Cast", 6, create_cast, ins(1)},
    {"CastLike", 15, create_cast_like, ins(2)},
    {"Ceil", 6, create_ceil, ins(1)},
    {"Clip", 6, create_clip, ins(1), {{11, ins(1, 3)}}},
    {"Div", 7, create_div, ins(2)},
    {"Elu", 6, create_elu, ins(1)},
    {"Equal", 7, create_equal, ins(2)},
    {"Erf", 9, create_erf, ins(1)},
    {"Exp", 6, create_exp, ins(1)},
    {"Floor", 6, create_floor, ins(1)},
    {"Greater", 7, create_greater, ins(2)},
    {"GreaterOrEqual", 12, create_greater_or_equal, ins(2)},
    {"HardSigmoid", 6, create_hard_sigmoid, ins(1)},
    {"HardSwish", 14, create_hard_swish, ins(1)},
    {"LeakyRelu", 6, create_leaky_relu, ins(1)},
    {"Less", 7, create_less, ins(2)},
    {"LessOrEqual", 12, create_less_or_equal, ins(2)},
    {"Log", 6, create_log, ins(1)},
    {"LogSoftmax", 1, create_log_softmax, ins(1)},
    {"Max", 8, create_max, ins(1, kVariadic)},
    {"Mean", 8, create_mean, ins(1, kVariadic)},
    {"Min", 8, create_min, ins(1, kVariadic)},
    {"Mul", 7, create_mul, ins(2)},
    {"Neg", 6, create_neg, ins(1)},
    {"Not", 1, create_not, ins(1)},
    {"Or", 7, create_or, ins(2)},
    {"Pow", 7, create_pow, ins(2)},
    {"PRelu", 9, create_prelu, ins(2)},
    {"Reciprocal", 6, create_reciprocal, ins(1)},
    {"ReduceMax", 1, create_reduce_max, ins(1), {{18, ins(1, 2)}}},
    {"ReduceMean", 1, create_reduce_mean, ins(1), {{18, ins(1, 2)}}},
    {"ReduceMin", 1, create_reduce_min, ins(1), {{18, ins(1, 2)}}},
    {"ReduceProd", 1, create_reduce_prod, ins(1), {{18, ins(1, 2)}}},
    {"ReduceSum", 1, create_reduce_sum, ins(1), {{13, ins(1, 2)}}},
    {"Relu", 6, create_relu, ins(1)},
    {"Round", 11, create_round, ins(1)},
    {"Selu", 6, create_selu, ins(1)},
    {"Sigmoid", 6, create_sigmoid, ins(1)},
    {"Softmax", 1, create_softmax, ins(1)},
    {"Softplus", 1, create_softplus, ins(1)},
    {"Sqrt", 6, create_sqrt, ins(1)},
    {"Sub", 7, create_sub, ins(2)},
    {"Sum", 8, create_sum, ins(1, kVariadic)},
    {"Tanh", 6, create_tanh, ins(1)},
    {"Where", 9, create_where, ins(3)},
    // tensor
    {"Concat", 4, create_concat, ins(1, kVariadic)},
    {"Constant", 1, create_constant, io(0, 0, 1, 1)},
    {"ConstantOfShape", 9, create_constant_of_shape, ins(1)},
    {"DepthToSpace", 1, create_depth_to_space, ins(1)},
    {"Dropout", 7, create_dropout, io(1, 1, 1, 2), {{12, io(1, 3, 1, 2)}}},
    {"Expand", 8, create_expand, ins(2)},
    {"Flatten", 1, create_flatten, ins(1)},
    {"Gather", 1, create_gather, ins(2)},
    {"Identity", 1, create_identity, ins(1)},
    {"Pad", 2, create_pad, ins(1), {{11, ins(2, 3)}, {18, ins(2, 4)}}},
    {"Range", 11, create_range, ins(3)},
    {"Reshape", 5, create_reshape, ins(2)},
    {"Resize", 10, create_resize, ins(2), {{11, ins(1, 4)}}},
    {"Shape", 1, create_shape, ins(1)},
    {"Size", 1, create_size, ins(1)},
    {"Slice", 1, create_slice, ins(1), {{10, ins(3, 5)}}},
    {"SpaceToDepth", 1, create_space_to_depth, ins(1)},
    {"Split", 2, create_split, io(1, 1, 1, kVariadic), {{13, io(1, 2, 1, kVariadic)}}},
    {"Squeeze", 1, create_squeeze, ins(1), {{13, ins(1, 2)}}},
    {"Tile", 6, create_tile, ins(2)},
    {"Transpose", 1, create_transpose, ins(1)},
    {"Unsqueeze", 1, create_unsqueeze, ins(1), {{13, ins(2)}}},
    {"Upsample", 7, create_upsample, ins(1), {{9, ins(2)}}},
    // quantization
    {"DequantizeLinear", 10, create_dequantize_linear, ins(2, 3)},
    {"QuantizeLinear", 10, create_quantize_linear, ins(2, 3)},
    // rnn
    {"GRU", 7, create_gru, io(3, 6, 0, 2)},
    {"LSTM", 7, create_lstm, io(3, 8, 0, 3)},
    {"RNN", 7, create_rnn, io(3, 6, 0, 2)},
};

#ifndef WNN_CORE_OPS_ONLY
// The rarely used operators: in every build but the browser's default "core" module, which is
// linked with WNN_CORE_OPS_ONLY; web/wasmnn.js loads the "extended" module (all operators)
// when a model needs one of these. CMakeLists.txt reads this table for that list: keep one
// row per line.
const OpRegistration kExtendedOps[] = {
    // nn
    {"ConvTranspose", 1, create_conv_transpose, ins(2, 3)},
    {"LRN", 1, create_lrn, ins(1)},
    {"MeanVarianceNormalization", 9, create_mean_variance_normalization, ins(1)},
    // math
    {"Acos", 7, create_acos, ins(1)},
    {"Acosh", 9, create_acosh, ins(1)},
    {"Asin", 7, create_asin, ins(1)},
    {"Asinh", 9, create_asinh, ins(1)},
    {"Atan", 7, create_atan, ins(1)},
    {"Atanh", 9, create_atanh, ins(1)},
    {"Celu", 12, create_celu, ins(1)},
    {"Cos", 7, create_cos, ins(1)},
    {"Cosh", 9, create_cosh, ins(1)},
    {"CumSum", 11, create_cum_sum, ins(2)},
    {"Gelu", 20, create_gelu, ins(1)},
    {"Hardmax", 1, create_hardmax, ins(1)},
    {"IsInf", 10, create_is_inf, ins(1)},
    {"IsNaN", 9, create_is_nan, ins(1)},
    {"Mish", 18, create_mish, ins(1)},
    {"Mod", 10, create_mod, ins(2)},
    {"ReduceL1", 1, create_reduce_l1, ins(1), {{18, ins(1, 2)}}},
    {"ReduceL2", 1, create_reduce_l2, ins(1), {{18, ins(1, 2)}}},
    {"ReduceLogSum", 1, create_reduce_log_sum, ins(1), {{18, ins(1, 2)}}},
    {"ReduceLogSumExp", 1, create_reduce_log_sum_exp, ins(1), {{18, ins(1, 2)}}},
    {"ReduceSumSquare", 1, create_reduce_sum_square, ins(1), {{18, ins(1, 2)}}},
    {"Shrink", 9, create_shrink, ins(1)},
    {"Sign", 9, create_sign, ins(1)},
    {"Sin", 7, create_sin, ins(1)},
    {"Sinh", 9, create_sinh, ins(1)},
    {"Softsign", 1, create_softsign, ins(1)},
    {"Tan", 7, create_tan, ins(1)},
    {"ThresholdedRelu", 10, create_thresholded_relu, ins(1)},
    {"TopK", 1, create_top_k, io(1, 1, 2, 2), {{10, io(2, 2, 2, 2)}}},
    {"Xor", 7, create_xor, ins(2)},
    // tensor
    {"Compress", 9, create_compress, ins(2)},
    {"Einsum", 12, create_einsum, ins(1, kVariadic)},
    {"EyeLike", 9, create_eye_like, ins(1)},
    {"GatherElements", 11, create_gather_elements, ins(2)},
    {"GatherND", 11, create_gather_nd, ins(2)},
    {"NonZero", 9, create_non_zero, ins(1)},
    {"OneHot", 9, create_one_hot, ins(3)},
    {"ReverseSequence", 10, create_reverse_sequence, ins(2)},
    {"Scatter", 9, create_scatter_elements, ins(3), {}, 10},
    {"ScatterElements", 11, create_scatter_elements, ins(3)},
    {"ScatterND", 11, create_scatter_nd, ins(3)},
    {"Trilu", 14, create_trilu, ins(1, 2)},
    // quantization
    {"ConvInteger", 10, create_conv_integer, ins(2, 4)},
    {"DynamicQuantizeLinear", 11, create_dynamic_quantize_linear, io(1, 1, 3, 3)},
    {"MatMulInteger", 10, create_matmul_integer, ins(2, 4)},
    {"QLinearConv", 10, create_qlinear_conv, ins(8, 9)},
    {"QLinearMatMul", 10, create_qlinear_matmul, ins(8)},
    // control
    {"If", 1, create_if, io(1, 1, 1, kVariadic)},
    {"Loop", 1, create_loop, io(0, kVariadic, 1, kVariadic)},
    {"Scan", 9, create_scan, io(1, kVariadic, 1, kVariadic)},
};
#endif

// Both tables, the core's first.
template <typename Visit>
const OpRegistration* for_each_op(Visit visit) {
  for (const OpRegistration& r : kOps)
    if (visit(r)) return &r;
#ifndef WNN_CORE_OPS_ONLY
  for (const OpRegistration& r : kExtendedOps)
    if (visit(r)) return &r;
#endif
  return nullptr;
}
}  // namespace

const OpRegistration* find_op(const std::string& op_type) {
  return for_each_op([&](const OpRegistration& r) { return op_type == r.op_type; });
}

Arity OpRegistration::arity_at(int64_t opset) const {
  Arity a = arity;
  for (const ArityChange& c : arity_changes)
    if (c.since_opset != 0 && opset >= c.since_opset) a = c.arity;
  return a;
}

namespace {

std::string count_range(int min, int max, const char* noun) {
  std::string n = min == max         ? std::to_string(min)
                  : max == kVariadic ? "at least " + std::to_string(min)
                                     : std::to_string(min) + " to " + std::to_string(max);
  return n + " " + noun + (min == 1 && max == 1 ? "" : "s");
}

// Counts names up to the last one given: trailing "" are optional values left out.
size_t given_count(const std::vector<std::string>& names) {
  size_t n = names.size();
  while (n > 0 && names[n - 1].empty()) --n;
  return n;
}

// The first required name that is "", or -1.
int first_missing(const std::vector<std::string>& names, int required) {
  for (int i = 0; i < required && i < static_cast<int>(names.size()); ++i)
    if (names[i].empty()) return i;
  return -1;
}

}  // namespace

std::string arity_refusal(const OpRegistration& op, const Node& node, int64_t opset) {
  const Arity a = op.arity_at(opset);
  const std::string who = "the model is malformed: " + node.op_type + " node '" + node.name +
                          "' (opset " + std::to_string(opset) + ") ";
  const std::string fix = "; fix the node or re-export the model";
  const size_t inputs = given_count(node.inputs), outputs = given_count(node.outputs);
  if (inputs < static_cast<size_t>(a.min_inputs) || inputs > static_cast<size_t>(a.max_inputs))
    return who + "has " + std::to_string(inputs) + " input" + (inputs == 1 ? "" : "s") + ", but " +
           node.op_type + " takes " + count_range(a.min_inputs, a.max_inputs, "input") + fix;
  if (outputs < static_cast<size_t>(a.min_outputs) || outputs > static_cast<size_t>(a.max_outputs))
    return who + "has " + std::to_string(outputs) + " output" + (outputs == 1 ? "" : "s") +
           ", but " + node.op_type + " gives " +
           count_range(a.min_outputs, a.max_outputs, "output") + fix;
  if (int i = first_missing(node.inputs, a.min_inputs); i >= 0)
    return who + "leaves its input " + std::to_string(i) + " empty (\"\"), but " + node.op_type +
           " requires its first " + count_range(a.min_inputs, a.min_inputs, "input") + fix;
  if (int i = first_missing(node.outputs, a.min_outputs); i >= 0)
    return who + "leaves its output " + std::to_string(i) + " empty (\"\"), but " + node.op_type +
           " requires its first " + count_range(a.min_outputs, a.min_outputs, "output") + fix;
  return {};
}

std::vector<std::string> supported_op_types() {
  std::vector<std::string> out;
  for_each_op([&](const OpRegistration& r) {
    out.push_back(r.op_type);
    return false;
  });
  return out;
}

}  // namespace wnn
