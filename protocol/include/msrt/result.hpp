// Errors are values: a decoder never throws and never reads past its input.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <variant>

namespace msrt {

// What went wrong, in which field, at which octet offset (relative to the start of the buffer decoded).
struct Error {
    std::string field;
    std::size_t offset = 0;
    std::string what;

    std::string str() const { return field + " at offset " + std::to_string(offset) + ": " + what; }
};

template <class T>
class Result {
public:
    Result(T value) : v_(std::move(value)) {}          // NOLINT(google-explicit-constructor)
    Result(Error error) : v_(std::move(error)) {}      // NOLINT(google-explicit-constructor)

    bool ok() const { return std::holds_alternative<T>(v_); }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<T>(v_); }
    const T& value() const { return std::get<T>(v_); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const Error& error() const { return std::get<Error>(v_); }

private:
    std::variant<T, Error> v_;
};

}  // namespace msrt
