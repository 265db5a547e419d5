/* paths.c - where soso serve finds the app's files and catalogs: the one place that
 * knows, until the installed data folder lookup (soso_data_dir) lands. */
#include "soso/serve.h"

#include <stdlib.h>

#ifndef SOSO_WEB_DIR
#define SOSO_WEB_DIR "web"
#endif
#ifndef SOSO_PO_WEB_DIR
#define SOSO_PO_WEB_DIR "po/web"
#endif

const char *soso_serve_web_dir(void) {
  const char *e = getenv("SOSO_WEB_DIR");
  return e && *e ? e : SOSO_WEB_DIR;
}

const char *soso_serve_po_dir(void) {
  const char *e = getenv("SOSO_PO_WEB_DIR");
  return e && *e ? e : SOSO_PO_WEB_DIR;
}
