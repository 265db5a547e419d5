/* value.c - the valuation stage's one entry point (include/soso/value.h): the
 * chain mine -> Q model -> switching problem -> grid or LSM -> policy, written once.
 *
 * Invariants: a soso_valuation owns its solver objects, its policy and its result
 * arrays; it borrows the mine. The grid solve covers every requested price and s0.
 * An LSM valuation solves once per requested price (one factor only) and once at
 * the file's prices; the policy is the latter's. The static value of an LSM point is
 * the static plan at the Q-expected prices (soso_valuation_static_value_q), so its value of
 * flexibility carries the LSM's Monte Carlo error.
 */
#include "soso/value.h"
#include "core/json_int.h"
#include "market/market_int.h"
#include "soso/error.h"
#include "soso/lsm.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct soso_valuation {
  soso_value_result r;  /* what callers read */
  soso_switching sw;    /* the problem at the file's prices (the policy's) */
  soso_grid *grid;      /* grid solution, or NULL */
  soso_lsm_mine *lsm;   /* LSM solution at the file's prices, or NULL */
  soso_policy *policy;  /* the optimal policy */
};

const char *soso_value_method_name(soso_value_method m) {
  return m == SOSO_VALUE_GRID ? "grid" : m == SOSO_VALUE_LSM ? "lsm" : "auto";
}

void soso_value_free(soso_valuation *v) {
  if (!v) return;
  soso_valuation_policy_free(v->policy);
  soso_valuation_grid_free(v->grid);
  soso_lsm_mine_free(v->lsm);
  free(v->r.points);
  free(v);
}

static int solve_grid(soso_valuation *v, const soso_mine *m, const soso_value_opts *o) {
  if (m->pmodel.d.n != 1)
    return soso_error_set(SOSO_EUSAGE, "%s: the grid method takes one price factor, the mine "
                          "has %d price factors (use the lsm method)", m->path, m->pmodel.d.n);
  soso_grid_opts go = o->grid;
  double s0 = m->pmodel.d.f[0].s0;
  go.lo = go.hi = s0;
  for (size_t i = 0; i < o->n_prices; i++) {
    if (o->prices[i] < go.lo) go.lo = o->prices[i];
    if (o->prices[i] > go.hi) go.hi = o->prices[i];
  }
  int rc = soso_valuation_grid_solve(&v->grid, &v->sw, &go);
  if (rc) return rc;
  soso_valuation_grid_get_info(v->grid, &v->r.grid);
  for (size_t i = 0; i < v->r.n_points; i++) {
    soso_value_point *p = &v->r.points[i];
    p->price = o->n_prices ? o->prices[i] : s0;
    if ((rc = soso_valuation_grid_value(v->grid, p->price, &p->value_open, &p->value_closed,
                              &p->value_static)))
      return rc;
  }
  v->r.s0.price = s0;
  if ((rc = soso_valuation_grid_value(v->grid, s0, &v->r.s0.value_open, &v->r.s0.value_closed,
                            &v->r.s0.value_static)) ||
      (rc = soso_valuation_grid_thresholds(v->grid, &v->r.thresholds)))
    return rc;
  v->r.has_thresholds = 1;
  return soso_valuation_grid_policy(&v->policy, v->grid);
}

/* One LSM solve with the first factor's s0 replaced by s0 (> 0), into *pt, on the
 * problem stored in *sw; the solver is kept in *keep when keep is not NULL (it
 * points to *sw, which must then outlive it). */
