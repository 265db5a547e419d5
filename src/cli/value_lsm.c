/* value_lsm.c - `soso value --method lsm`: values a mine with any number of price
 * factors by least-squares Monte Carlo (src/valuation/lsm_mine.c, the lsm helper's
 * solver of the same switching problem), with the static plan beside it.
 *
 * Each requested price is a separate solve from that price (one factor only). The
 * static value is the plan at the Q-expected prices (soso_static_value_q), so the
 * value of flexibility carries the LSM's Monte Carlo error (se_open).
 */
#include "cli/value_lsm.h"
#include "cli/cli.h"
#include "soso/error.h"
#include "soso/text.h"
#include "soso/lsm.h"
#include "soso/valuation.h"

#include <jansson.h>
#include <stdlib.h>

typedef struct lsm_point {
  double price;            /* first factor's price (s0 of the run) */
  soso_lsm_mine_value v;   /* LSM values and standard errors */
  double static_value;     /* static plan under Q */
} lsm_point;

static int solve_at(const soso_mine *m, double s0, size_t paths, uint64_t seed, lsm_point *pt) {
  soso_qmodel q;
  soso_switching sw;
  soso_lsm_mine *lm = NULL;
  int rc = soso_mine_qmodel(&q, m);
  if (rc == SOSO_OK && s0 > 0.0) q.d.f[0].s0 = s0;
  if (rc == SOSO_OK) rc = soso_switching_init(&sw, m, &q);
  soso_lsm_mine_opts o = SOSO_LSM_MINE_OPTS_INIT;
  o.n_paths = paths;
  o.seed = seed;
  if (rc == SOSO_OK) rc = soso_lsm_mine_solve(&lm, &sw, &o);
  if (rc == SOSO_OK) {
    soso_lsm_mine_get_value(lm, &pt->v);
    pt->price = q.d.f[0].s0;
    rc = soso_static_value_q(&pt->static_value, &sw);
  }
  soso_lsm_mine_free(lm);
  return rc;
}

static void print_table(const soso_mine *m, const lsm_point *pt, size_t n, const soso_static *st,
                        size_t paths, uint64_t seed) {
  printf("%s (%s), least-squares Monte Carlo (%zu paths, seed %llu), money in %s\n", m->name,
         m->path, paths, (unsigned long long)seed, m->money_unit);
  printf("%12s %14s %10s %14s %10s %14s\n", "price", "open mine", "se", "closed mine", "se",
         "static plan");
  for (size_t i = 0; i < n; i++)
    printf("%12.6g %14.6f %10.6f %14.6f %10.6f %14.6f\n", pt[i].price, pt[i].v.value_open,
           pt[i].v.se_open, pt[i].v.value_closed, pt[i].v.se_closed, pt[i].static_value);
  const lsm_point *z = &pt[n];
  printf("at s0 = %g: open %.6f (se %.6f), static %.6f, value of flexibility %.6f\n", z->price,
         z->v.value_open, z->v.se_open, z->static_value, z->v.value_open - z->static_value);
  char cap[48]; /* money without scientific notation */
  printf("static plan: NPV %.6f (capital %s, life %.4g years), IRR %s", st->npv,
         soso_text_sig(cap, sizeof cap, m->capital_cost, 6, ","), st->life_years, st->has_irr ? "" : "none\n");
  if (st->has_irr) printf("%.4f%% per year (continuous)\n", 100.0 * st->irr);
  printf("critical prices: not reported by the LSM method (use --method grid for one factor)\n");
}

static int print_json(const soso_mine *m, const lsm_point *pt, size_t n, const soso_static *st,
                      size_t paths, uint64_t seed) {
  json_t *o = json_object(), *pts = json_array(), *s0 = json_object();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(
        pts, json_pack("{s:f,s:f,s:f,s:f,s:f,s:f}", "price", pt[i].price, "value_open",
                       pt[i].v.value_open, "value_closed", pt[i].v.value_closed, "se_open",
                       pt[i].v.se_open, "se_closed", pt[i].v.se_closed, "value_static",
                       pt[i].static_value));
  for (int f = 0; f < m->pmodel.d.n; f++)
    json_object_set_new(s0, m->pmodel.d.f[f].name, json_real(m->pmodel.d.f[f].s0));
  const lsm_point *z = &pt[n];
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
  json_object_set_new(o, "value_open_s0", json_real(z->v.value_open));
  json_object_set_new(o, "se_open_s0", json_real(z->v.se_open));
  json_object_set_new(o, "value_closed_s0", json_real(z->v.value_closed));
  json_object_set_new(o, "static_value", json_real(z->static_value));
  json_object_set_new(o, "value_of_flexibility", json_real(z->v.value_open - z->static_value));
  json_object_set_new(o, "capital_cost", json_real(m->capital_cost));
  json_object_set_new(o, "flexible_npv", json_real(z->v.value_open - m->capital_cost));
  json_object_set_new(o, "static_npv", json_real(st->npv));
  json_object_set_new(o, "irr", st->has_irr ? json_real(st->irr) : json_null());
  json_object_set_new(o, "life_years", json_real(st->life_years));
  json_object_set_new(o, "lsm", json_pack("{s:I,s:I,s:I,s:I,s:I}", "paths", (json_int_t)paths,
                                          "seed", (json_int_t)seed, "basis",
                                          (json_int_t)z->v.n_basis, "decision_dates",
                                          (json_int_t)z->v.n_dates, "reserve_levels",
                                          (json_int_t)z->v.n_levels));
  char *s = json_dumps(o, JSON_INDENT(2) | JSON_REAL_PRECISION(10) | JSON_PRESERVE_ORDER);
  json_decref(o);
  if (!s) {
    fprintf(stderr, "soso value: out of memory\n");
    return CLI_ERR;
  }
  puts(s);
  free(s);
  return CLI_OK;
}

int value_lsm(const soso_mine *m, const double *prices, size_t n_prices, int json,
              size_t paths, uint64_t seed) {
  if (n_prices > 0 && m->pmodel.d.n > 1)
    return cli_usage("value", "--price: the mine has %d price factors; the LSM method values "
                     "it at the file's s0", m->pmodel.d.n);
  lsm_point *pt = calloc(n_prices + 1, sizeof *pt);
  if (!pt) {
    soso_error_set(SOSO_ENOMEM, "value: out of memory");
    return cli_fail();
  }
  int rc = SOSO_OK;
  for (size_t i = 0; i < n_prices && rc == SOSO_OK; i++)
    rc = solve_at(m, prices[i], paths, seed, &pt[i]);
  if (rc == SOSO_OK) rc = solve_at(m, 0.0, paths, seed, &pt[n_prices]);
  soso_static st;
  if (rc == SOSO_OK) rc = soso_static_plan(&st, m);
  if (rc < 0) {
    free(pt);
    return cli_fail();
  }
  /* With no --price the table shows the file's prices (the s0 run). */
  size_t n = n_prices ? n_prices : 1;
  const lsm_point *rows = n_prices ? pt : pt + n_prices;
  lsm_point *all = calloc(n + 1, sizeof *all);
  if (!all) {
    free(pt);
    soso_error_set(SOSO_ENOMEM, "value: out of memory");
    return cli_fail();
  }
  for (size_t i = 0; i < n; i++) all[i] = rows[i];
  all[n] = pt[n_prices];
  if (json)
    rc = print_json(m, all, n, &st, paths, seed);
  else
    print_table(m, all, n, &st, paths, seed), rc = CLI_OK;
  free(all);
  free(pt);
  return rc;
}
