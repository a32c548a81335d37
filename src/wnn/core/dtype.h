// Element types, numbered as ONNX's TensorProto.DataType so the loader maps them 1:1.
#pragma once
#include <cstddef>
#include <cstdint>

namespace wnn {

enum class DType : int32_t {
  kUndefined = 0,
  kFloat32 = 1,
  kUInt8 = 2,
  kInt8 = 3,
  kInt32 = 6,
  kInt64 = 7,
  kBool = 9,
};

size_t dtype_size(DType t);         // 0 for types wasmnn does not store
const char* dtype_name(DType t);    // "float32", ...; "onnx-type-<n>" for the others
DType dtype_from_onnx(int32_t onnx_type);  // kUndefined when wasmnn does not support it

}  // namespace wnn
