// Owning handles for libcjose's objects, so that every early return releases what it holds
// (the sanitizer build reports any leak). cjose keeps its JSON in libjansson objects, which
// belong to the cjose object that holds them (a JWS's protected header), so none is freed here.
#pragma once

#include <cjose/cjose.h>
#include <cstdint>
#include <memory>

namespace commonsbot::adapters::teams {

struct jwk_release {
  void operator()(cjose_jwk_t* jwk) const noexcept { cjose_jwk_release(jwk); }
};
// A key imported by cjose_jwk_import. Never retained or released while shared: a key_set owns
// its keys for its whole life, and cjose's reference count is not atomic.
using jwk_ptr = std::unique_ptr<cjose_jwk_t, jwk_release>;

struct jws_release {
  void operator()(cjose_jws_t* jws) const noexcept { cjose_jws_release(jws); }
};
// A parsed compact JWS; its protected header and payload belong to it.
using jws_ptr = std::unique_ptr<cjose_jws_t, jws_release>;

struct cjose_dealloc {
  void operator()(std::uint8_t* bytes) const noexcept {
    if (bytes) cjose_get_dealloc()(bytes);
  }
};
// Bytes cjose allocated for the caller (cjose_base64url_decode), freed with cjose's allocator.
using cjose_buffer = std::unique_ptr<std::uint8_t, cjose_dealloc>;

}  // namespace commonsbot::adapters::teams
