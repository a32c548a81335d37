#include "wnn/core/number_string.h"

#include <cmath>
#include <cstdint>

namespace wnn {
namespace {

constexpr int64_t kMicro = 1000000;

// m >= 0 and below 1e12, with six decimals rounded and trailing zeros dropped.
std::string fixed(double m) {
  int64_t whole = static_cast<int64_t>(m);
  int64_t frac = static_cast<int64_t>((m - static_cast<double>(whole)) * kMicro + 0.5);  // exact
  if (frac == kMicro) ++whole, frac = 0;
  std::string s = std::to_string(whole);
  if (frac == 0) return s;
  std::string digits = std::to_string(frac + kMicro).substr(1);  // six digits, leading zeros kept
  while (digits.back() == '0') digits.pop_back();
  return s + "." + digits;
}

}  // namespace

std::string number_string(double v) {
  if (std::isnan(v)) return "nan";
  const std::string sign = std::signbit(v) && v != 0 ? "-" : "";
  double m = std::fabs(v);
  if (std::isinf(m)) return sign + "inf";
  if (m == 0 || (m >= 1e-4 && m < 1e12)) return sign + fixed(m);
  // Scientific: m = mantissa x 10^e with the mantissa in [1, 10) after rounding to six decimals.
  int e = 0;
  while (m >= 10) m /= 10, ++e;
  while (m < 1) m *= 10, --e;
  if (fixed(m) == "10") m /= 10, ++e;
  return sign + fixed(m) + "e" + (e < 0 ? "-" : "+") + std::to_string(e < 0 ? -e : e);
}

}  // namespace wnn
