// number_string: the floats of error messages (Resize's scales), formatted without printf.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "wnn/core/number_string.h"

using wnn::number_string;

TEST_CASE("number_string: six decimals at most, trailing zeros dropped") {
  CHECK(number_string(0.0) == "0");
  CHECK(number_string(-0.0) == "0");
  CHECK(number_string(2.0) == "2");
  CHECK(number_string(0.5) == "0.5");
  CHECK(number_string(-1.25) == "-1.25");
  CHECK(number_string(0.6f) == "0.6");  // 0.60000002384 as a float, rounded to six decimals
  CHECK(number_string(1.0 / 3) == "0.333333");
  CHECK(number_string(2.0 / 3) == "0.666667");
  CHECK(number_string(0.0001) == "0.0001");
  CHECK(number_string(999999999999.0) == "999999999999");
  CHECK(number_string(0.9999996) == "1");
}

TEST_CASE("number_string: scientific outside [1e-4, 1e12), and the special values") {
  CHECK(number_string(1e30f) == "1e+30");
  CHECK(number_string(1.5e20) == "1.5e+20");
  CHECK(number_string(1e12) == "1e+12");
  CHECK(number_string(-2.5e-7) == "-2.5e-7");
  CHECK(number_string(9.9999999e15) == "1e+16");  // the mantissa rounds up to 10
  CHECK(number_string(std::numeric_limits<double>::max()) == "1.797693e+308");
  CHECK(number_string(std::numeric_limits<double>::denorm_min()) == "4.940656e-324");
  CHECK(number_string(INFINITY) == "inf");
  CHECK(number_string(-INFINITY) == "-inf");
  CHECK(number_string(NAN) == "nan");
}
