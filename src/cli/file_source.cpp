#include "cli/file_source.h"

#include <cerrno>
#include <cstring>

namespace wnn::tools {

Expected<std::unique_ptr<FileByteSource>> FileByteSource::open(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Status::error("cannot open '" + path + "': " + std::strerror(errno));
  if (fseeko(f, 0, SEEK_END) != 0) {
    std::fclose(f);
    return Status::error("cannot read '" + path + "': not a regular file");
  }
  const off_t size = ftello(f);
  return std::unique_ptr<FileByteSource>(
      new FileByteSource(f, path, static_cast<uint64_t>(size < 0 ? 0 : size)));
}

FileByteSource::~FileByteSource() { std::fclose(file_); }

Status FileByteSource::read(uint64_t offset, size_t n, uint8_t* dest) {
  if (fseeko(file_, static_cast<off_t>(offset), SEEK_SET) != 0 ||
      std::fread(dest, 1, n, file_) != n)
    return Status::error("'" + path_ + "' could not be read at byte " + std::to_string(offset) +
                         " (did it change while loading?)");
  return ok_status();
}

}  // namespace wnn::tools
