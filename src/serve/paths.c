/* paths.c - where soso serve finds the app's files and catalogs: $SOSO_WEB_DIR /
 * $SOSO_PO_WEB_DIR, else the data folder of an installed tree (DATADIR/soso/web and
 * po/web, soso_data_subdir), else the source tree (compiled in). */
#include "soso/serve.h"

#include "soso/data.h"

#include <stdlib.h>

#ifndef SOSO_WEB_DIR
#define SOSO_WEB_DIR "web"
#endif
#ifndef SOSO_PO_WEB_DIR
#define SOSO_PO_WEB_DIR "po/web"
#endif

const char *soso_serve_web_dir(void) {
  const char *e = getenv("SOSO_WEB_DIR");
  static _Thread_local char buf[4096];
  return e && *e ? e : soso_data_subdir(buf, sizeof buf, "web", SOSO_WEB_DIR);
}

const char *soso_serve_po_dir(void) {
  const char *e = getenv("SOSO_PO_WEB_DIR");
  static _Thread_local char buf[4096];
  return e && *e ? e : soso_data_subdir(buf, sizeof buf, "po/web", SOSO_PO_WEB_DIR);
}