static int lsm_at(const soso_mine *m, double s0, const soso_value_opts *o, soso_switching *sw,
                  soso_value_point *pt, soso_lsm_mine **keep, soso_lsm_mine_value *facts) {
  soso_qmodel q;
  soso_lsm_mine *lm = NULL;
  int rc = soso_mine_qmodel(&q, m);
  if (rc == 0 && s0 > 0.0) q.d.f[0].s0 = s0;
  if (rc == 0) rc = soso_valuation_switching_init(sw, m, &q);
  soso_lsm_mine_opts lo = SOSO_LSM_MINE_OPTS_INIT;
  lo.n_paths = o->lsm_paths;
  lo.seed = o->lsm_seed;
  lo.n_threads = o->n_threads;
  if (rc == 0) rc = soso_lsm_mine_solve(&lm, sw, &lo);
  if (rc == 0) {
    soso_lsm_mine_value lv;
    soso_lsm_mine_get_value(lm, &lv);
    pt->price = q.d.f[0].s0;
    pt->value_open = lv.value_open;
    pt->value_closed = lv.value_closed;
    pt->se_open = lv.se_open;
    pt->se_closed = lv.se_closed;
    if (facts) *facts = lv;
    rc = soso_valuation_static_value_q(&pt->value_static, sw);
  }
  if (rc == 0 && keep)
    *keep = lm;
  else
    soso_lsm_mine_free(lm);
  return rc;
}

static int solve_lsm(soso_valuation *v, const soso_mine *m, const soso_value_opts *o) {
  if (o->n_prices > 0 && m->pmodel.d.n > 1)
    return soso_error_set(SOSO_EUSAGE, "--price: the mine has %d price factors; the LSM method "
                          "values it at the file's s0", m->pmodel.d.n);
  if (o->lsm_paths < 64)
    return soso_error_set(SOSO_EUSAGE, "lsm: %zu regression paths (at least 64)", o->lsm_paths);
  v->r.lsm_paths = o->lsm_paths;
  v->r.lsm_seed = o->lsm_seed;
  int rc = 0;
  for (size_t i = 0; i < o->n_prices && rc == 0; i++) {
    soso_switching sw;
    rc = lsm_at(m, o->prices[i], o, &sw, &v->r.points[i], NULL, NULL);
  }
  if (rc == 0) rc = lsm_at(m, 0.0, o, &v->sw, &v->r.s0, &v->lsm, &v->r.lsm);
  if (rc) return rc;
  if (o->n_prices == 0) v->r.points[0] = v->r.s0;
  return soso_lsm_mine_policy(&v->policy, v->lsm);
}

int soso_value_solve(soso_valuation **out, const soso_mine *m, const soso_value_opts *o) {
  *out = NULL;
  soso_value_opts def = SOSO_VALUE_OPTS_INIT;
  if (!o) o = &def;
  if (!m || (o->n_prices && !o->prices))
    return soso_error_set(SOSO_EUSAGE, "value: bad arguments");
  for (size_t i = 0; i < o->n_prices; i++)
    if (!(o->prices[i] > 0.0) || !isfinite(o->prices[i]))
      return soso_error_set(SOSO_EUSAGE, "value: price %g is not a positive number",
                            o->prices[i]);
  soso_valuation *v = calloc(1, sizeof *v);
  size_t n = o->n_prices ? o->n_prices : 1;
  if (v) v->r.points = calloc(n, sizeof *v->r.points);
  if (!v || !v->r.points) {
    soso_value_free(v);
    return soso_error_set(SOSO_ENOMEM, "value: out of memory");
  }
  v->r.mine = m;
  v->r.n_points = n;
  v->r.method = o->method != SOSO_VALUE_AUTO ? o->method
                : m->pmodel.d.n == 1          ? SOSO_VALUE_GRID
                                              : SOSO_VALUE_LSM;
  soso_qmodel q;
  int rc = soso_mine_qmodel(&q, m);
  if (rc == 0) rc = soso_valuation_switching_init(&v->sw, m, &q);
  if (rc == 0)
    rc = v->r.method == SOSO_VALUE_GRID ? solve_grid(v, m, o) : solve_lsm(v, m, o);
  if (rc == 0) rc = soso_valuation_static_plan(&v->r.static_plan, m);
  if (rc) {
    soso_value_free(v);
    return rc;
  }
  *out = v;
  return 0;
}

