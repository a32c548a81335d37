// Linear (de)quantization between float32 and 8-bit integers (ONNX QuantizeLinear /
// DequantizeLinear), for one run of values sharing a scale and zero point:
//   quantize    y = saturate(round_half_to_even(x / scale) + zero_point)   (a division, as ONNX
//               and ONNX Runtime, not a multiply by 1/scale); NaN -> the type's lowest value,
//               as ONNX Runtime gives (ONNX leaves it undefined); +-inf saturate
//   dequantize  y = float(x - zero_point) * scale, the difference taken exactly in integers
#pragma once
#include <cstddef>
#include <cstdint>

namespace wnn::kernels {

void quantize_linear(size_t n, const float* x, float scale, uint8_t zero_point, uint8_t* y);
void quantize_linear(size_t n, const float* x, float scale, int8_t zero_point, int8_t* y);

void dequantize_linear(size_t n, const uint8_t* x, float scale, uint8_t zero_point, float* y);
void dequantize_linear(size_t n, const int8_t* x, float scale, int8_t zero_point, float* y);
void dequantize_linear(size_t n, const int32_t* x, float scale, int32_t zero_point, float* y);

}  // namespace wnn::kernels
