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
  kFloat16 = 10,   // IEEE binary16, stored as its uint16_t bits
  kBFloat16 = 16,  // bfloat16, stored as its uint16_t bits
};

size_t dtype_size(DType t);                // 0 for types wasmnn does not store
const char* dtype_name(DType t);           // "float32", ...; "onnx-type-<n>" for the others
DType dtype_from_onnx(int32_t onnx_type);  // kUndefined when wasmnn does not support it

// Calls f(T{}) with the C++ type that stores `t` (bool as uint8_t); does nothing for a type
// wasmnn does not store, nor for float16 and bfloat16 (no op computes on them: they are converted
// to float32 at the graph's edges, see graph/passes/float16_in_float32.h). Ops call it from run()
// after reshape() has checked the type.
template <typename F>
void visit_dtype(DType t, F&& f) {
  switch (t) {
    case DType::kFloat32: return f(float{});
    case DType::kInt64: return f(int64_t{});
    case DType::kInt32: return f(int32_t{});
    case DType::kUInt8:
    case DType::kBool: return f(uint8_t{});
    case DType::kInt8: return f(int8_t{});
    case DType::kFloat16:
    case DType::kBFloat16:
    case DType::kUndefined: return;
  }
}

}  // namespace wnn
