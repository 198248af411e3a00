// RE2 behind a C API (see include/cre2.h). Kept tiny: compile, match, find, free.
#include "cre2.h"

#include <re2/re2.h>

#include <cstdlib>
#include <dlfcn.h>
#include <cstring>
#include <map>
#include <new>
#include <string>
#include <vector>

struct cre2_regexp {
    RE2 re;
    cre2_regexp(const re2::StringPiece &pattern, const RE2::Options &options) : re(pattern, options) {}
};

static char *copy_string(const std::string &s) {
    char *out = static_cast<char *>(std::malloc(s.size() + 1));
    if (out == nullptr) return nullptr;
    std::memcpy(out, s.data(), s.size());
    out[s.size()] = '\0';
    return out;
}

extern "C" cre2_regexp *cre2_compile(const char *pattern, size_t len, cre2_error *error_out) {
    if (error_out != nullptr) {
        error_out->code = 0;
        error_out->arg = nullptr;
        error_out->message = nullptr;
    }
    RE2::Options options;
    options.set_encoding(RE2::Options::EncodingUTF8);
    options.set_posix_syntax(false);  // Perl syntax, as Go's regexp.Compile
    options.set_longest_match(false); // leftmost-first, as Go (not POSIX leftmost-longest)
    options.set_perl_classes(true);
    options.set_word_boundary(true);
    options.set_log_errors(false);    // errors come back as values, never on stderr
    // Go has no memory budget, only a program-size limit; give RE2 room so that patterns
    // Go accepts (large counted repeats of classes) compile here too.
    options.set_max_mem(int64_t(64) << 20);

    cre2_regexp *re = new (std::nothrow) cre2_regexp(re2::StringPiece(pattern, len), options);
    if (re == nullptr) {
        if (error_out != nullptr) {
            error_out->code = RE2::ErrorInternal;
            error_out->message = copy_string("out of memory");
        }
        return nullptr;
    }
    if (!re->re.ok()) {
        if (error_out != nullptr) {
            error_out->code = re->re.error_code();
            error_out->arg = copy_string(re->re.error_arg());
            error_out->message = copy_string(re->re.error());
        }
        delete re;
        return nullptr;
    }
    return re;
}

extern "C" void cre2_error_clear(cre2_error *error) {
    if (error == nullptr) return;
    std::free(error->arg);
    std::free(error->message);
    error->arg = nullptr;
    error->message = nullptr;
}

extern "C" void cre2_free(cre2_regexp *re) { delete re; }

extern "C" int cre2_partial_match(const cre2_regexp *re, const char *text, size_t len) {
    if (re == nullptr) return 0;
    if (text == nullptr) text = "";
    return RE2::PartialMatch(re2::StringPiece(text, len), re->re) ? 1 : 0;
}

extern "C" int cre2_group_count(const cre2_regexp *re) {
    return re == nullptr ? 0 : re->re.NumberOfCapturingGroups();
}

extern "C" const char *cre2_group_name(const cre2_regexp *re, int index) {
    if (re == nullptr) return nullptr;
    const std::map<int, std::string> &names = re->re.CapturingGroupNames();
    auto it = names.find(index);
    return it == names.end() ? nullptr : it->second.c_str();
}

extern "C" int cre2_find(const cre2_regexp *re, const char *text, size_t len, size_t startpos,
                         int64_t *spans, int nspans) {
    if (re == nullptr || nspans < 1 || startpos > len) return 0;
    if (text == nullptr) text = "";  // a real address, so empty groups are told from absent ones
    std::vector<re2::StringPiece> groups(static_cast<size_t>(nspans));
    re2::StringPiece subject(text, len);
    if (!re->re.Match(subject, startpos, len, RE2::UNANCHORED, groups.data(), nspans)) return 0;
    for (int i = 0; i < nspans; i++) {
        const re2::StringPiece &g = groups[static_cast<size_t>(i)];
        if (g.data() == nullptr) {
            spans[2 * i] = -1;
            spans[2 * i + 1] = -1;
        } else {
            int64_t begin = static_cast<int64_t>(g.data() - text);
            spans[2 * i] = begin;
            spans[2 * i + 1] = begin + static_cast<int64_t>(g.size());
        }
    }
    return 1;
}

extern "C" const char *cre2_library_name(void) {
#ifdef CRE2_STATIC_VERSION
    // Linked from libre2.a (scripts/release.sh): there is no shared object to name, so the
    // release build says which RE2 it linked.
    return CRE2_STATIC_VERSION;
#endif
    // Ask the dynamic linker which file holds an RE2 function; keep the base name.
    Dl_info info;
    std::string (*quote)(const re2::StringPiece &) = &re2::RE2::QuoteMeta;
    if (dladdr(reinterpret_cast<void *>(quote), &info) == 0 || info.dli_fname == nullptr) return nullptr;
    const char *slash = std::strrchr(info.dli_fname, '/');
    return slash ? slash + 1 : info.dli_fname;
}