void soso_value_describe(const soso_valuation *v, char *buf, size_t n) {
  if (v->r.method == SOSO_VALUE_GRID)
    snprintf(buf, n, "grid dynamic programming (one price factor)");
  else
    snprintf(buf, n, "least-squares Monte Carlo (%d price factors, %zu paths)",
             v->r.mine->pmodel.d.n, v->r.lsm_paths);
}

const soso_value_result *soso_value_result_of(const soso_valuation *v) { return &v->r; }
const soso_policy *soso_value_policy(const soso_valuation *v) { return v->policy; }
const soso_grid *soso_value_grid(const soso_valuation *v) { return v->grid; }

int soso_value_chart(const soso_valuation *v, const char *path, double lo, double hi) {
  if (!v->grid)
    return soso_error_set(SOSO_EUSAGE, "the policy chart needs the grid method");
  return soso_valuation_grid_chart(v->grid, path, lo, hi);
}

/* A threshold as JSON: null when the switch never (or always) happens on the grid. */
static json_t *jthr(double x, const soso_grid_info *in) {
  return (isfinite(x) && x > in->s_min && x < in->s_max) ? json_real(x) : json_null();
}

static json_t *grid_json(const soso_value_result *r) {
  const soso_mine *m = r->mine;
  const soso_factor *f = &m->pmodel.d.f[0];
  json_t *o = json_object(), *pts = json_array(), *th = json_object(), *grid = json_object();
  for (size_t i = 0; i < r->n_points; i++)
    json_array_append_new(pts, json_pack("{s:f,s:f,s:f,s:f}", "price", r->points[i].price,
                                         "value_open", r->points[i].value_open, "value_closed",
                                         r->points[i].value_closed, "value_static",
                                         r->points[i].value_static));
  const soso_thresholds *t = &r->thresholds;
  json_object_set_new(th, "close_below", jthr(t->close_below, &r->grid));
  json_object_set_new(th, "reopen_above", jthr(t->reopen_above, &r->grid));
  json_object_set_new(th, "abandon_open_below", jthr(t->abandon_open_below, &r->grid));
  json_object_set_new(th, "abandon_closed_below", jthr(t->abandon_closed_below, &r->grid));
  json_object_set_new(grid, "price_nodes", json_integer((json_int_t)r->grid.n_nodes));
  json_object_set_new(grid, "dx", json_real(r->grid.dx));
  json_object_set_new(grid, "price_min", json_real(r->grid.s_min));
  json_object_set_new(grid, "price_max", json_real(r->grid.s_max));
  json_object_set_new(grid, "decision_dates", json_integer((json_int_t)r->grid.n_dates));
  json_object_set_new(grid, "reserve_levels", json_integer((json_int_t)r->grid.n_levels));
  json_object_set_new(grid, "band", json_integer((json_int_t)r->grid.band));
  json_object_set_new(grid, "irregular_points", json_integer((json_int_t)r->grid.irregular));
  json_object_set_new(o, "mine", json_string(m->name));
  json_object_set_new(o, "file", json_string(m->path));
  json_object_set_new(o, "method", json_string("grid"));
  json_object_set_new(o, "money_unit", json_string(m->money_unit));
  json_object_set_new(o, "commodity", json_string(f->name));
  json_object_set_new(o, "price_unit", json_string(f->unit));
  json_object_set_new(o, "points", pts);
  json_object_set_new(o, "thresholds", th);
  json_object_set_new(o, "s0", json_real(f->s0));
  json_object_set_new(o, "value_open_s0", json_real(r->s0.value_open));
  json_object_set_new(o, "value_closed_s0", json_real(r->s0.value_closed));
  json_object_set_new(o, "static_value", json_real(r->s0.value_static));
  json_object_set_new(o, "value_of_flexibility",
                      json_real(r->s0.value_open - r->s0.value_static));
  json_object_set_new(o, "capital_cost", json_real(m->capital_cost));
  json_object_set_new(o, "flexible_npv", json_real(r->s0.value_open - m->capital_cost));
  json_object_set_new(o, "static_npv", json_real(r->static_plan.npv));
  json_object_set_new(o, "irr",
                      r->static_plan.has_irr ? json_real(r->static_plan.irr) : json_null());
  json_object_set_new(o, "life_years", json_real(r->static_plan.life_years));
  json_object_set_new(o, "grid", grid);
  soso__json_add_origin(o, &m->origin, &m->pmodel.d);
  return o;
}

