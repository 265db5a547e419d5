/* region.h - a district of small mines: one shared market, cumulative impacts on
 * the communities around them, and how to deploy one mobile modular plant.
 *
 * The policy brief (IMP@CT, "Cumulative impacts"): several small deposits in one
 * area "can be integrated into a single business case"; their impacts add up and
 * "depend on whether mining operations are run concurrently or sequentially, how
 * long the positive and negative impacts last, and the level and duration of
 * remediation". This module reads a region file (communities, sites, market,
 * strategy, constraints), simulates every site on the SAME real-world price paths
 * (one market, so switching is correlated across sites), aggregates monthly
 * timelines per community and for the district, rates cumulative significance
 * after the IFC (2013) six-step logic, and sequences the sites for one plant.
 *
 * Times are months from the region's month 0; money is in the region's currency;
 * distances are great-circle (WGS84 geodesic) kilometres.
 */
#ifndef SOSO_REGION_H
#define SOSO_REGION_H

#include <stddef.h>
#include <stdint.h>
#include "soso/sink.h"
#include "soso/summary.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct soso_region soso_region;

/* Pressures on the living environment, each a dimensionless index at the
 * receiving community (1 = one typical operating small mine at its own fence;
 * see the region file documentation in README.md). */
typedef enum soso_pressure {
  SOSO_PRESSURE_NOISE = 0,
  SOSO_PRESSURE_DUST = 1,
  SOSO_PRESSURE_TRAFFIC = 2,
  SOSO_PRESSURE_WATER = 3,
  SOSO_PRESSURE_N = 4
} soso_pressure;

/* Name of a pressure ("noise", ...); "" if out of range. */
const char *soso_region_pressure_name(int p);

/* The state of one site in one month. */
typedef enum soso_site_mode {
  SOSO_SITE_IDLE = 0,        /* not started yet, or never */
  SOSO_SITE_OPEN = 1,        /* producing */
  SOSO_SITE_CARE = 2,        /* closed temporarily: care and maintenance */
  SOSO_SITE_REMEDIATION = 3, /* operations over; rehabilitation under way */
  SOSO_SITE_RESTORED = 4     /* rehabilitation complete */
} soso_site_mode;

typedef enum soso_strategy {
  SOSO_STRATEGY_CONCURRENT = 1, /* each site its own plant, starts at its start month */
  SOSO_STRATEGY_SEQUENTIAL = 2, /* one plant, sites in the file's (or given) order */
  SOSO_STRATEGY_OPTIMISED = 3   /* one plant, order chosen by soso_seq_solve */
} soso_strategy;

/* "concurrent", "sequential", "optimised"; "" if unknown. */
const char *soso_region_strategy_name(soso_strategy s);

/* Loading --------------------------------------------------------------------- */

/* Reads and validates a region file (YAML, see README.md "soso region"). Paths of
 * referenced files (mine files) are relative to the region file's directory.
 * Errors are one line, "FILE:LINE: key: reason"; nothing is returned on failure.
 * *out is owned by the caller (soso_region_free). */
int soso_region_load(soso_region **out, const char *path);

/* The same with the price store for factors that say from_store (in the region's
 * market section or in its mine files); store may be NULL (a from_store factor is
 * then an error saying to import prices or pass --db). The market section is
 * optional: without it the market is the union of the mines' factors, and a
 * factor stated twice with different parameters (region and mine, or two mines)
 * is an error naming both files and lines. */
typedef struct soso_store soso_store;
int soso_region_load_ex(soso_region **out, const char *path, soso_store *store);

/* NULL-safe. */
void soso_region_free(soso_region *region);

/* Read-only views. Indices are in file order. */
const char *soso_region_name(const soso_region *region);
const char *soso_region_currency(const soso_region *region);
soso_strategy soso_region_strategy(const soso_region *region);
size_t soso_region_n_sites(const soso_region *region);
size_t soso_region_n_communities(const soso_region *region);
size_t soso_region_n_months(const soso_region *region); /* horizon in months */
double soso_region_start_year(const soso_region *region); /* calendar year of month 0 */
double soso_region_radius_km(const soso_region *region);   /* constraint radius R */
int soso_region_max_concurrent(const soso_region *region); /* constraint K */
const char *soso_region_site_name(const soso_region *region, size_t site);
const char *soso_region_community_name(const soso_region *region, size_t community);
/* Longitude and latitude (degrees, WGS84). */
void soso_region_site_lonlat(const soso_region *region, size_t site, double *lon, double *lat);
void soso_region_community_lonlat(const soso_region *region, size_t community, double *lon,
                                  double *lat);
