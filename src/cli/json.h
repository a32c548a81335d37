// A small JSON reader for the reference manifests of models/ (wasmnn-reference/1): enough of
// RFC 8259 for them (objects, arrays, strings with escapes, numbers, true/false/null). Errors
// name the byte offset. Used by wnn-compare; no dependency beyond the standard library.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "wnn/core/status.h"

namespace wnn::tools {

struct Json {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<Json> array;
  std::map<std::string, Json> object;

  // Member `key` of an object, or nullptr (also when this is not an object).
  const Json* get(const std::string& key) const;
  bool is_string() const { return kind == Kind::kString; }
  bool is_number() const { return kind == Kind::kNumber; }
};

Expected<Json> parse_json(const std::string& text);

}  // namespace wnn::tools
