// wnn-run: runs an ONNX model natively on a reference set from models/ and compares the outputs.
//   wnn-run <model.onnx> <reference-dir> [--scalar]
// Prints, per output, the max abs error and the top-1 agreement against the PC reference.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "cli/npy.h"
#include "wnn/runtime/session.h"

namespace {

int fail(const std::string& message) {
  std::fprintf(stderr, "wnn-run: %s\n", message.c_str());
  return 1;
}

size_t argmax(const float* v, size_t n) {
  size_t best = 0;
  for (size_t i = 1; i < n; ++i)
    if (v[i] > v[best]) best = i;
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3)
    return fail(
        "usage: wnn-run <model.onnx> <reference-dir> [--scalar]\n"
        "  reference-dir holds input.npy and <output>.npy (see models/README.md)");
  wnn::SessionOptions options;
  options.scalar_kernels = argc > 3 && std::strcmp(argv[3], "--scalar") == 0;
  auto bytes = wnn::tools::read_file(argv[1]);
  if (!bytes.ok()) return fail(bytes.status().message());
  auto session = wnn::Session::create(bytes.value().data(), bytes.value().size(), options);
  if (!session.ok()) return fail(session.status().message());
  wnn::Session& s = *session.value();
  if (s.inputs().size() != 1) return fail("only single-input models are supported by wnn-run");

  const std::string dir = argv[2];
  auto input = wnn::tools::read_npy(dir + "/" + s.inputs()[0].name + ".npy");
  if (!input.ok()) return fail(input.status().message());
  if (input.value().dtype != wnn::DType::kFloat32 || s.inputs()[0].dtype != wnn::DType::kFloat32)
    return fail(std::string("wnn-run feeds float32 only: the model's input is ") +
                wnn::dtype_name(s.inputs()[0].dtype) + ", its .npy " +
                wnn::dtype_name(input.value().dtype) +
                " (wnn-compare takes any dtype, with a reference set)");
  const wnn::Shape& all = input.value().shape;
  wnn::Shape one = all;
  one[0] = 1;
  const size_t per_sample = static_cast<size_t>(wnn::shape_elements(one));
  wnn::Status st = s.prepare({one});
  if (!st.ok()) return fail(st.message());

  for (size_t o = 0; o < s.outputs().size(); ++o) {
    auto ref = wnn::tools::read_npy(dir + "/" + s.outputs()[o].name + ".npy");
    if (!ref.ok()) return fail(ref.status().message());
    if (ref.value().dtype != wnn::DType::kFloat32 || s.output_dtype(o) != wnn::DType::kFloat32)
      return fail("wnn-run compares float32 outputs only: '" + s.outputs()[o].name + "' is not");
    double max_abs = 0;
    size_t agree = 0;
    const size_t samples = static_cast<size_t>(all[0]);
    for (size_t i = 0; i < samples; ++i) {
      std::memcpy(s.input_data(0), input.value().f32() + i * per_sample, per_sample * 4);
      st = s.run();
      if (!st.ok()) return fail(st.message());
      const size_t n = static_cast<size_t>(wnn::shape_elements(s.output_shape(o)));
      const float* got = static_cast<const float*>(s.output_data(o));
      const float* want = ref.value().f32() + i * n;
      for (size_t j = 0; j < n; ++j) max_abs = std::fmax(max_abs, std::fabs(got[j] - want[j]));
      agree += argmax(got, n) == argmax(want, n);
    }
    std::printf("%s: %zu samples, kernels %s, max abs error %.3g, top-1 agreement %zu/%zu\n",
                s.outputs()[o].name.c_str(), samples, s.kernels_name(), max_abs, agree, samples);
  }
  return 0;
}
