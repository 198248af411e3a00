#ifndef CZLIB_SHIM_H
#define CZLIB_SHIM_H
#include <zlib.h>

/* inflateInit2 is a macro (it passes the library version and the stream size), which Swift
   cannot call; 15 + 32 would also accept zlib streams, 15 + 16 accepts gzip only, as Go's
   compress/gzip does. */
static inline int czlib_inflate_init_gzip(z_stream *stream) {
    return inflateInit2(stream, 15 + 16);
}
#endif
