#include "cli/npy.h"

#include <cstring>
#include <fstream>
#include <iterator>

namespace wnn::tools {

Expected<std::vector<uint8_t>> read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Status::error("cannot open '" + path + "'");
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), {});
}

Expected<NpyArray> read_npy(const std::string& path) {
  Expected<std::vector<uint8_t>> file = read_file(path);
  if (!file.ok()) return file.status();
  const std::vector<uint8_t>& b = file.value();
  if (b.size() < 10 || std::memcmp(b.data(), "\x93NUMPY", 6) != 0)
    return Status::error("'" + path + "' is not a .npy file");
  const int major = b[6];
  size_t header_len = 0, header_at = 0;
  if (major == 1) {
    header_len = b[8] | (b[9] << 8);
    header_at = 10;
  } else {
    header_len = b[8] | (b[9] << 8) | (b[10] << 16) | (static_cast<size_t>(b[11]) << 24);
    header_at = 12;
  }
  if (header_at + header_len > b.size()) return Status::error("'" + path + "' is truncated");
  const std::string header(b.begin() + header_at, b.begin() + header_at + header_len);
  NpyArray a;
  const size_t d = header.find("'descr': '");
  if (d == std::string::npos) return Status::error("'" + path + "': no descr in header");
  a.descr = header.substr(d + 10, header.find('\'', d + 10) - d - 10);
  if (header.find("'fortran_order': False") == std::string::npos)
    return Status::error("'" + path + "': only C-order arrays are supported");
  const size_t s = header.find("'shape': (");
  if (s == std::string::npos) return Status::error("'" + path + "': no shape in header");
  std::string dims = header.substr(s + 10, header.find(')', s) - s - 10);
  std::string number;
  for (char c : dims + ",") {
    if (c >= '0' && c <= '9') number += c;
    else if (c == ',' && !number.empty()) { a.shape.push_back(std::stoll(number)); number.clear(); }
  }
  const size_t elem = a.descr == "<f4" ? 4 : (a.descr == "|u1" || a.descr == "<u1") ? 1 : 0;
  if (!elem) return Status::error("'" + path + "': dtype " + a.descr + " is not supported");
  const size_t bytes = static_cast<size_t>(shape_elements(a.shape)) * elem;
  const size_t data_at = header_at + header_len;
  if (b.size() - data_at != bytes)
    return Status::error("'" + path + "' holds " + std::to_string(b.size() - data_at) +
                         " data bytes; its shape needs " + std::to_string(bytes));
  a.bytes.assign(b.begin() + data_at, b.end());
  return a;
}

}  // namespace wnn::tools
