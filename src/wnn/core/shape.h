// A tensor shape. Dimensions are concrete (>= 0) once a session is planned; in the graph IR a
// dimension may be symbolic (ONNX dim_param, e.g. a batch "N"), stored as kUnknownDim with its name.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wnn {

constexpr int64_t kUnknownDim = -1;

using Shape = std::vector<int64_t>;

int64_t shape_elements(const Shape& s);  // product of dims; 1 for a scalar
std::string shape_string(const Shape& s);  // "[1,1,28,28]", "?" for unknown dims
bool shape_is_concrete(const Shape& s);

// Overflow-checked arithmetic for dims and element counts. Every dim, repeat, pad, scale and
// stride can come from an untrusted model: a product or sum that does not fit int64 must be
// refused, never wrapped into a small shape that plans and runs. nullopt means "overflows".
std::optional<int64_t> checked_add(int64_t a, int64_t b);
std::optional<int64_t> checked_mul(int64_t a, int64_t b);
// The product of the dims; nullopt when a dim is negative (unknown) or the product overflows.
std::optional<int64_t> checked_elements(const Shape& s);
// A dim computed in floating point (Resize's scale x dim): nullopt when it is NaN or does not
// fit int64 (a plain cast would be undefined behaviour).
std::optional<int64_t> checked_dim(double v);

}  // namespace wnn
