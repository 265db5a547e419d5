/* value.h - the valuation stage's one entry point: a mine file in, its value, its
 * critical prices, its static plan and the optimal switching policy out.
 *
 * The chain mine -> risk-neutral model (soso_mine_qmodel) -> switching problem ->
 * solver (grid dynamic programming for one price factor, least-squares Monte Carlo
 * for several) -> policy is written here once; `soso value`, `soso simulate`, the
 * impacts and region stages and the report all call soso_value_solve, so one mine
 * file gives one policy everywhere. The solver is the mine's: SOSO_VALUE_AUTO picks
 * the grid for one price factor and LSM for several; LSM's regression paths and
 * seed are options with one default (SOSO_VALUE_OPTS_INIT) for every caller.
 *
 * Money is in the mine file's money_unit at t = 0, before capital cost.
 */
#ifndef SOSO_VALUE_H
#define SOSO_VALUE_H

#include "soso/lsm.h"
#include "soso/mine.h"
#include "soso/sink.h"
#include "soso/valuation.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum soso_value_method {
  SOSO_VALUE_AUTO = 0, /* grid for one price factor, LSM for several */
  SOSO_VALUE_GRID = 1, /* grid dynamic programming (one factor only) */
  SOSO_VALUE_LSM = 2   /* least-squares Monte Carlo (any number of factors) */
} soso_value_method;

/* "grid" or "lsm" ("auto" for SOSO_VALUE_AUTO). */
const char *soso_value_method_name(soso_value_method m);

typedef struct soso_value_opts {
  soso_value_method method; /* solver */
  soso_grid_opts grid;      /* grid settings; lo/hi are widened to the prices */
  size_t lsm_paths;         /* LSM regression paths (>= 64) */
  uint64_t lsm_seed;        /* LSM seed (stream SOSO_STREAM_PRICES) */
  int n_threads;            /* OpenMP threads for LSM; 0: the default */
  const double *prices;     /* first-factor prices to value at besides s0 (may be NULL);
                               LSM: one solve each, one price factor only */
  size_t n_prices;          /* entries in prices */
} soso_value_opts;
#define SOSO_VALUE_OPTS_INIT {SOSO_VALUE_AUTO, SOSO_GRID_OPTS_INIT, 20000, 42, 0, NULL, 0}

/* Values at one first-factor price (standard errors 0 on the grid). */
typedef struct soso_value_point {
  double price;        /* the first factor's price */
  double value_open;   /* open mine, full reserve, t = 0 */
  double value_closed; /* closed mine */
  double value_static; /* the static plan under the same Q */
  double se_open;      /* LSM standard errors (0 for the grid) */
  double se_closed;
} soso_value_point;

/* Everything a valuation found. Plain data owned by its soso_valuation. */
typedef struct soso_value_result {
  const soso_mine *mine;      /* the mine (borrowed: it must outlive the valuation) */
  soso_value_method method;   /* GRID or LSM, as solved */
  size_t n_points;            /* requested prices (n_prices), or 1: s0 when none */
  soso_value_point *points;   /* [n_points] */
  soso_value_point s0;        /* at the file's prices */
  int has_thresholds;         /* grid only: thresholds are set */
  soso_thresholds thresholds; /* critical prices at t = 0, full reserve (grid) */
  soso_grid_info grid;        /* grid facts (grid only) */
  soso_lsm_mine_value lsm;    /* LSM facts of the s0 solve (LSM only) */
  size_t lsm_paths;           /* LSM regression paths used */
  uint64_t lsm_seed;          /* LSM seed used */
  soso_static static_plan;    /* classical NPV, IRR, life */
} soso_value_result;

typedef struct soso_valuation soso_valuation;

/* Solves the mine's switching problem under its risk-neutral model. Errors:
 * SOSO_EUSAGE (grid with several factors; LSM prices with several factors; bad
 * options), the solver's (SOSO_ENUMERIC for a grid that cannot resolve it ...).
 * m must outlive the result. *out NULL on failure; free with soso_value_free. */
int soso_value_solve(soso_valuation **out, const soso_mine *m, const soso_value_opts *o);

/* The results (owned by v). */
const soso_value_result *soso_value_result_of(const soso_valuation *v);

/* The optimal policy at the file's prices (owned by v; for soso_ops_simulate,
 * soso_ops_follow). */
const soso_policy *soso_value_policy(const soso_valuation *v);

/* The grid solution (NULL for LSM), for its policy map and thresholds by date. */
const soso_grid *soso_value_grid(const soso_valuation *v);

/* The policy map and value curves over prices lo..hi (grid only; SOSO_EUSAGE for
 * LSM), PNG/SVG/PDF by extension, written atomically. */
int soso_value_chart(const soso_valuation *v, const char *path, double lo, double hi);

/* The JSON of `soso value --format json` (README.md, "soso value"). */
int soso_value_json(const soso_valuation *v, soso_write_fn write, void *closure);

/* One line naming the solver, e.g. "grid dynamic programming (one price factor)" or
 * "least-squares Monte Carlo (2 price factors, 20000 paths)", into buf (n bytes). */
void soso_value_describe(const soso_valuation *v, char *buf, size_t n);

/* NULL-safe. */
void soso_value_free(soso_valuation *v);

#ifdef __cplusplus
}
#endif
#endif
