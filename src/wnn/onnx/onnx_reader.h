// The only place that knows ONNX's protobuf wire format: bytes in, graph IR out.
#pragma once
#include <cstddef>
#include <cstdint>

#include "wnn/core/status.h"
#include "wnn/graph/graph.h"

namespace wnn {

// Decodes an ONNX ModelProto. Corrupt or truncated bytes give an error naming the byte offset
// and the message being read, never a crash. Initializer data is copied out of `data`, so the
// caller may free the bytes afterwards.
Expected<Graph> read_onnx_model(const uint8_t* data, size_t size);

}  // namespace wnn
