// Runs a float16 model in float32. Models converted by onnxconverter-common's float16 converter
// hold float16 weights and compute every value in float16, with Cast nodes at the boundary
// (keep_io_types) or float16 graph inputs and outputs. wasmnn's kernels are float32, so at load:
//   - float16 and bfloat16 initializers (and Constant / ConstantOfShape values) become float32,
//     exactly: the file downloads at half the size, the weights then take float32's memory;
//   - a Cast to float16 inside the graph (and a CastLike whose target is a float16 value the pass
//     knows) keeps float32 and rounds each value to float16 precision (Node::float16_as_float32):
//     the values the model meant, kept in float32;
//   - a graph input declared float16 (or bfloat16) stays that type for the caller, who writes its
//     uint16 bits: a Cast to float32 is inserted behind it;
//   - a graph output declared float16 is computed in float32 and a Cast to float16 (rounding to
//     nearest even) is appended, so the caller reads uint16 bits.
// Every other op then computes in float32 where the file says float16: the outputs are at least
// as close to the float32 model as ONNX Runtime's float16 kernels, not bitwise equal to them.
#pragma once
#include "wnn/graph/graph.h"

namespace wnn {

void compute_float16_in_float32(Graph& g);

}  // namespace wnn
