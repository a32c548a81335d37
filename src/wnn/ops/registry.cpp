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
// One row per operator: {op type, oldest opset whose semantics it follows, factory[, newest
// opset it follows: kNewestOpset when left out]}, by family, alphabetical within a family.
const OpRegistration kOps[] = {
    // nn
    {"AveragePool", 7, create_average_pool},
    {"BatchNormalization", 7, create_batch_normalization},
    {"Conv", 1, create_conv},
    {"Gemm", 7, create_gemm},
    {"GlobalAveragePool", 1, create_global_average_pool},
    {"GlobalMaxPool", 1, create_global_max_pool},
    {"InstanceNormalization", 1, create_instance_normalization},
    {"LayerNormalization", 17, create_layer_normalization},
    {"MatMul", 1, create_matmul},
    {"MaxPool", 1, create_max_pool},
    // math
    {"Abs", 6, create_abs},
    {"Add", 7, create_add},
    {"And", 7, create_and},
    {"ArgMax", 1, create_arg_max},
    {"ArgMin", 1, create_arg_min},
    {"Cast", 6, create_cast},
    {"CastLike", 15, create_cast_like},
    {"Ceil", 6, create_ceil},
    {"Clip", 6, create_clip},
    {"Div", 7, create_div},
    {"Elu", 6, create_elu},
    {"Equal", 7, create_equal},
    {"Erf", 9, create_erf},
    {"Exp", 6, create_exp},
    {"Floor", 6, create_floor},
    {"Greater", 7, create_greater},
    {"GreaterOrEqual", 12, create_greater_or_equal},
    {"HardSigmoid", 6, create_hard_sigmoid},
    {"HardSwish", 14, create_hard_swish},
    {"LeakyRelu", 6, create_leaky_relu},
    {"Less", 7, create_less},
    {"LessOrEqual", 12, create_less_or_equal},
    {"Log", 6, create_log},
    {"LogSoftmax", 1, create_log_softmax},
    {"Max", 8, create_max},
    {"Mean", 8, create_mean},
    {"Min", 8, create_min},
    {"Mul", 7, create_mul},
    {"Neg", 6, create_neg},
    {"Not", 1, create_not},
    {"Or", 7, create_or},
    {"Pow", 7, create_pow},
    {"PRelu", 9, create_prelu},
    {"Reciprocal", 6, create_reciprocal},
    {"ReduceMax", 1, create_reduce_max},
    {"ReduceMean", 1, create_reduce_mean},
    {"ReduceMin", 1, create_reduce_min},
    {"ReduceProd", 1, create_reduce_prod},
    {"ReduceSum", 1, create_reduce_sum},
    {"Relu", 6, create_relu},
    {"Round", 11, create_round},
    {"Selu", 6, create_selu},
    {"Sigmoid", 6, create_sigmoid},
    {"Softmax", 1, create_softmax},
    {"Softplus", 1, create_softplus},
    {"Sqrt", 6, create_sqrt},
    {"Sub", 7, create_sub},
    {"Sum", 8, create_sum},
    {"Tanh", 6, create_tanh},
    {"Where", 9, create_where},
    // tensor
    {"Concat", 4, create_concat},
    {"Constant", 1, create_constant},
    {"ConstantOfShape", 9, create_constant_of_shape},
    {"DepthToSpace", 1, create_depth_to_space},
    {"Dropout", 7, create_dropout},
    {"Expand", 8, create_expand},
    {"Flatten", 1, create_flatten},
    {"Gather", 1, create_gather},
    {"Identity", 1, create_identity},
    {"Pad", 2, create_pad},
    {"Range", 11, create_range},
    {"Reshape", 5, create_reshape},
    {"Resize", 10, create_resize},
    {"Shape", 1, create_shape},
    {"Size", 1, create_size},
    {"Slice", 1, create_slice},
    {"SpaceToDepth", 1, create_space_to_depth},
    {"Split", 2, create_split},
    {"Squeeze", 1, create_squeeze},
    {"Tile", 6, create_tile},
    {"Transpose", 1, create_transpose},
    {"Unsqueeze", 1, create_unsqueeze},
    {"Upsample", 7, create_upsample},
    // quantization
    {"DequantizeLinear", 10, create_dequantize_linear},
    {"QuantizeLinear", 10, create_quantize_linear},
    // rnn
    {"GRU", 7, create_gru},
    {"LSTM", 7, create_lstm},
    {"RNN", 7, create_rnn},
};

