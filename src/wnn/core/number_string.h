// A float or double as text for an error message ("0.5", "2", "1.5e+20", "-inf", "nan"): at most
// six decimals, trailing zeros dropped. Written out rather than through std::to_string(float),
// which is snprintf("%f"): printf's formatting is 3 KB gzip of the wasm download, for messages.
#pragma once
#include <string>

namespace wnn {

std::string number_string(double v);

}  // namespace wnn