static json_t *lsm_json(const soso_value_result *r) {
  const soso_mine *m = r->mine;
  json_t *o = json_object(), *pts = json_array(), *s0 = json_object();
  for (size_t i = 0; i < r->n_points; i++) {
    const soso_value_point *p = &r->points[i];
    json_array_append_new(pts, json_pack("{s:f,s:f,s:f,s:f,s:f,s:f}", "price", p->price,
                                         "value_open", p->value_open, "value_closed",
                                         p->value_closed, "se_open", p->se_open, "se_closed",
                                         p->se_closed, "value_static", p->value_static));
  }
  for (int f = 0; f < m->pmodel.d.n; f++)
    json_object_set_new(s0, m->pmodel.d.f[f].name, json_real(m->pmodel.d.f[f].s0));
  const soso_value_point *z = &r->s0;
  json_object_set_new(o, "mine", json_string(m->name));
  json_object_set_new(o, "file", json_string(m->path));
  json_object_set_new(o, "method", json_string("lsm"));
  json_object_set_new(o, "money_unit", json_string(m->money_unit));
  json_object_set_new(o, "commodity", json_string(m->pmodel.d.f[0].name));
  json_object_set_new(o, "price_unit", json_string(m->pmodel.d.f[0].unit));
  json_object_set_new(o, "points", pts);
  json_object_set_new(o, "thresholds", json_null());
  json_object_set_new(o, "s0", json_real(z->price));
  json_object_set_new(o, "prices_s0", s0);
  json_object_set_new(o, "value_open_s0", json_real(z->value_open));
  json_object_set_new(o, "se_open_s0", json_real(z->se_open));
  json_object_set_new(o, "value_closed_s0", json_real(z->value_closed));
  json_object_set_new(o, "static_value", json_real(z->value_static));
  json_object_set_new(o, "value_of_flexibility", json_real(z->value_open - z->value_static));
  json_object_set_new(o, "capital_cost", json_real(m->capital_cost));
  json_object_set_new(o, "flexible_npv", json_real(z->value_open - m->capital_cost));
  json_object_set_new(o, "static_npv", json_real(r->static_plan.npv));
  json_object_set_new(o, "irr",
                      r->static_plan.has_irr ? json_real(r->static_plan.irr) : json_null());
  json_object_set_new(o, "life_years", json_real(r->static_plan.life_years));
  json_object_set_new(o, "lsm", json_pack("{s:I,s:I,s:I,s:I,s:I}", "paths",
                                          (json_int_t)r->lsm_paths, "seed",
                                          (json_int_t)r->lsm_seed, "basis",
                                          (json_int_t)r->lsm.n_basis, "decision_dates",
                                          (json_int_t)r->lsm.n_dates, "reserve_levels",
                                          (json_int_t)r->lsm.n_levels));
  soso__json_add_origin(o, &m->origin, &m->pmodel.d);
  return o;
}

int soso_value_json(const soso_valuation *v, soso_write_fn write, void *closure) {
  json_t *o = v->r.method == SOSO_VALUE_GRID ? grid_json(&v->r) : lsm_json(&v->r);
  if (!o) return soso_error_set(SOSO_ENOMEM, "out of memory");
  int rc = soso__json_emit(o, JSON_INDENT(2) | JSON_REAL_PRECISION(10) | JSON_PRESERVE_ORDER,
                          write, closure);
  json_decref(o);
  return rc;
}
