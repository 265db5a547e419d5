/* i18n.c - the web app's catalogs (gettext domain "soso-web", po/web/<lang>.po)
 * read with libgettextpo and handed to the page as JSON {msgid: msgstr}.
 *
 * Fuzzy and untranslated entries are left out: the page then shows the English
 * msgid, and the test of a translated page finds it. Languages are the .po files
 * present (en.po included, an identity catalog that lists every msgid).
 */
#include "serve/serve_int.h"

#include "soso/error.h"

#include <gettext-po.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

/* Set by the callbacks during one po_file_read on this thread (libgettextpo reports
 * through callbacks without a closure). */
static _Thread_local char g_po_error[512];

static void xerror(int severity, po_message_t message, const char *filename, size_t lineno,
                   size_t column, int multiline_p, const char *message_text) {
  (void)message, (void)column, (void)multiline_p;
  if (severity >= PO_SEVERITY_ERROR && !g_po_error[0])
    snprintf(g_po_error, sizeof g_po_error, "%s:%zu: %s", filename ? filename : "po", lineno,
             message_text);
}

static void xerror2(int severity, po_message_t m1, const char *f1, size_t l1, size_t c1,
                    int ml1, const char *t1, po_message_t m2, const char *f2, size_t l2,
                    size_t c2, int ml2, const char *t2) {
  (void)m2, (void)f2, (void)l2, (void)c2, (void)ml2, (void)t2;
  xerror(severity, m1, f1, l1, c1, ml1, t1);
}

int sv_i18n_load(json_t **out, const char *po_dir) {
  *out = NULL;
  char pat[PATH_MAX];
  snprintf(pat, sizeof pat, "%s/*.po", po_dir);
  glob_t g;
  int gr = glob(pat, 0, NULL, &g);
  if (gr == GLOB_NOMATCH) return soso_error_set(SOSO_EIO, "%s: no catalogs (*.po)", po_dir);
  if (gr != 0) return soso_error_set(SOSO_EIO, "%s: cannot list catalogs", po_dir);
  json_t *all = json_object();
  struct po_xerror_handler h = {xerror, xerror2};
  int rc = 0;
  for (size_t k = 0; k < g.gl_pathc && !rc; k++) {
    const char *path = g.gl_pathv[k];
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char lang[32];
    snprintf(lang, sizeof lang, "%.*s", (int)(strlen(base) - 3), base);
    g_po_error[0] = '\0';
    po_file_t pf = po_file_read(path, &h);
    if (!pf || g_po_error[0]) {
      rc = soso_error_set(SOSO_EDATA, "%s", g_po_error[0] ? g_po_error : path);
      if (pf) po_file_free(pf);
      break;
    }
    json_t *cat = json_object();
    po_message_iterator_t it = po_message_iterator(pf, NULL);
    po_message_t m;
    while ((m = po_next_message(it)) != NULL) {
      const char *id = po_message_msgid(m), *str = po_message_msgstr(m);
      if (!id || !*id || !str || !*str || po_message_is_fuzzy(m) || po_message_is_obsolete(m))
        continue;
      json_object_set_new(cat, id, json_string(str));
    }
    po_message_iterator_free(it);
    po_file_free(pf);
    json_object_set_new(all, lang, cat);
  }
  globfree(&g);
  if (rc) {
    json_decref(all);
    return rc;
  }
  *out = all;
  return 0;
}
