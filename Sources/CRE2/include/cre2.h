// A small C face over RE2 so Swift never sees C++. Only the GoRegexp target imports this.
#ifndef CRE2_H
#define CRE2_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// An opaque compiled regular expression. Matching is thread-safe (RE2 objects are const).
typedef struct cre2_regexp cre2_regexp;

/// Why a compile failed: RE2's error code (RE2::ErrorCode), the offending fragment and RE2's
/// own message. Strings are malloc'd; release them with cre2_error_clear.
typedef struct {
    int code;
    char *arg;
    char *message;
} cre2_error;

/// Compiles `pattern` (UTF-8, `len` bytes) with options close to Go's regexp/syntax.Perl:
/// UTF-8, Perl classes, \b, leftmost-first (not longest) matching. Returns NULL on failure
/// and fills `error_out` (which may be NULL).
cre2_regexp *cre2_compile(const char *pattern, size_t len, cre2_error *error_out);

/// Frees the strings held by an error filled in by cre2_compile.
void cre2_error_clear(cre2_error *error);

void cre2_free(cre2_regexp *re);

/// Unanchored search, like Go's MatchString: 1 when the pattern matches anywhere in text.
int cre2_partial_match(const cre2_regexp *re, const char *text, size_t len);

/// Number of capturing groups (not counting the whole match).
int cre2_group_count(const cre2_regexp *re);

/// The name of capturing group `index` (1-based), or NULL when it has none. The string lives
/// as long as `re`.
const char *cre2_group_name(const cre2_regexp *re, int index);

/// Leftmost-first search starting at byte `startpos` (text before it is context for ^ and \b).
/// On a match returns 1 and writes `2 * nspans` byte offsets into `spans`: begin/end of the
/// whole match and then of each group, -1/-1 for a group that did not participate.
int cre2_find(const cre2_regexp *re, const char *text, size_t len, size_t startpos,
              int64_t *spans, int nspans);

/// The file name of the RE2 shared library in use (e.g. "libre2.so.9"), for `version`
/// output: RE2 has no version function, its soname carries the ABI version. NULL if unknown.
const char *cre2_library_name(void);

#ifdef __cplusplus
}
#endif

#endif
