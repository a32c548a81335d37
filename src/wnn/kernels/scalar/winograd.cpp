// Winograd F(2x2, 3x3): the weight transform, and the reference input and output transforms
// (one tile at a time). The SIMD kernels do the same operations, four tiles to a vector.
#include "wnn/kernels/winograd.h"

namespace wnn::kernels {

bool winograd_fits(const Window2d& w) {
  return w.kernel_h == 3 && w.kernel_w == 3 && w.stride_h == 1 && w.stride_w == 1 &&
         w.dilation_h == 1 && w.dilation_w == 1 && w.out_h > 0 && w.out_w > 0;
}

size_t winograd_input_scratch_floats(const Window2d& w) {
  // The SIMD kernel's plane: 2 * tiles_h + 2 padded rows and a spare one.
  return static_cast<size_t>(((w.out_h + 1) / 2 * 2 + 3) * 2 * winograd_row_half(w));
}

size_t winograd_point_stride(size_t floats) {
  const size_t lines = (floats + 15) / 16;
  return (lines | 1) * 16;
}

void winograd_f2x3_weights(const float* weights, size_t out_channels, size_t in_channels,
                           float* u) {
  const size_t plane = out_channels * in_channels;
  for (size_t mc = 0; mc < plane; ++mc) {
    const float* g = weights + mc * 9;
    double gg[4][3];  // G g
    for (int j = 0; j < 3; ++j) {
      const double g0 = g[j], g1 = g[3 + j], g2 = g[6 + j];
      gg[0][j] = g0;
      gg[1][j] = 0.5 * (g0 + g1 + g2);
      gg[2][j] = 0.5 * (g0 - g1 + g2);
      gg[3][j] = g2;
    }
    for (int i = 0; i < 4; ++i) {  // (G g) G^T
      const double a0 = gg[i][0], a1 = gg[i][1], a2 = gg[i][2];
      const double row[4] = {a0, 0.5 * (a0 + a1 + a2), 0.5 * (a0 - a1 + a2), a2};
      for (int j = 0; j < 4; ++j) u[(i * 4 + j) * plane + mc] = static_cast<float>(row[j]);
    }
  }
}

void winograd_f2x3_input__scalar(const float* image, size_t channels, const Window2d& w,
                                 size_t t_begin, size_t t_end, size_t nr, float* v,
                                 size_t point_stride, float*) {
  const size_t tiles_w = static_cast<size_t>(winograd_tiles_w(w));
  for (size_t c = 0; c < channels; ++c) {
    const float* x = image + c * static_cast<size_t>(w.in_h * w.in_w);
    for (size_t t = t_begin; t < t_end; ++t) {
      const int64_t y0 = static_cast<int64_t>(t / tiles_w) * 2 - w.pad_top;
      const int64_t x0 = static_cast<int64_t>(t % tiles_w) * 2 - w.pad_left;
      float d[4][4];
      for (int64_t i = 0; i < 4; ++i)
        for (int64_t j = 0; j < 4; ++j) {
          const int64_t iy = y0 + i, ix = x0 + j;
          d[i][j] = iy >= 0 && iy < w.in_h && ix >= 0 && ix < w.in_w ? x[iy * w.in_w + ix] : 0.0f;
        }
      float bt[4][4];  // B^T d
      for (int j = 0; j < 4; ++j) {
        bt[0][j] = d[0][j] - d[2][j];
        bt[1][j] = d[1][j] + d[2][j];
        bt[2][j] = d[2][j] - d[1][j];
        bt[3][j] = d[1][j] - d[3][j];
      }
      const size_t col = t - t_begin;
      float* dst = v + col / nr * nr * channels + c * nr + col % nr;
      for (int i = 0; i < 4; ++i) {  // (B^T d) B
        const float* r = bt[i];
        const float row[4] = {r[0] - r[2], r[1] + r[2], r[2] - r[1], r[1] - r[3]};
        for (int j = 0; j < 4; ++j) dst[(i * 4 + j) * point_stride] = row[j];
      }
    }
  }
  for (size_t p = 0; p < kWinogradPoints; ++p)
    zero_packed_b_tail(channels, t_end - t_begin, nr, v + p * point_stride);
}

void winograd_f2x3_output__scalar(const float* m, size_t m_stride, size_t ldm, size_t rows,
                                  const Window2d& w, size_t t_begin, size_t t_end,
                                  const GemmEpilogue& ep, float* y) {
  const size_t tiles_w = static_cast<size_t>(winograd_tiles_w(w));
  const size_t plane = static_cast<size_t>(w.out_h * w.out_w);
  for (size_t r = 0; r < rows; ++r)
    for (size_t t = t_begin; t < t_end; ++t) {
      const float* src = m + r * ldm + (t - t_begin);
      float s[2][4];  // A^T M
      for (size_t j = 0; j < 4; ++j) {
        const float m0 = src[j * m_stride], m1 = src[(4 + j) * m_stride];
        const float m2 = src[(8 + j) * m_stride], m3 = src[(12 + j) * m_stride];
        s[0][j] = m0 + m1 + m2;
        s[1][j] = m1 - m2 - m3;
      }
      const int64_t oy0 = static_cast<int64_t>(t / tiles_w) * 2;
      const int64_t ox0 = static_cast<int64_t>(t % tiles_w) * 2;
      for (int64_t i = 0; i < 2; ++i) {  // (A^T M) A
        const float* a = s[i];
        const float out[2] = {a[0] + a[1] + a[2], a[1] - a[2] - a[3]};
        const int64_t oy = oy0 + i;
        for (int64_t j = 0; j < 2; ++j) {
          const int64_t ox = ox0 + j;
          if (oy >= w.out_h || ox >= w.out_w) continue;
          const size_t n = static_cast<size_t>(oy * w.out_w + ox);
          y[r * plane + n] = ep.apply(out[j], r, n);
        }
      }
    }
}

}  // namespace wnn::kernels