#ifndef WNN_CORE_OPS_ONLY
// The rarely used operators: in every build but the browser's default "core" module, which is
// linked with WNN_CORE_OPS_ONLY; web/wasmnn.js loads the "extended" module (all operators)
// when a model needs one of these. CMakeLists.txt reads this table for that list: keep one
// row per line.
const OpRegistration kExtendedOps[] = {
    // nn
    {"ConvTranspose", 1, create_conv_transpose},
    {"LRN", 1, create_lrn},
    {"MeanVarianceNormalization", 9, create_mean_variance_normalization},
    // math
    {"Acos", 7, create_acos},
    {"Acosh", 9, create_acosh},
    {"Asin", 7, create_asin},
    {"Asinh", 9, create_asinh},
    {"Atan", 7, create_atan},
    {"Atanh", 9, create_atanh},
    {"Celu", 12, create_celu},
    {"Cos", 7, create_cos},
    {"Cosh", 9, create_cosh},
    {"CumSum", 11, create_cum_sum},
    {"Gelu", 20, create_gelu},
    {"Hardmax", 1, create_hardmax},
    {"IsInf", 10, create_is_inf},
    {"IsNaN", 9, create_is_nan},
    {"Mish", 18, create_mish},
    {"Mod", 10, create_mod},
    {"ReduceL1", 1, create_reduce_l1},
    {"ReduceL2", 1, create_reduce_l2},
    {"ReduceLogSum", 1, create_reduce_log_sum},
    {"ReduceLogSumExp", 1, create_reduce_log_sum_exp},
    {"ReduceSumSquare", 1, create_reduce_sum_square},
    {"Shrink", 9, create_shrink},
    {"Sign", 9, create_sign},
    {"Sin", 7, create_sin},
    {"Sinh", 9, create_sinh},
    {"Softsign", 1, create_softsign},
    {"Tan", 7, create_tan},
    {"ThresholdedRelu", 10, create_thresholded_relu},
    {"TopK", 1, create_top_k},
    {"Xor", 7, create_xor},
    // tensor
    {"Compress", 9, create_compress},
    {"Einsum", 12, create_einsum},
    {"EyeLike", 9, create_eye_like},
    {"GatherElements", 11, create_gather_elements},
    {"GatherND", 11, create_gather_nd},
    {"NonZero", 9, create_non_zero},
    {"OneHot", 9, create_one_hot},
    {"ReverseSequence", 10, create_reverse_sequence},
    {"Scatter", 9, create_scatter_elements, 10},
    {"ScatterElements", 11, create_scatter_elements},
    {"ScatterND", 11, create_scatter_nd},
    {"Trilu", 14, create_trilu},
    // quantization
    {"ConvInteger", 10, create_conv_integer},
    {"DynamicQuantizeLinear", 11, create_dynamic_quantize_linear},
    {"MatMulInteger", 10, create_matmul_integer},
    {"QLinearConv", 10, create_qlinear_conv},
    {"QLinearMatMul", 10, create_qlinear_matmul},
    // control
    {"If", 1, create_if},
    {"Loop", 1, create_loop},
    {"Scan", 9, create_scan},
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

std::vector<std::string> supported_op_types() {
  std::vector<std::string> out;
  for_each_op([&](const OpRegistration& r) {
    out.push_back(r.op_type);
    return false;
  });
  return out;
}

}  // namespace wnn