/* Why the one mobile plant cannot serve a site ("" when it can): the site file plans
 * a fixed plant, or its ore a month is outside strategy.plant_capacity_t_month. The
 * one-plant strategies leave such a site out and report it. */
const char *soso_region_site_not_served(const soso_region *region, size_t site);
/* The same reason in the reader's language (the catalogs of soso_i18n_setup), numbers
 * written as the language writes them, for documents a person reads; the English
 * string above stays the machine outputs' (region JSON). Writes "" when the plant
 * can serve the site. Always NUL-terminates buf (n >= 1); returns buf. */
char *soso_region_site_not_served_text(char *buf, size_t n, const soso_region *region,
                                       size_t site);
/* The impacts site file a site came from (sites[].site) and the community file of a
 * community (communities[].file), as resolved paths; "" when the entry was inline. */
const char *soso_region_site_file(const soso_region *region, size_t site);
const char *soso_region_community_file(const soso_region *region, size_t community);
/* Geodesic distance in km, computed at load time from the coordinates. */
double soso_region_distance_km(const soso_region *region, size_t site, size_t community);
/* The community a site is assessed for (report, serve): the nearest, by
 * soso_region_distance_km, of the communities that name a file
 * (communities[].file); (size_t)-1 when no community names one. */
size_t soso_region_site_community(const soso_region *region, size_t site);

/* Sequencing one modular plant --------------------------------------------------
 *
 * The deterministic model the optimiser works on (documented in README.md):
 * site i, started at month t, is worth value[i] * (1 + rate)^(-t/12), where
 * value[i] is its expected value when started at month 0 (from the joint
 * simulation). It keeps the plant for op_months[i] (expected months from start to
 * the end of operations), then needs remediation (no plant). The plant moves from
 * i to j in reloc_months[i*n+j] months; each later site j is charged
 * reloc_cost[i*n+j] and credited plant_saving (the modular plant it did not have to
 * buy), both at its start. Crowding: a site may start only when, for every earlier
 * site k that shares a community with it (near[k*n+j] != 0),
 * t >= t_k + op_months[k] + gap_months[k] (remediation time or a stated minimum
 * gap). The first site starts at month 0. Start times are the earliest feasible.
 * Planning rule: the plant goes to a site only if that site's own contribution
 * (its discounted value, plus the plant saving less the relocation cost) is not
 * negative at its start; sites that cannot start before the horizon are dropped.
 * Under this rule an earlier plant-free month or an earlier crowding release can
 * never lower the value of what follows, which makes the dominance of the exact
 * dynamic programme valid. */
enum { SOSO_SEQ_MAX_EXACT = 16, SOSO_REGION_MAX_CANDIDATES = 4 };

typedef struct soso_seq_problem {
  size_t n;                  /* number of sites */
  double *value;             /* [n] value when started at month 0 */
  double *op_months;         /* [n] months holding the plant */
  double *gap_months;        /* [n] months after the end of operations before a new
                                operation may start nearby */
  double *reloc_months;      /* [n*n] relocation time i -> j */
  double *reloc_cost;        /* [n*n] relocation cost i -> j */
  unsigned char *near;       /* [n*n] 1 if sites i and j share a community within R */
  double plant_saving;       /* credited at each start after the first */
  double rate;               /* annual discount rate (effective) */
  double horizon_months;     /* a site must start before this month */
} soso_seq_problem;

typedef struct soso_seq_plan {
  size_t n_used;   /* sites in the sequence */
  size_t *order;   /* [n] site indices, first n_used used; owned by the caller */
  double *start;   /* [n] start month of order[k]; owned by the caller */
  double value;    /* total discounted value of the plan */
} soso_seq_plan;

/* Start months and value of the sites of order[0..n_order) visited in that order.
 * skip = 1 applies the planning rule (a site whose contribution would be negative
 * is passed over); skip = 0 visits every site that can start before the horizon.
 * plan->order and plan->start must hold n entries. */
int soso_region_seq_evaluate(soso_seq_plan *plan, const soso_seq_problem *pb, const size_t *order,
                      size_t n_order, int skip);

/* Exact optimum over ordered subsets by dynamic programming over (set of sites
 * done, last site) with labels (value, plant-free month, crowding release month of
 * each remaining site) pruned by dominance; n <= SOSO_SEQ_MAX_EXACT. Allocates its
 * tables; SOSO_ENOMEM if they do not fit, SOSO_EUSAGE if n is too large. */
