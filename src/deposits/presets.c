/* presets.c - named screening presets from <data_dir>/presets.yaml (libyaml).
 *
 * The file is one YAML mapping: preset name -> mapping of filter key -> value,
 * keys spelt as the command-line options without dashes ("min-grade"), plus a
 * free-text "description". Values are scalars in the command-line syntax
 * ("zn=5,pb=2"). Errors name the file and line: "presets.yaml:12: key: ...".
 */
#define _POSIX_C_SOURCE 200809L
#include "deposits/deposits_int.h"
#include "soso/error.h"
#include "soso/suggest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* Called for every (preset, key, value); returns 0 or a negative code. */
typedef int (*preset_fn)(void *ud, const char *preset, const char *key, const char *value,
                         const char *file, long line);

static int next(yaml_parser_t *p, yaml_event_t *ev, const char *file) {
  if (!yaml_parser_parse(p, ev))
    return soso_error_set(SOSO_EDATA, "%s:%ld: %s", file, (long)p->problem_mark.line + 1,
                          p->problem ? p->problem : "YAML syntax error");
  return 0;
}

static int walk(const char *file, preset_fn fn, void *ud) {
  FILE *f = fopen(file, "rb");
  if (!f) return soso_error_set(SOSO_EIO, "%s: cannot open", file);
  yaml_parser_t p;
  yaml_event_t ev;
  if (!yaml_parser_initialize(&p)) {
    fclose(f);
    return soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  yaml_parser_set_input_file(&p, f);
  int rc = 0, depth = 0, done = 0;
  char preset[128] = "", key[128] = "";
  while (rc == 0 && !done) {
    if ((rc = next(&p, &ev, file)) < 0) break;
    long line = (long)ev.start_mark.line + 1;
    switch (ev.type) {
      case YAML_STREAM_END_EVENT: done = 1; break;
      case YAML_MAPPING_START_EVENT:
        if (depth == 1 && !preset[0])
          rc = soso_error_set(SOSO_EDATA, "%s:%ld: a preset needs a name", file, line);
        else if (depth == 2 && key[0])
          rc = soso_error_set(SOSO_EDATA, "%s:%ld: %s: value must be a scalar", file, line,
                              key);
        depth++;
        break;
      case YAML_MAPPING_END_EVENT:
        depth--;
        if (depth == 1) preset[0] = '\0';
        break;
      case YAML_SEQUENCE_START_EVENT:
        rc = soso_error_set(SOSO_EDATA, "%s:%ld: lists are written \"a,b\", not as a YAML "
                            "sequence", file, line);
        break;
      case YAML_SCALAR_EVENT: {
        const char *s = (const char *)ev.data.scalar.value;
        if (depth == 1) {
          snprintf(preset, sizeof preset, "%s", s);
        } else if (depth == 2 && !key[0]) {
          snprintf(key, sizeof key, "%s", s);
        } else if (depth == 2) {
          rc = fn(ud, preset, key, s, file, line);
          key[0] = '\0';
        } else {
          rc = soso_error_set(SOSO_EDATA, "%s:%ld: expected a mapping of presets", file, line);
        }
        break;
      }
      default: break;
    }
    yaml_event_delete(&ev);
  }
  yaml_parser_delete(&p);
  fclose(f);
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
  if (soso_screen_opts_set(a->opts, key, value) < 0) {
    char msg[512];
    snprintf(msg, sizeof msg, "%s", soso_error_last());
    return soso_error_set(SOSO_EDATA, "%s:%ld: %s", file, line, msg);
  }
  return 0;
}

int soso_screen_preset_apply(soso_screen_opts *opts, const char *data_dir, const char *name) {
  char file[4096];
  snprintf(file, sizeof file, "%s/presets.yaml", data_dir);
  soso_screen_opts o = *opts;
  apply_ud a = {&o, name, 0};
  int rc = walk(file, apply_one, &a);
  if (rc < 0) return rc;
  if (!a.found) {
    char **names = NULL, **descs = NULL, hint[96] = "";
    size_t n = 0;
    if (soso_screen_presets(&names, &descs, &n, data_dir) == 0) {
      const char *near = soso_suggest(name, (const char *const *)names, n);
      if (near) snprintf(hint, sizeof hint, " (did you mean \"%s\"?)", near);
    }
    soso_strv_free(names, n);
    soso_strv_free(descs, n);
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

int soso_screen_presets(char ***names, char ***descs, size_t *n, const char *data_dir) {
  char file[4096];
  snprintf(file, sizeof file, "%s/presets.yaml", data_dir);
  list_ud l = {NULL, NULL, 0};
  int rc = walk(file, list_one, &l);
  if (rc < 0) {
    soso_strv_free(l.names, l.n);
    soso_strv_free(l.descs, l.n);
    *names = *descs = NULL;
    *n = 0;
    return rc;
  }
  *names = l.names;
  *descs = l.descs;
  *n = l.n;
  return 0;
}
