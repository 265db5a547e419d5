/* joint_int.h - the joint Monte Carlo engine's private interface (joint.c) and the
 * per-run geometry and outputs that region_run.c prepares and summarises.
 *
 * Invariants: a joint_ctx is read-only during the parallel loop except for the
 * per-path slots of joint_out (path p writes only index p) and the accumulator of
 * the block being run (one thread per block).
 */
#ifndef SOSO_REGION_JOINT_INT_H
#define SOSO_REGION_JOINT_INT_H

#include "region/region_int.h"
#include "soso/rng.h"

#include <stddef.h>

/* District monthly fields of a block accumulator, then JC_N per community, then
 * JS_N per site. */
enum { J_JOBS, J_WAGES, J_FISCAL, J_CASH, J_OPS, J_BACKLOG, J_LAND, J_N };
enum { JC_JOBS = 0, JC_P0 = 1, JC_LAND = JC_P0 + SOSO_PRESSURE_N, JC_OPS, JC_WAGES, JC_FISCAL, JC_N };
enum { JS_JOBS, JS_SHARE, JS_LAND, JS_N };

/* Geometry and rules of one run, derived from the region. */
typedef struct joint_geo {
  double *w_jobs;         /* [ns*nc] share of site jobs attributed to community */
  size_t *host;           /* [ns] the community nearest each site (its host) */
  double *decay;          /* [ns*nc*SOSO_PRESSURE_N] exp(-d / L) */
  unsigned char *near_sc; /* [ns*nc] site within R km of community */
  unsigned char *near_ss; /* [ns*ns] sites share a community within R km */
  long *gap;              /* [ns] months after operations end before a new start nearby */
  long *reloc_m;          /* [ns*ns] relocation months (whole, rounded up) */
  double *reloc_c;        /* [ns*ns] relocation cost */
  double *disc;           /* [n_months] (1 + rate)^(-m/12) */
  double *pshare;         /* [ns*nc*3*SOSO_PRESSURE_N] pressure[q] * share * decay[q] of
                             site i at community c with share 1 (open), care_share,
                             remediation_share: the accumulation's products, made once */
} joint_geo;

/* Per-path outputs ([n_paths], or [n_paths*ns] / [n_paths*nc] where noted). */
typedef struct joint_out {
  size_t n_paths;
  double *npv, *started, *rem_years, *ha_years;
  double *jobs_peak, *jobs_mean, *jobs_cv, *no_jobs, *no_prod, *crowd;
  int *max_ops;
  double *site_val, *site_op, *site_start; /* [n_paths*ns] */
  unsigned char *two_plus, *over_k;        /* [n_paths*nc] */
  double *crowd_c;                         /* [n_paths*nc] */
  float *fan; /* [(1+nc) * n_paths * n_months]: district, then each community; NULL in
                 light runs */
} joint_out;

typedef struct joint_ctx {
  const soso_region *r;
  soso_rng rng;          /* price stream of the seed */
  joint_geo g;
  int one_plant;         /* 0: concurrent; 1: one plant along order */
  int all_at_zero;       /* concurrent with every site at month 0 (pre-pass) */
  int light;             /* per-site values only (pre-pass): no timelines */
  const size_t *order;   /* one plant: the order */
  size_t n_used;         /* one plant: sites in the order */
  double *acc;           /* [n_blocks * n_months * fields], NULL when light */
  joint_out *out;
} joint_ctx;

size_t joint_fields(size_t n_communities, size_t n_sites);
size_t joint_blocks(size_t n_paths);

/* Runs every path; fills x->out and x->acc. Allocates the per-thread workspaces
 * before the loop and nothing inside it. */
int joint_simulate(joint_ctx *x, int n_threads);

#endif