int soso_region_seq_solve_exact(soso_seq_plan *plan, const soso_seq_problem *pb);

/* Heuristic for any n: the best of the fixed orders (given, value-descending,
 * nearest-neighbour) and a greedy build, improved by insertion, swap, 2-opt
 * (segment reversal), add and drop moves until none improves (deterministic).
 * given may be NULL. Never worse than any of its starting orders. */
int soso_region_seq_solve_heuristic(soso_seq_plan *plan, const soso_seq_problem *pb,
                             const size_t *given);

/* Brute force over every ordered subset obeying the planning rule (tests; n <= 9). */
int soso_region_seq_solve_brute(soso_seq_plan *plan, const soso_seq_problem *pb);

/* Joint Monte Carlo --------------------------------------------------------------- */

typedef struct soso_region_opts {
  size_t n_paths;   /* price paths (>= 1) */
  uint64_t seed;    /* the seed; goes into every output */
  int n_threads;    /* OpenMP threads; 0: the OpenMP default */
  int strategy;     /* soso_region_analyse: one soso_strategy, or 0 for all three */
  /* soso_region_analyse's progress (may be NULL): strategy name, done, total. */
  void (*progress)(void *closure, const char *what, long done, long total);
  void *closure;    /* passed to progress */
} soso_region_opts;

#define SOSO_REGION_OPTS_INIT {1000, 1, 0, 0, NULL, NULL}


/* Cumulative significance of one valued component (VEC) at one community. */
typedef enum soso_vec {
  SOSO_VEC_EMPLOYMENT = 0, /* positive: direct jobs */
  SOSO_VEC_NOISE = 1,
  SOSO_VEC_DUST = 2,
  SOSO_VEC_TRAFFIC = 3,
  SOSO_VEC_WATER = 4,
  SOSO_VEC_LAND = 5, /* land disturbed and not yet restored */
  SOSO_VEC_N = 6
} soso_vec;

const char *soso_region_vec_name(int v);

typedef struct soso_cumulative {
  double indicator;          /* the cumulative indicator (unit in unit) */
  char unit[96];             /* its unit (from the cumulative rules) */
  double max_single;         /* the largest single site's indicator */
  int magnitude;             /* 0 negligible .. 3 high (cumulative) */
  int magnitude_single;      /* of the largest single site */
  int sensitivity;           /* 0 negligible .. 3 high */
  int significance;          /* 0 negligible, 1 minor, 2 moderate, 3 major */
  int significance_single;   /* largest of the single-site significances */
  int adds_up;               /* 1: minor (or less) alone, more together */
  int positive;              /* 1 for a benefit */
  double months_exposed;     /* expected months the indicator is above the
                                 negligible threshold */
  char reason[1024];         /* why: numbers and the rule */
  char measure[256];         /* IFC step 6: what to manage ("" if not significant) */
} soso_cumulative;

/* Levels and significances are the impacts module's soso_level and
 * soso_significance values (include/soso/impacts.h), stored as int. */

typedef struct soso_region_community_result {
  double p_two_or_more;     /* P(>= 2 operations within R km at the same time) */
  double p_over_k;          /* P(> K operations within R km at the same time) */
  double crowding_mean;     /* mean number of temporal crowding events */
  double p_crowding;        /* P(at least one crowding event) */
  double *jobs_mean;        /* [n_months] direct jobs attributed (mean) */
  double *jobs_q;           /* [n_months*3] 5 %, 50 %, 95 % quantiles */
  double *pressure_mean;    /* [n_months*SOSO_PRESSURE_N] mean pressure index */
  double *land_mean;        /* [n_months] ha disturbed, not restored, within R km */
  double *ops_mean;         /* [n_months] operations within R km (mean) */
  double *wages_mean;       /* [n_months] wages of the jobs attributed (mean) */
  double *fiscal_mean;      /* [n_months] royalties and taxes of the sites it hosts
                               (nearest community; an accounting convention) */
  soso_cumulative vec[SOSO_VEC_N]; /* cumulative significance per VEC */
} soso_region_community_result;

