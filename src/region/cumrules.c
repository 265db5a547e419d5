/* cumrules.c - the cumulative rules file (data/region/cumulative.yaml): bands of
 * the cumulative indicators, the temporal-crowding adjustment and the measures.
 *
 * Invariants after a successful load: every VEC has three bands with
 * 0 <= low <= medium <= high; 0 <= crowding probability <= 1; 0 <= steps <= 3.
 */
#include "region/cumrules_int.h"
#include "region/region_yaml.h"

#include "soso/datadir.h"
#include "soso/error.h"

#include <stdlib.h>
#include <string.h>


const char *soso_cumrules_default_path(void) {
  static _Thread_local char buf[4096]; /* one per function: callers pass both at once */
  return soso_data_path(buf, sizeof buf, "region/cumulative.yaml");
}

static int load_vec(ry_doc *d, yaml_node_t *m, int v, soso_cumrules *cr) {
  static const char *const keys[] = {"unit", "bands", "note", NULL};
  static const char *const bkeys[] = {"low", "medium", "high", NULL};
  const char *name = soso_vec_name(v);
  int rc = ry_check_map(d, m, name, keys);
  if (!rc) rc = ry_str(d, m, "unit", 1, cr->unit[v], sizeof cr->unit[v]);
  if (rc) return rc;
  yaml_node_t *b = ry_get(d, m, "bands");
  if (!b) return ry_err(d, m, "bands", "is required (low, medium, high)");
  if ((rc = ry_check_map(d, b, "bands", bkeys))) return rc;
  for (int k = 0; k < 3; k++)
    if ((rc = ry_num(d, b, bkeys[k], 1, 0, 1e9, &cr->band[v][k]))) return rc;
  if (cr->band[v][0] > cr->band[v][1] || cr->band[v][1] > cr->band[v][2])
    return ry_err(d, b, "bands", "must satisfy low <= medium <= high");
  cr->line[v] = ry_line(b);
  return 0;
}

static int load(ry_doc *d, soso_cumrules *cr) {
  static const char *const keys[] = {"version", "components", "crowding", "measures", NULL};
  static const char *const ckeys[] = {"probability", "steps", "note", NULL};
  yaml_node_t *root = ry_root(d);
  int rc = ry_check_map(d, root, "cumulative rules", keys);
  double version = 0;
  if (!rc) rc = ry_num(d, root, "version", 1, 1, 1, &version);
  if (rc) return rc;
  yaml_node_t *comp = ry_get(d, root, "components");
  if (!comp || comp->type != YAML_MAPPING_NODE)
    return ry_err(d, comp ? comp : root, "components", "must be a mapping of the six components");
  static const char *vkeys[SOSO_VEC_N + 1];
  for (int v = 0; v < SOSO_VEC_N; v++) vkeys[v] = soso_vec_name(v);
  vkeys[SOSO_VEC_N] = NULL;
  if ((rc = ry_check_map(d, comp, "components", vkeys))) return rc;
  for (int v = 0; v < SOSO_VEC_N; v++) {
    yaml_node_t *m = ry_get(d, comp, soso_vec_name(v));
    if (!m) return ry_err(d, comp, soso_vec_name(v), "component is missing");
    if ((rc = load_vec(d, m, v, cr))) return rc;
  }
  yaml_node_t *cw = ry_get(d, root, "crowding");
  if (!cw) return ry_err(d, root, "crowding", "is required");
  long steps = 0;
  if ((rc = ry_check_map(d, cw, "crowding", ckeys))) return rc;
  if ((rc = ry_num(d, cw, "probability", 1, 0, 1, &cr->crowd_p))) return rc;
  if ((rc = ry_int(d, cw, "steps", 1, 0, 3, &steps))) return rc;
  cr->crowd_steps = (int)steps;
  cr->crowd_line = ry_line(cw);
  yaml_node_t *ms = ry_get(d, root, "measures");
  if (ms) {
    if ((rc = ry_check_map(d, ms, "measures", vkeys))) return rc;
    for (int v = 0; v < SOSO_VEC_N; v++)
      if ((rc = ry_str(d, ms, soso_vec_name(v), 0, cr->measure[v], sizeof cr->measure[v])))
        return rc;
  }
  return 0;
}

int soso_cumrules_load(soso_cumrules **out, const char *path) {
  *out = NULL;
  soso_cumrules *cr = calloc(1, sizeof *cr);
  if (!cr) return soso_error_set(SOSO_ENOMEM, "out of memory");
  snprintf(cr->path, sizeof cr->path, "%s", path);
  ry_doc d;
  int rc = ry_load(&d, path);
  if (!rc) rc = load(&d, cr);
  ry_free(&d);
  if (rc) {
    free(cr);
    return rc;
  }
  *out = cr;
  return 0;
}

void soso_cumrules_free(soso_cumrules *cr) { free(cr); }
