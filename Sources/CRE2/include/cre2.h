#ifndef CRE2_H
#define CRE2_H
/* Placeholder; the RE2 shim is written in issue 3. */
#endif