typedef struct soso_region_result {
  soso_strategy strategy;   /* which deployment */
  size_t n_sites, n_communities, n_months, n_paths;
  uint64_t seed;            /* the seed used */
  size_t n_used;            /* sites in the deployment order */
  size_t *order;            /* [n_sites] deployment order (first n_used) */
  double *planned_start;    /* [n_sites] planned start month (expected model) of
                               order[k]; concurrent: each site's start month */
  double planned_value;     /* sequencing model value of the order (one plant) */
  int planned_exact;        /* 1: the optimised order is the exact optimum */
  double heuristic_value;   /* optimised: the heuristic's value (NaN if not run) */
  /* Optimised: the sequencing model ranks orders on expected values, but on a path
   * the plant moves on when a site's operations end, which the model cannot see;
   * so its optimum and the fixed orders (file order, value-descending) are all
   * simulated on the same paths and the best mean NPV is run. */
  size_t n_candidates;      /* orders compared (<= SOSO_REGION_MAX_CANDIDATES) */
  size_t *candidate_order;  /* [SOSO_REGION_MAX_CANDIDATES * n_sites] */
  double *candidate_start;  /* [SOSO_REGION_MAX_CANDIDATES * n_sites] model starts */
  size_t candidate_used[4]; /* sites in each candidate */
  double candidate_model[4];/* sequencing-model value of each */
  double candidate_npv[4];  /* simulated mean district NPV of each */
  const char *candidate_name[4]; /* "model optimum", "heuristic", "file order",
                                    "by value" (static strings) */
  size_t chosen;            /* the candidate that was run */
  /* Per-path indicators summarised over paths. */
  soso_summary npv;            /* district NPV, currency */
  double p_npv_negative;    /* P(NPV < 0) */
  soso_summary jobs_peak;      /* peak district direct jobs */
  soso_summary jobs_mean;      /* mean district direct jobs, first start to last closure */
  soso_summary jobs_cv;        /* coefficient of variation of district direct jobs */
  soso_summary months_no_jobs; /* months with no direct mining jobs (first start to last
                               closure) */
  soso_summary months_no_production; /* months with no site producing, same window */
  soso_summary crowding_events;/* temporal crowding events (distinct site pairs) */
  soso_summary remediation_years; /* sum of remediation durations of started sites */
  soso_summary disturbed_ha_years; /* ha x years disturbed and not restored (horizon) */
  soso_summary sites_started;  /* sites started within the horizon */
  double p_two_or_more_any; /* P(some community sees >= 2 operations at once) */
  int max_concurrent;       /* max over paths and months of district operations */
  double mean_max_concurrent; /* mean over paths of the monthly maximum */
  /* District timelines (means over paths, except jobs_q). */
  double *jobs_mean_t;      /* [n_months] direct jobs */
  double *jobs_q;           /* [n_months*3] 5 %, 50 %, 95 % */
  double *wages_t;          /* [n_months] wage bill */
  double *fiscal_t;         /* [n_months] royalties and taxes */
  double *cash_t;           /* [n_months] cash flow (undiscounted) */
  double *ops_t;            /* [n_months] concurrent operations */
  double *backlog_t;        /* [n_months] sites in remediation */
  double *land_t;           /* [n_months] ha disturbed, not restored */
  double *site_value;       /* [n_sites] mean discounted cash flow of each site */
  double *site_op_months;   /* [n_sites] mean months from start to end of operations */
  double *site_p_started;   /* [n_sites] P(site started within the horizon) */
  double *site_jobs_t;      /* [n_sites*n_months] mean direct jobs of each site */
  double *site_share_t;     /* [n_sites*n_months] mean pressure share of each site
                               (1 open, care_share, remediation_share, else 0) */
  double *site_land_t;      /* [n_sites*n_months] P(site disturbed, not restored) */
  soso_region_community_result *community; /* [n_communities] */
} soso_region_result;

/* Runs the joint Monte Carlo of one strategy (concurrent, sequential, optimised).
 * The optimised and sequential strategies need the per-site expected values and
 * durations, which the function estimates first from a concurrent run on the same
 * paths (one-off, before the main loop). Path i uses random numbers of path index i
 * and results are summed in a fixed order, so they are the same for any number of
 * threads. The loop allocates nothing: workspaces are sized up front per thread.
 * *out is owned by the caller (soso_region_result_free). */
int soso_region_run(soso_region_result **out, const soso_region *region,
                    soso_strategy strategy, const soso_region_opts *opts);

/* NULL-safe. */
void soso_region_result_free(soso_region_result *result);

