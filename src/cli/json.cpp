#include "cli/json.h"

#include <cstdlib>

namespace wnn::tools {

const Json* Json::get(const std::string& key) const {
  if (kind != Kind::kObject) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &it->second;
}

namespace {

class Parser {
 public:
  explicit Parser(const std::string& text) : s_(text) {}

  Expected<Json> document() {
    Json v;
    Status st = value(v, 0);
    if (!st.ok()) return st;
    skip_space();
    if (pos_ != s_.size()) return error("text after the JSON value");
    return v;
  }

 private:
  Status error(const std::string& what) const {
    return Status::error("JSON: " + what + " at byte " + std::to_string(pos_));
  }
  void skip_space() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\r' || s_[pos_] == '\t'))
      ++pos_;
  }
  bool literal(const char* word) {
    const std::string w(word);
    if (s_.compare(pos_, w.size(), w) != 0) return false;
    pos_ += w.size();
    return true;
  }

  Status value(Json& v, int depth) {
    if (depth > 64) return error("nesting deeper than 64");
    skip_space();
    if (pos_ >= s_.size()) return error("unexpected end");
    const char c = s_[pos_];
    if (c == '{') return object(v, depth);
    if (c == '[') return array(v, depth);
    if (c == '"') {
      v.kind = Json::Kind::kString;
      return string(v.string);
    }
    if (literal("true")) {
      v.kind = Json::Kind::kBool;
      v.boolean = true;
      return Status();
    }
    if (literal("false")) {
      v.kind = Json::Kind::kBool;
      return Status();
    }
    if (literal("null")) return Status();
    const char* start = s_.c_str() + pos_;
    char* end = nullptr;
    v.number = std::strtod(start, &end);
    if (end == start) return error(std::string("unexpected '") + c + "'");
    v.kind = Json::Kind::kNumber;
    pos_ += static_cast<size_t>(end - start);
    return Status();
  }

  Status object(Json& v, int depth) {
    v.kind = Json::Kind::kObject;
    ++pos_;
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      return Status();
    }
    for (;;) {
      skip_space();
      std::string key;
      if (pos_ >= s_.size() || s_[pos_] != '"') return error("expected a member name");
      Status st = string(key);
      if (!st.ok()) return st;
      skip_space();
      if (pos_ >= s_.size() || s_[pos_] != ':') return error("expected ':'");
      ++pos_;
      st = value(v.object[key], depth + 1);
      if (!st.ok()) return st;
      skip_space();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == '}') {
        ++pos_;
        return Status();
      }
      return error("expected ',' or '}'");
    }
  }

  Status array(Json& v, int depth) {
    v.kind = Json::Kind::kArray;
    ++pos_;
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      return Status();
    }
    for (;;) {
      v.array.emplace_back();
      Status st = value(v.array.back(), depth + 1);
      if (!st.ok()) return st;
      skip_space();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == ']') {
        ++pos_;
        return Status();
      }
      return error("expected ',' or ']'");
    }
  }

  // Strings: escapes \" \\ \/ \b \f \n \r \t, and \uXXXX as UTF-8 (no surrogate pairs: the
  // manifests are ASCII).
  Status string(std::string& out) {
    ++pos_;
    while (pos_ < s_.size() && s_[pos_] != '"') {
      char c = s_[pos_++];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= s_.size()) break;
      const char e = s_[pos_++];
      switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'u': {
          if (pos_ + 4 > s_.size()) return error("truncated \\u escape");
          const unsigned cp =
              static_cast<unsigned>(std::strtoul(s_.substr(pos_, 4).c_str(), nullptr, 16));
          pos_ += 4;
          if (cp < 0x80)
            out += static_cast<char>(cp);
          else if (cp < 0x800) {
            out += static_cast<char>(0xc0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3f));
          } else {
            out += static_cast<char>(0xe0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
            out += static_cast<char>(0x80 | (cp & 0x3f));
          }
          break;
        }
        default: out += e;  // \" \\ \/
      }
    }
    if (pos_ >= s_.size()) return error("unterminated string");
    ++pos_;
    return Status();
  }

  const std::string& s_;
  size_t pos_ = 0;
};

}  // namespace

Expected<Json> parse_json(const std::string& text) { return Parser(text).document(); }

}  // namespace wnn::tools
