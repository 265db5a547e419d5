/* soso_shared.c - the one source of the shared library target: libsoso.so is the static
 * library's objects linked whole (CMakeLists.txt), exported through src/soso.map.
 * The build needs a translation unit of its own; this is it. */
#include "soso/error.h"

/* The library's version string, for programs that load libsoso.so. */
const char *soso__library_name(void);
const char *soso__library_name(void) { return "libsoso"; }
