// Where the reader gets a model's bytes: a buffer in memory, a file, or (in the browser) the
// page's ArrayBuffer outside the wasm heap. The reader asks for one field at a time, so a model
// needs never be in the heap whole: loading then peaks near the size of its weights instead of
// twice it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "wnn/core/status.h"

namespace wnn {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual uint64_t size() const = 0;
  // Copies bytes [offset, offset + n) to dest; the reader never asks past size(). An error says
  // why the bytes could not be had (a file that shrank, a page's buffer that was transferred).
  virtual Status read(uint64_t offset, size_t n, uint8_t* dest) = 0;
};

// Bytes already in memory, owned by the caller for the whole read.
class MemoryByteSource final : public ByteSource {
 public:
  MemoryByteSource(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint64_t size() const override { return size_; }
  Status read(uint64_t offset, size_t n, uint8_t* dest) override {
    if (n) std::memcpy(dest, data_ + offset, n);
    return ok_status();
  }

 private:
  const uint8_t* data_;
  size_t size_;
};

}  // namespace wnn
