// A model file read where it lies: the ONNX reader asks for one field at a time, so tools and
// test runners load a model without holding its bytes (the wasm runners under Node too, through
// NODERAWFS), and a model as large as the heap still loads.
#pragma once
#include <cstdio>
#include <memory>
#include <string>

#include "wnn/onnx/byte_source.h"

namespace wnn::tools {

class FileByteSource final : public ByteSource {
 public:
  // An error names the file and why it could not be opened.
  static Expected<std::unique_ptr<FileByteSource>> open(const std::string& path);
  ~FileByteSource() override;
  uint64_t size() const override { return size_; }
  Status read(uint64_t offset, size_t n, uint8_t* dest) override;

 private:
  FileByteSource(std::FILE* f, std::string path, uint64_t size)
      : file_(f), path_(std::move(path)), size_(size) {}
  std::FILE* file_;
  std::string path_;
  uint64_t size_;
};

}  // namespace wnn::tools
