/* io_json.c - the JSON of `soso econ multipliers --format json` (README.md,
 * "soso econ"): the table's sectors, A, the Leontief inverse, the check of L f
 * against total output and the Type I / II multipliers, labelled an upper bound. */
#include "core/json_int.h"
#include "soso/io.h"
#include "soso/error.h"

static json_t *vec(const double *v, size_t n) {
  if (!v) return json_null();
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++) json_array_append_new(a, json_real(v[i]));
  return a;
}

static json_t *mat(const double *m, size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++) json_array_append_new(a, vec(m + i * n, n));
  return a;
}

int soso_io_json(const soso_io_table *t, const soso_io_result *r, const char *name,
                 soso_write_fn write, void *closure) {
  size_t n = r->n;
  json_t *names = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(names, json_string(soso_io_table_sector(t, i)));
  json_t *o = json_object();
  json_object_set_new(o, "table", json_string(name));
  json_object_set_new(o, "label", json_string("upper bound: fixed coefficients, no capacity "
                                              "limits, all induced demand met in the region"));
  json_object_set_new(o, "sectors", names);
  json_object_set_new(o, "technical_coefficients", mat(r->A, n)); /* A */
  json_object_set_new(o, "leontief_inverse", mat(r->L, n));
  json_object_set_new(o, "x_check", vec(r->x_check, n));
  json_object_set_new(o, "output_multipliers",
                      json_pack("{s:o, s:o}", "type1", vec(r->output_type1, n), "type2",
                                vec(r->output_type2, n)));
  json_object_set_new(o, "income_multipliers",
                      json_pack("{s:o, s:o, s:o}", "coefficient", vec(r->income_coef, n),
                                "type1", vec(r->income_type1, n), "type2",
                                vec(r->income_type2, n)));
  json_object_set_new(o, "employment_multipliers",
                      json_pack("{s:o, s:o, s:o}", "jobs_per_output", vec(r->emp_coef, n),
                                "type1", vec(r->emp_type1, n), "type2", vec(r->emp_type2, n)));
  int rc = soso__json_emit(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12),
                          write, closure);
  json_decref(o);
  return rc;
}
