// ONNX Conv by its definition (NCHW, in double), for tests to compare the kernels against.
#pragma once
#include <cstdint>
#include <vector>

namespace wnn::test {

struct ConvCase {
  int64_t n = 1, c = 4, h = 7, w = 9, m = 4, kh = 3, kw = 3, group = 1;
  std::vector<int64_t> strides = {1, 1}, dilations = {1, 1}, pads = {0, 0, 0, 0};
};

// Direct definition of ONNX Conv, NCHW, in double.
inline std::vector<float> naive_conv(const ConvCase& cc, const std::vector<float>& x,
                                     const std::vector<float>& wt, const std::vector<float>& b,
                                     int64_t& oh, int64_t& ow) {
  oh = (cc.h + cc.pads[0] + cc.pads[2] - ((cc.kh - 1) * cc.dilations[0] + 1)) / cc.strides[0] + 1;
  ow = (cc.w + cc.pads[1] + cc.pads[3] - ((cc.kw - 1) * cc.dilations[1] + 1)) / cc.strides[1] + 1;
  const int64_t cg = cc.c / cc.group, mg = cc.m / cc.group;
  std::vector<float> y(cc.n * cc.m * oh * ow);
  for (int64_t n = 0; n < cc.n; ++n)
    for (int64_t m = 0; m < cc.m; ++m)
      for (int64_t oy = 0; oy < oh; ++oy)
        for (int64_t ox = 0; ox < ow; ++ox) {
          double acc = b[m];
          const int64_t g = m / mg;
          for (int64_t ci = 0; ci < cg; ++ci)
            for (int64_t ky = 0; ky < cc.kh; ++ky)
              for (int64_t kx = 0; kx < cc.kw; ++kx) {
                const int64_t iy = oy * cc.strides[0] - cc.pads[0] + ky * cc.dilations[0];
                const int64_t ix = ox * cc.strides[1] - cc.pads[1] + kx * cc.dilations[1];
                if (iy < 0 || iy >= cc.h || ix < 0 || ix >= cc.w) continue;
                acc += double(wt[((m * cg + ci) * cc.kh + ky) * cc.kw + kx]) *
                       x[((n * cc.c + g * cg + ci) * cc.h + iy) * cc.w + ix];
              }
          y[((n * cc.m + m) * oh + oy) * ow + ox] = static_cast<float>(acc);
        }
  return y;
}

}  // namespace wnn::test
