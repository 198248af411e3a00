// Linked into the release binary only (scripts/release.sh). The binary is linked against
// Debian 11's libstdc++ (GCC 10, symbol versions up to GLIBCXX_3.4.28) so that it starts on
// Debian 11 and Ubuntu 20.04, but two static archives it contains were compiled by newer GCCs:
// the Swift runtime (libswiftCore.a) and Debian 12's libre2.a. Each needs one GLIBCXX_3.4.29
// function that GCC 10's libstdc++.so lacks; both are defined here as libstdc++ 11 defines them.
#include <new>
#include <string>

namespace std {
// Thrown by operator new[] for a bad array length (libstdc++ 11, GLIBCXX_3.4.29).
[[noreturn]] void __throw_bad_array_new_length() { throw std::bad_array_new_length(); }
}

// std::string::reserve() without an argument (libstdc++ 11, GLIBCXX_3.4.29, deprecated in
// C++20): a non-binding request to shrink. GCC 10's header declares only reserve(size_type = 0),
// so the symbol is defined under its mangled name.
extern "C" void _ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE7reserveEv(std::string *s) {
    s->shrink_to_fit();
}
