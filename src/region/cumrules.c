/* cumrules.c - the cumulative rules file (data/region/cumulative.yaml): bands of
 * the cumulative indicators, the temporal-crowding adjustment and the measures.
 *
 * Invariants after a successful load: every VEC has three bands with
 * 0 <= low <= medium <= high; 0 <= crowding probability <= 1; 0 <= steps <= 3.
 */
#include "core/ydoc_int.h"
#include "region/cumrules_int.h"

#include "soso/data.h"
#include "soso/error.h"

#include <stdlib.h>
#include <string.h>


const char *soso_region_cumrules_default_path(void) {
  static _Thread_local char buf[4096]; /* one per function: callers pass both at once */
  return soso_data_path(buf, sizeof buf, "region/cumulative.yaml");
}

static int load_vec(soso__ydoc *d, yaml_node_t *m, int v, soso_cumrules *cr) {
  static const char *const keys[] = {"unit", "bands", "note", NULL};
  static const char *const bkeys[] = {"low", "medium", "high", NULL};
  const char *name = soso_region_vec_name(v);
  int rc = soso__ydoc_keys(d, m, name, keys);
  if (!rc) rc = soso__ydoc_strbuf(d, m, "unit", 1, cr->unit[v], sizeof cr->unit[v], NULL);
  if (rc) return rc;
  yaml_node_t *b = soso__ydoc_get(d, m, "bands");
  if (!b) return soso__ydoc_fail(d, m, "bands", "missing (required): low, medium, high");
  if ((rc = soso__ydoc_keys(d, b, "bands", bkeys))) return rc;
  for (int k = 0; k < 3; k++)
    if ((rc = soso__ydoc_num(d, b, bkeys[k], 1, SOSO__YR(0, 1e9), &cr->band[v][k], NULL)))
      return rc;
  if (cr->band[v][0] > cr->band[v][1] || cr->band[v][1] > cr->band[v][2])
    return soso__ydoc_fail(d, b, "bands", "must satisfy low <= medium <= high");
  cr->line[v] = soso__ydoc_line(b);
  return 0;
}

static int load(soso__ydoc *d, soso_cumrules *cr) {
  static const char *const keys[] = {"version", "components", "crowding", "measures", NULL};
  static const char *const ckeys[] = {"probability", "steps", "note", NULL};
  yaml_node_t *root = soso__ydoc_root(d);
  int rc = soso__ydoc_keys(d, root, "cumulative rules", keys);
  double version = 0;
  if (!rc) rc = soso__ydoc_num(d, root, "version", 1, SOSO__YR(1, 1), &version, NULL);
  if (rc) return rc;
  yaml_node_t *comp = soso__ydoc_get(d, root, "components");
  if (!comp || comp->type != YAML_MAPPING_NODE)
    return soso__ydoc_fail(d, comp ? comp : root, "components",
                           "must be a mapping of the six components");
  static const char *vkeys[SOSO_VEC_N + 1];
  for (int v = 0; v < SOSO_VEC_N; v++) vkeys[v] = soso_region_vec_name(v);
  vkeys[SOSO_VEC_N] = NULL;
  if ((rc = soso__ydoc_keys(d, comp, "components", vkeys))) return rc;
  for (int v = 0; v < SOSO_VEC_N; v++) {
    yaml_node_t *m = soso__ydoc_get(d, comp, soso_region_vec_name(v));
    if (!m) return soso__ydoc_fail(d, comp, soso_region_vec_name(v), "component is missing");
    if ((rc = load_vec(d, m, v, cr))) return rc;
  }
  yaml_node_t *cw = soso__ydoc_get(d, root, "crowding");
  if (!cw) return soso__ydoc_fail(d, root, "crowding", "missing (required)");
  long steps = 0;
  if ((rc = soso__ydoc_keys(d, cw, "crowding", ckeys))) return rc;
  if ((rc = soso__ydoc_num(d, cw, "probability", 1, SOSO__YR(0, 1), &cr->crowd_p, NULL))) return rc;
  if ((rc = soso__ydoc_int(d, cw, "steps", 1, 0, 3, &steps, NULL))) return rc;
  cr->crowd_steps = (int)steps;
  cr->crowd_line = soso__ydoc_line(cw);
  yaml_node_t *ms = soso__ydoc_get(d, root, "measures");
  if (ms) {
    if ((rc = soso__ydoc_keys(d, ms, "measures", vkeys))) return rc;
    for (int v = 0; v < SOSO_VEC_N; v++)
      if ((rc = soso__ydoc_strbuf(d, ms, soso_region_vec_name(v), 0, cr->measure[v], sizeof cr->measure[v],
                                  NULL)))
        return rc;
  }
  return 0;
}

int soso_region_cumrules_load(soso_cumrules **out, const char *path) {
  *out = NULL;
  soso_cumrules *cr = calloc(1, sizeof *cr);
  if (!cr) return soso_error_set(SOSO_ENOMEM, "out of memory");
  snprintf(cr->path, sizeof cr->path, "%s", path);
  soso__ydoc d;
  int rc = soso__ydoc_load(&d, path);
  if (!rc) rc = load(&d, cr);
  soso__ydoc_free(&d);
  if (rc) {
    free(cr);
    return rc;
  }
  *out = cr;
  return 0;
}

void soso_region_cumrules_free(soso_cumrules *cr) { free(cr); }
