// The only place that knows ONNX's protobuf wire format: bytes in, graph IR out.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "wnn/core/status.h"
#include "wnn/graph/graph.h"
#include "wnn/onnx/byte_source.h"

namespace wnn {

// Decodes an ONNX ModelProto. Corrupt or truncated bytes give an error naming the byte offset
// and the message being read, never a crash. The source is read one field of the main graph at a
// time (a node, an initializer...), so the model is never in memory whole: loading holds each
// weight once. Initializer data is copied out, so the caller may free the bytes afterwards.
Expected<Graph> read_onnx_model(ByteSource& source);
Expected<Graph> read_onnx_model(const uint8_t* data, size_t size);

// Decodes one serialized ONNX TensorProto (the input_N.pb / output_N.pb files of ONNX's backend
// test cases). Unsupported data types and corrupt bytes give an error naming them. `name`, when
// given, receives the TensorProto's name ("" when it has none).
Expected<Tensor> read_onnx_tensor(const uint8_t* data, size_t size, std::string* name = nullptr);

// The op type of every node of the model's main graph, in order, as "Conv" for the default
// domain and "<domain>::<OpType>" for others. Reads nothing else, so it answers for models
// read_onnx_model refuses (constants of unsupported types, no default-domain opset).
Expected<std::vector<std::string>> read_onnx_op_types(const uint8_t* data, size_t size);

}  // namespace wnn
