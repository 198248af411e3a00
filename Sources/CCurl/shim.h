#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H
/* Typed wrappers around libcurl's variadic entry points: Swift cannot call C variadics, so every
   option type the HTTP target needs gets one fixed-signature inline function here. */
#include <curl/curl.h>
#include <sys/types.h>

typedef size_t (*ccurl_data_cb)(char *ptr, size_t size, size_t nmemb, void *userdata);
typedef int (*ccurl_xferinfo_cb)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                 curl_off_t ultotal, curl_off_t ulnow);
typedef void (*ccurl_lock_cb)(CURL *handle, curl_lock_data data, curl_lock_access access, void *userptr);
typedef void (*ccurl_unlock_cb)(CURL *handle, curl_lock_data data, void *userptr);

static inline CURLcode ccurl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_off_t(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_blob(CURL *h, CURLoption o, struct curl_blob *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_share(CURL *h, CURLSH *v) { return curl_easy_setopt(h, CURLOPT_SHARE, v); }
/* Write and header callbacks share one signature. */
static inline CURLcode ccurl_setopt_data_cb(CURL *h, CURLoption o, ccurl_data_cb v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_xferinfo_cb(CURL *h, ccurl_xferinfo_cb v) { return curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, v); }

static inline CURLcode ccurl_getinfo_long(CURL *h, CURLINFO i, long *out) { return curl_easy_getinfo(h, i, out); }
static inline CURLcode ccurl_getinfo_double(CURL *h, CURLINFO i, double *out) { return curl_easy_getinfo(h, i, out); }
static inline CURLcode ccurl_getinfo_off_t(CURL *h, CURLINFO i, curl_off_t *out) { return curl_easy_getinfo(h, i, out); }
static inline CURLcode ccurl_getinfo_string(CURL *h, CURLINFO i, char **out) { return curl_easy_getinfo(h, i, out); }
static inline CURLcode ccurl_getinfo_pointer(CURL *h, CURLINFO i, void **out) { return curl_easy_getinfo(h, i, out); }

static inline CURLMcode ccurl_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return curl_multi_setopt(m, o, v); }

static inline CURLSHcode ccurl_share_setopt_long(CURLSH *s, CURLSHoption o, long v) { return curl_share_setopt(s, o, v); }
static inline CURLSHcode ccurl_share_setopt_pointer(CURLSH *s, CURLSHoption o, void *v) { return curl_share_setopt(s, o, v); }
static inline CURLSHcode ccurl_share_setopt_lock_cb(CURLSH *s, ccurl_lock_cb v) { return curl_share_setopt(s, CURLSHOPT_LOCKFUNC, v); }
static inline CURLSHcode ccurl_share_setopt_unlock_cb(CURLSH *s, ccurl_unlock_cb v) { return curl_share_setopt(s, CURLSHOPT_UNLOCKFUNC, v); }

/* Named constants that Swift may import awkwardly (macros built from casts or expressions). */
static inline long ccurl_http_version_2tls(void) { return (long)CURL_HTTP_VERSION_2TLS; }
static inline unsigned int ccurl_blob_copy(void) { return CURL_BLOB_COPY; }
static inline CURLcode ccurl_global_init_default(void) { return curl_global_init(CURL_GLOBAL_DEFAULT); }

/* The libcurl in use, as 0xXXYYZZ: the release archive is built against older headers than the
   libcurl it may meet at run time, and the other way round, so the HTTP target asks at run time
   (LibcurlFeatures) which of the options below it may set. */
static inline unsigned int ccurl_version_num(void) { return curl_version_info(CURLVERSION_FIRST)->version_num; }

/* Options by number, so the code builds against libcurl headers older than the option (and
   without the deprecation warnings newer headers attach to the bitmask ones):
   CURLOPT_PROTOCOLS_STR and CURLOPT_REDIR_PROTOCOLS_STR (7.85), CURLOPT_CAINFO_BLOB (7.77),
   CURLOPT_SSLCERT_BLOB and CURLOPT_SSLKEY_BLOB (7.71); their fallbacks CURLOPT_PROTOCOLS and
   CURLOPT_REDIR_PROTOCOLS (bitmasks, deprecated since 7.85). */
static inline CURLoption ccurl_opt_protocols_str(void) { return (CURLoption)(CURLOPTTYPE_STRINGPOINT + 318); }
static inline CURLoption ccurl_opt_redir_protocols_str(void) { return (CURLoption)(CURLOPTTYPE_STRINGPOINT + 319); }
static inline CURLoption ccurl_opt_cainfo_blob(void) { return (CURLoption)(40000 + 309); }
static inline CURLoption ccurl_opt_sslcert_blob(void) { return (CURLoption)(40000 + 291); }
static inline CURLoption ccurl_opt_sslkey_blob(void) { return (CURLoption)(40000 + 292); }
static inline CURLoption ccurl_opt_protocols(void) { return (CURLoption)(CURLOPTTYPE_LONG + 181); }
static inline CURLoption ccurl_opt_redir_protocols(void) { return (CURLoption)(CURLOPTTYPE_LONG + 182); }
static inline long ccurl_proto_http_https(void) { return (long)((1 << 0) | (1 << 1)); }
#endif