/* Cumulative significance (IFC 2013 six steps; reference README section 5) ------
 *
 * Step 1 scope: the VECs of soso_vec at each community, spatial extent by distance
 * decay (pressures) and radius R (land), temporal extent the horizon. Step 2 other
 * activities: every site of the region plus the community's stated baseline from
 * activities outside it (step 3 baseline). Step 4: the cumulative indicator is the
 * peak over months of the expected (mean over paths) combined value; each single
 * site is rated the same way alone on the same baseline. Step 5: magnitude from the
 * bands of the cumulative rules file, raised for negative VECs where temporal
 * crowding is likely; sensitivity from the region file; significance from the
 * impacts module's matrix (data/impacts/rules.yaml). A component whose single-site
 * significance is minor or less but whose cumulative significance is higher is
 * flagged adds_up. Step 6: the rules file's measure for significant components. */
typedef struct soso_rules soso_rules;       /* include/soso/impacts.h */
typedef struct soso_cumrules soso_cumrules; /* bands of the cumulative indicators */

/* The shipped cumulative rules (data/region/cumulative.yaml). */
const char *soso_region_cumrules_default_path(void);

/* Loads a cumulative rules file (YAML; FILE:LINE: key: reason errors). */
int soso_region_cumrules_load(soso_cumrules **out, const char *path);
void soso_region_cumrules_free(soso_cumrules *cr);

/* Fills res->community[c].vec[] for every community. rules: the impacts rules
 * (matrix); cr: the cumulative rules. Both are only read. */
int soso_region_cumulative(soso_region_result *res, const soso_region *region,
                           const soso_rules *rules, const soso_cumrules *cr);

/* The sequencing problem of a region given per-site values and operating months
 * (for example from a concurrent run's site_value and site_op_months). Arrays are
 * allocated in *pb and freed by soso_region_seq_problem_free. */
int soso_region_seq_problem(soso_seq_problem *pb, const soso_region *region,
                            const double *value, const double *op_months);
void soso_region_seq_problem_free(soso_seq_problem *pb);

/* The region stage's one entry point ----------------------------------------------
 * Runs the strategies o->strategy names (0: concurrent, sequential and optimised,
 * in that order) on the same paths and rates each one's cumulative significance
 * (soso_region_run, then soso_region_cumulative). `soso region`, the report and the
 * web app call it. rules and cr are only read. *out NULL on failure; free with
 * soso_region_analysis_free. */
typedef struct soso_region_analysis {
  size_t n;                        /* strategies run (1 or 3) */
  soso_region_result *results[3];  /* in the order above */
} soso_region_analysis;

int soso_region_analyse(soso_region_analysis **out, const soso_region *region,
                        const soso_rules *rules, const soso_cumrules *cr,
                        const soso_region_opts *o);
void soso_region_analysis_free(soso_region_analysis *a);

/* Renderings -------------------------------------------------------------------- */

/* The JSON object of `soso region` (README.md): region, sites, communities,
 * "strategies" (one object per result, with timelines and cumulative significance)
 * and "comparison", with a final newline, through a writer (include/soso/sink.h). */
int soso_region_json(const soso_region *region, soso_region_result *const *results,
                     size_t n_results, soso_write_fn write, void *closure);

/* The markdown report of the same content. */
int soso_region_markdown(const soso_region *region, soso_region_result *const *results,
                         size_t n_results, soso_write_fn write, void *closure);

/* Charts (PNG/SVG/PDF by extension, written atomically):
 * employment fan chart per community (5-50-95 % of direct jobs, one panel each); */
int soso_region_chart_employment(const soso_region *region, const soso_region_result *res,
                                 const char *path);
/* expected pressures at each community over time, stacked (one panel each); */
int soso_region_chart_pressures(const soso_region *region, const soso_region_result *res,
                                const char *path);
/* a map (ETRS89-LAEA, EPSG:3035, via PROJ) of the sites and the communities coloured
 * by their highest cumulative significance among adverse components, with the
 * constraint radius; boundaries (any OGR vector file, WGS84) may be NULL. */
int soso_region_map(const soso_region *region, const soso_region_result *res,
                    const char *boundaries, const char *path);
/* The shipped country boundaries (Natural Earth 1:50m extract under data/). */
const char *soso_region_default_boundaries(void);
/* the strategies side by side: NPV, mean jobs, crowding events, remediation. */
int soso_region_chart_strategies(const soso_region *region,
                                 soso_region_result *const *results, size_t n_results,
                                 const char *path);

#ifdef __cplusplus
}
#endif
#endif
