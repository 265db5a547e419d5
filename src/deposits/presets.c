/* presets.c - named screening presets from <data_dir>/presets.yaml (core/ydoc).
 *
 * The file is one YAML mapping: preset name -> mapping of filter key -> value,
 * keys spelt as the command-line options without dashes ("min-grade"), plus a
 * free-text "description". Values are scalars in the command-line syntax
 * ("zn=5,pb=2"). Errors name the file and line: "presets.yaml:12: key: ...".
 */
#define _POSIX_C_SOURCE 200809L
#include "deposits/deposits_int.h"
#include "core/ydoc_int.h"
#include "soso/error.h"
#include "soso/suggest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* Called for every (preset, key, value); returns 0 or a negative code. */
typedef int (*preset_fn)(void *ud, const char *preset, const char *key, const char *value,
                         const char *file, long line);

/* Walks the presets through the library's one YAML reader (core/ydoc). Every
 * mapping's keys must be unique (checked as the file is loaded). */
static int walk(const char *file, preset_fn fn, void *ud) {
  soso__ydoc d;
  int rc = soso__ydoc_load(&d, file);
  yaml_node_t *root = rc == 0 ? soso__ydoc_root(&d) : NULL;
  if (rc == 0 && root->type != YAML_MAPPING_NODE)
    rc = soso_error_set(SOSO_EDATA, "%s:%d: expected a mapping of presets", file,
                        soso__ydoc_line(root));
  for (yaml_node_pair_t *p = rc == 0 ? root->data.mapping.pairs.start : NULL;
       p && p < root->data.mapping.pairs.top && rc == 0; p++) {
    yaml_node_t *kn = soso__ydoc_node(&d, p->key), *vn = soso__ydoc_node(&d, p->value);
    const char *preset = soso__ydoc_text(kn);
    if (!preset || !*preset) {
      rc = soso_error_set(SOSO_EDATA, "%s:%d: a preset needs a name", file, soso__ydoc_line(kn));
      break;
    }
    if (vn->type == YAML_SEQUENCE_NODE) {
      rc = soso_error_set(SOSO_EDATA, "%s:%d: lists are written \"a,b\", not as a YAML "
                          "sequence", file, soso__ydoc_line(vn));
      break;
    }
    if (vn->type != YAML_MAPPING_NODE) {
      rc = soso_error_set(SOSO_EDATA, "%s:%d: expected a mapping of presets", file,
                          soso__ydoc_line(vn));
      break;
    }
    for (yaml_node_pair_t *q = vn->data.mapping.pairs.start;
         q < vn->data.mapping.pairs.top && rc == 0; q++) {
      yaml_node_t *k2 = soso__ydoc_node(&d, q->key), *v2 = soso__ydoc_node(&d, q->value);
      const char *key = soso__ydoc_text(k2), *val = soso__ydoc_text(v2);
      if (!key) {
        rc = soso_error_set(SOSO_EDATA, "%s:%d: expected a mapping of presets", file,
                            soso__ydoc_line(k2));
      } else if (v2->type == YAML_SEQUENCE_NODE) {
        rc = soso_error_set(SOSO_EDATA, "%s:%d: lists are written \"a,b\", not as a YAML "
                            "sequence", file, soso__ydoc_line(v2));
      } else if (!val) {
        rc = soso_error_set(SOSO_EDATA, "%s:%d: %s: value must be a scalar", file,
                            soso__ydoc_line(v2), key);
      } else {
        rc = fn(ud, preset, key, val, file, soso__ydoc_line(v2));
      }
    }
  }
  soso__ydoc_free(&d);
  return rc;
}

typedef struct apply_ud {
  soso_screen_opts *opts; /* target */
  const char *name;       /* preset wanted */
  int found;              /* saw it */
} apply_ud;

static int apply_one(void *ud, const char *preset, const char *key, const char *value,
                     const char *file, long line) {
  apply_ud *a = ud;
  if (strcmp(preset, a->name) != 0) return 0;
  a->found = 1;
  if (strcmp(key, "description") == 0) return 0;
  if (soso_deposits_screen_opts_set(a->opts, key, value) < 0) {
    char msg[512];
    snprintf(msg, sizeof msg, "%s", soso_error_last());
    return soso_error_set(SOSO_EDATA, "%s:%ld: %s", file, line, msg);
  }
  return 0;
}

int soso_deposits_screen_preset_apply(soso_screen_opts *opts, const char *data_dir, const char *name) {
  char file[4096];
  snprintf(file, sizeof file, "%s/presets.yaml", data_dir);
  soso_screen_opts o = *opts;
  apply_ud a = {&o, name, 0};
  int rc = walk(file, apply_one, &a);
  if (rc < 0) return rc;
  if (!a.found) {
    char **names = NULL, **descs = NULL, hint[96] = "";
    size_t n = 0;
    if (soso_deposits_screen_presets(&names, &descs, &n, data_dir) == 0) {
      const char *near = soso_suggest(name, (const char *const *)names, n);
      if (near) snprintf(hint, sizeof hint, " (did you mean \"%s\"?)", near);
    }
    soso_deposits_strv_free(names, n);
    soso_deposits_strv_free(descs, n);
    return soso_error_set(SOSO_ENOTFOUND, "preset: \"%s\" is not in %s%s", name, file, hint);
  }
  snprintf(o.preset, sizeof o.preset, "%s", name);
  *opts = o;
  return 0;
}

typedef struct list_ud {
  char **names, **descs; /* growing arrays */
  size_t n;              /* presets */
} list_ud;

static int list_one(void *ud, const char *preset, const char *key, const char *value,
                    const char *file, long line) {
  (void)file;
  (void)line;
  list_ud *l = ud;
  if (l->n == 0 || strcmp(l->names[l->n - 1], preset) != 0) {
    char **nn = realloc(l->names, (l->n + 1) * sizeof *nn);
    if (!nn) return soso_error_set(SOSO_ENOMEM, "out of memory");
    l->names = nn;
    char **nd = realloc(l->descs, (l->n + 1) * sizeof *nd);
    if (!nd) return soso_error_set(SOSO_ENOMEM, "out of memory");
    l->descs = nd;
    l->names[l->n] = strdup(preset);
    l->descs[l->n] = strdup("");
    l->n++;
    if (!l->names[l->n - 1] || !l->descs[l->n - 1])
      return soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  if (strcmp(key, "description") == 0) {
    char *d = strdup(value);
    if (!d) return soso_error_set(SOSO_ENOMEM, "out of memory");
    free(l->descs[l->n - 1]);
    l->descs[l->n - 1] = d;
  }
  return 0;
}

int soso_deposits_screen_presets(char ***names, char ***descs, size_t *n, const char *data_dir) {
  char file[4096];
  snprintf(file, sizeof file, "%s/presets.yaml", data_dir);
  list_ud l = {NULL, NULL, 0};
  int rc = walk(file, list_one, &l);
  if (rc < 0) {
    soso_deposits_strv_free(l.names, l.n);
    soso_deposits_strv_free(l.descs, l.n);
    *names = *descs = NULL;
    *n = 0;
    return rc;
  }
  *names = l.names;
  *descs = l.descs;
  *n = l.n;
  return 0;
}
