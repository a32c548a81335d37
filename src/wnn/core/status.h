// Errors are values: wasm builds run without C++ exceptions (they cost size and speed), and every
// message must tell a user what to fix, so an error carries one readable sentence.
#pragma once
#include <string>
#include <utility>
#include <variant>

namespace wnn {

class Status {
 public:
  Status() = default;
  static Status error(std::string message) { return Status(std::move(message)); }
  bool ok() const { return !failed_; }
  const std::string& message() const { return message_; }

 private:
  explicit Status(std::string message) : failed_(true), message_(std::move(message)) {}
  bool failed_ = false;
  std::string message_;
};

inline Status ok_status() { return Status(); }

template <typename T>
class Expected {
 public:
  Expected(T value) : state_(std::move(value)) {}         // NOLINT: implicit by design
  Expected(Status error) : state_(std::move(error)) {}    // NOLINT: implicit by design
  bool ok() const { return std::holds_alternative<T>(state_); }
  T& value() { return std::get<T>(state_); }
  const T& value() const { return std::get<T>(state_); }
  T take() { return std::move(std::get<T>(state_)); }
  Status status() const { return ok() ? Status() : std::get<Status>(state_); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace wnn

#define WNN_RETURN_IF_ERROR(expr)          \
  do {                                     \
    ::wnn::Status wnn_status_ = (expr);    \
    if (!wnn_status_.ok()) return wnn_status_; \
  } while (0)
