#include "cli/npy.h"

#include <cstring>
#include <fstream>
#include <iterator>

namespace wnn::tools {
namespace {

DType dtype_of_descr(const std::string& d) {
  if (d == "<f4") return DType::kFloat32;
  if (d == "<f2") return DType::kFloat16;
  if (d == "<i8") return DType::kInt64;
  if (d == "<i4") return DType::kInt32;
  if (d == "|u1" || d == "<u1") return DType::kUInt8;
  if (d == "|i1") return DType::kInt8;
  if (d == "|b1") return DType::kBool;
  return DType::kUndefined;
}

}  // namespace

size_t NpyArray::row_bytes() const {
  if (shape.empty() || shape[0] == 0) return 0;
  return bytes.size() / static_cast<size_t>(shape[0]);
}

Expected<std::vector<uint8_t>> read_file(const std::string& path) {
  // Sized once: an istreambuf_iterator copy grows by doubling, up to twice the file's size.
  std::ifstream f(path, std::ios::binary | std::ios::ate);
  if (!f) return Status::error("cannot open '" + path + "'");
  const std::streamoff size = f.tellg();
  if (size < 0) return Status::error("cannot read '" + path + "'");
  std::vector<uint8_t> bytes(static_cast<size_t>(size));
  f.seekg(0);
  if (size > 0 && !f.read(reinterpret_cast<char*>(bytes.data()), size))
    return Status::error("cannot read '" + path + "'");
  return bytes;
}

Expected<NpyArray> read_npy(const std::string& path) {
  Expected<std::vector<uint8_t>> file = read_file(path);
  if (!file.ok()) return file.status();
  const std::vector<uint8_t>& b = file.value();
  if (b.size() < 12 || std::memcmp(b.data(), "\x93NUMPY", 6) != 0)
    return Status::error("'" + path + "' is not a .npy file");
  const size_t header_at = b[6] == 1 ? 10 : 12;
  const size_t header_len =
      b[6] == 1 ? (b[8] | (b[9] << 8))
                : (b[8] | (b[9] << 8) | (b[10] << 16) | (static_cast<size_t>(b[11]) << 24));
  if (header_at + header_len > b.size()) return Status::error("'" + path + "' is truncated");
  const std::string header(b.begin() + static_cast<long>(header_at),
                           b.begin() + static_cast<long>(header_at + header_len));
  const size_t d = header.find("'descr': '");
  const size_t s = header.find("'shape': (");
  if (d == std::string::npos || s == std::string::npos)
    return Status::error("'" + path + "': no descr or shape in its header");
  if (header.find("'fortran_order': False") == std::string::npos)
    return Status::error("'" + path + "': only C-order arrays are supported");
  const std::string descr = header.substr(d + 10, header.find('\'', d + 10) - d - 10);
  NpyArray a;
  a.dtype = dtype_of_descr(descr);
  if (a.dtype == DType::kUndefined)
    return Status::error("'" + path + "': dtype " + descr +
                         " is not supported (float32, float16, int64, int32, uint8, int8, bool)");
  std::string number;
  for (char c : header.substr(s + 10, header.find(')', s) - s - 10) + ",") {
    if (c >= '0' && c <= '9') {
      number += c;
    } else if (c == ',' && !number.empty()) {
      a.shape.push_back(std::stoll(number));
      number.clear();
    }
  }
  const size_t need = static_cast<size_t>(shape_elements(a.shape)) * dtype_size(a.dtype);
  if (b.size() - header_at - header_len != need)
    return Status::error("'" + path + "' holds " +
                         std::to_string(b.size() - header_at - header_len) +
                         " data bytes; its shape needs " + std::to_string(need));
  a.bytes.assign(b.begin() + static_cast<long>(header_at + header_len), b.end());
  return a;
}

}  // namespace wnn::tools
