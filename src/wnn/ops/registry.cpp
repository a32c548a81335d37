#include "wnn/ops/registry.h"

namespace wnn {

// nn: convolution, dense layers, pooling, normalization (ops/nn/)
Expected<std::unique_ptr<Op>> create_average_pool(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_batch_normalization(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_conv(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_gemm(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_global_average_pool(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_global_max_pool(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_max_pool(const OpContext& ctx);

// math: elementwise arithmetic, activations, reductions, casts (ops/math/)
Expected<std::unique_ptr<Op>> create_add(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_cast(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_cast_like(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_clip(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_div(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_equal(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_exp(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_leaky_relu(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_mul(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_reduce_max(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_reduce_mean(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_relu(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_sigmoid(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_softmax(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_sub(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_tanh(const OpContext& ctx);

// tensor: shape, layout, indexing, constants, resizing (ops/tensor/)
Expected<std::unique_ptr<Op>> create_concat(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_constant(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_constant_of_shape(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_dropout(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_expand(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_flatten(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_gather(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_identity(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_pad(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_reshape(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_resize(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_shape(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_slice(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_split(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_squeeze(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_tile(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_transpose(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_unsqueeze(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_upsample(const OpContext& ctx);

// rnn: recurrent layers (ops/rnn/)
Expected<std::unique_ptr<Op>> create_gru(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_lstm(const OpContext& ctx);

// control: subgraphs, planned by plan/ (ops/control/)
Expected<std::unique_ptr<Op>> create_if(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_loop(const OpContext& ctx);
Expected<std::unique_ptr<Op>> create_scan(const OpContext& ctx);

namespace {
// One row per operator: {op type, oldest opset whose semantics it follows, factory}, by family,
// alphabetical within a family.
const OpRegistration kOps[] = {
    // nn
    {"AveragePool", 7, create_average_pool},
    {"BatchNormalization", 7, create_batch_normalization},
    {"Conv", 1, create_conv},
    {"Gemm", 7, create_gemm},
    {"GlobalAveragePool", 1, create_global_average_pool},
    {"GlobalMaxPool", 1, create_global_max_pool},
    {"MaxPool", 1, create_max_pool},
    // math
    {"Add", 7, create_add},
    {"Cast", 6, create_cast},
    {"CastLike", 15, create_cast_like},
    {"Clip", 6, create_clip},
    {"Div", 7, create_div},
    {"Equal", 7, create_equal},
    {"Exp", 6, create_exp},
    {"LeakyRelu", 6, create_leaky_relu},
    {"Mul", 7, create_mul},
    {"ReduceMax", 1, create_reduce_max},
    {"ReduceMean", 1, create_reduce_mean},
    {"Relu", 6, create_relu},
    {"Sigmoid", 6, create_sigmoid},
    {"Softmax", 1, create_softmax},
    {"Sub", 7, create_sub},
    {"Tanh", 6, create_tanh},
    // tensor
    {"Concat", 4, create_concat},
    {"Constant", 1, create_constant},
    {"ConstantOfShape", 9, create_constant_of_shape},
    {"Dropout", 7, create_dropout},
    {"Expand", 8, create_expand},
    {"Flatten", 1, create_flatten},
    {"Gather", 1, create_gather},
    {"Identity", 1, create_identity},
    {"Pad", 2, create_pad},
    {"Reshape", 5, create_reshape},
    {"Resize", 10, create_resize},
    {"Shape", 1, create_shape},
    {"Slice", 1, create_slice},
    {"Split", 2, create_split},
    {"Squeeze", 1, create_squeeze},
    {"Tile", 6, create_tile},
    {"Transpose", 1, create_transpose},
    {"Unsqueeze", 1, create_unsqueeze},
    {"Upsample", 7, create_upsample},
    // rnn
    {"GRU", 7, create_gru},
    {"LSTM", 7, create_lstm},
    // control
    {"If", 1, create_if},
    {"Loop", 1, create_loop},
    {"Scan", 9, create_scan},
};
}  // namespace

const OpRegistration* find_op(const std::string& op_type) {
  for (const OpRegistration& r : kOps)
    if (op_type == r.op_type) return &r;
  return nullptr;
}

std::vector<std::string> supported_op_types() {
  std::vector<std::string> out;
  for (const OpRegistration& r : kOps) out.push_back(r.op_type);
  return out;
}

}  // namespace wnn
