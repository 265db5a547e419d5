/* region_int.h - private structures shared by the files of src/region/.
 *
 * A soso_region is immutable once loaded: the Monte Carlo threads read it
 * concurrently. Distances (site x community, site x site) are computed once at
 * load time. A site's operations come from one of two models:
 *  - SITE_MINE: a mine file, followed along each price path by the SOSO engine's
 *    optimal switching policy (site_ops.c; the engine is include/soso/ops.h);
 *  - SITE_SCHEDULE: a fixed plan stated in the region file (operating months, crew,
 *    monthly cash flow) that does not react to prices - for schedules that are
 *    given (a permit, the reference crowding case) rather than optimised.
 */
#ifndef SOSO_REGION_INT_H
#define SOSO_REGION_INT_H

#include "soso/factor.h"
#include "soso/market.h"
#include "soso/mine.h"
#include "soso/region.h"

#include <stddef.h>

enum { REGION_NAME_MAX = 64, REGION_PATH_MAX = 512 };

typedef enum site_model { SITE_SCHEDULE = 1, SITE_MINE = 2 } site_model;

/* A fixed operating plan (SITE_SCHEDULE). */
typedef struct site_schedule {
  int operating_months;  /* months open from the start */
  double jobs;           /* direct jobs while open */
  double wage_month;     /* gross wage per job and month */
  double fiscal_month;   /* royalties and taxes per month open */
  double cash_month;     /* net cash flow per month open (after wages, taxes) */
  double capex;          /* paid in the start month */
} site_schedule;

typedef struct region_site {
  char name[REGION_NAME_MAX];    /* unique within the region */
  char deposit[REGION_NAME_MAX]; /* deposit id or name ("" if none) */
  double lon, lat;               /* WGS84 degrees */
  int line;                      /* line of the entry in the region file */
  site_model model;              /* which operations model */
  site_schedule sched;           /* SITE_SCHEDULE */
  char mine_path[REGION_PATH_MAX]; /* SITE_MINE: resolved path of the mine file */
  void *mine;                    /* SITE_MINE: engine objects (site_ops.c) */
  int mine_shared;               /* 1: mine points to an earlier site's engine (same
                                    mine file), which owns it */
  int start_month;               /* concurrent strategy: start month */
  double footprint_ha;           /* land disturbed while not restored */
  int remediation_months;        /* rehabilitation after operations end */
  double remediation_cost;       /* schedule sites: spread over the remediation months
                                    (mine sites: the mine file's closure cost) */
  double remediation_jobs;       /* crew during remediation */
  double pressure[SOSO_PRESSURE_N]; /* at source while open (index) */
  double care_share;             /* share of pressures in care and maintenance */
  double remediation_share;      /* share of pressures during remediation */
  double local_share;            /* share of jobs held by people of the region (default
                                    the mine's local_hire, else 1) */
  char site_file[REGION_PATH_MAX]; /* the impacts site file it came from ("" none) */
  int has_plant_flag;            /* 1: the site file states plant.modular */
  int modular;                   /* its plant.modular */
  char not_served[240];          /* why the one mobile plant cannot serve it ("" can) */
} region_site;

typedef struct region_community {
  char name[REGION_NAME_MAX]; /* unique within the region */
  double lon, lat;            /* WGS84 degrees */
  int line;                   /* line of the entry in the region file */
  double population;          /* residents */
  double unemployed;          /* registered unemployed (0 if unknown) */
  double working_age_share;   /* share of residents aged 15-64 */
  char file[REGION_PATH_MAX]; /* impacts community file it came from ("" inline) */
  int sensitivity[SOSO_VEC_N];/* 0 negligible .. 3 high, per VEC */
  double baseline[SOSO_VEC_N];/* pressure from other activities (IFC step 2/3) */
} region_community;

struct soso_region {
  double scen_level;              /* scenario: every factor's s0 times this (1: none) */
  int scen_drift_set;             /* scenario: 1 if every GBM drift is set to scen_drift */
  double scen_drift;              /* scenario: the real-world drift (per year) */
  char name[REGION_NAME_MAX];     /* district name */
  char currency[16];              /* money unit, e.g. "EUR" */
  char path[REGION_PATH_MAX];     /* the region file */
  double start_year;              /* calendar year of month 0 */
  size_t n_months;                /* horizon */
  double discount_rate;           /* annual effective, for NPVs */
  double decay_km[SOSO_PRESSURE_N]; /* e-folding length of each pressure */
  double commute_km;              /* e-folding length of the job attribution */
  soso_pmodel market;             /* real-world dynamics, one market: the region's
                                     market section, else the union of its mines'
                                     factors (region_market_add) */
  soso_factor_origins origin;      /* where each market factor came from */
  int market_stated;              /* factors the region file states (0: no section) */
  int corr_stated;                /* 1: the region file gives market.correlation */
  int market_line;                /* line of the market section */
  unsigned char pair_known[SOSO_MAX_FACTORS][SOSO_MAX_FACTORS]; /* mines' stated pairs */
  double pair_corr[SOSO_MAX_FACTORS][SOSO_MAX_FACTORS];         /* their correlation */
  const char *pair_file[SOSO_MAX_FACTORS][SOSO_MAX_FACTORS];    /* the mine file stating it
                                                                   (its engine owns it) */
  soso_store *store;              /* price store during the load (borrowed), else NULL */
  soso_strategy strategy;         /* the file's strategy */
  size_t *order;                  /* [n_sites] sequential order */
  double reloc_months_base;       /* dismantle + re-commission */
  double reloc_months_per_100km;  /* transport */
  double reloc_cost_base;         /* per move */
  double reloc_cost_per_km;       /* per km moved */
  double plant_cost;              /* modular plant share of each site's capex */
  double plant_min_t_month;       /* the mobile plant's ore capacity range (t a month; */
  double plant_max_t_month;       /*   0 / HUGE_VAL when not stated) */
  double radius_km;               /* R */
  int max_concurrent;             /* K */
  int min_gap_months;             /* -1: gap = remediation complete */
  size_t n_sites, n_communities;
  region_site *sites;             /* [n_sites] */
  region_community *communities;  /* [n_communities] */
  double *dist;                   /* [n_sites*n_communities] km */
  double *site_dist;              /* [n_sites*n_sites] km */
};

/* One site's month-by-month record on one price path (absolute months). Arrays
 * belong to a thread workspace (joint.c) and hold n_months entries. */
typedef struct site_track {
  unsigned char *mode;   /* soso_site_mode */
  double *jobs;          /* direct jobs */
  double *wages;         /* wage bill */
  double *fiscal;        /* royalties and taxes */
  double *cash;          /* net cash flow (undiscounted) */
  long start;            /* start month (-1 never) */
  long close;            /* first month after operations end (n_months if beyond) */
  long restored;         /* first month restored */
} site_track;

/* Per-thread scratch of the site operations models, sized by site_ops_ws_size. */
size_t site_ops_ws_size(const soso_region *region);

/* Follows site s from month start (absolute) to the horizon on the region price
 * path prices[(n_months+1) x n_factors] (step 0 = month 0) and fills tr; months
 * before start are IDLE. ws is per-thread scratch of site_ops_ws_size bytes.
 * Allocates nothing; cannot fail once the region is loaded. */
void site_ops_follow(const soso_region *region, size_t s, const double *prices, long start,
                     site_track *tr, void *ws);

/* Puts mine m's price factors into the region's market: a factor already there
 * must have the same dynamics (else SOSO_EDATA naming both files and lines); a
 * new one is appended when the region file has no market section (an error
 * otherwise, at the region file's line). map[k] receives the market index of the mine's factor k. */
int region_market_add(soso_region *r, const soso_mine *m, int *map, int line);

/* Prepares the engine objects of a SITE_MINE site (load mine file, solve policy);
 * called by the loader. line is the entry's line for error messages. */
int site_ops_prepare(soso_region *region, size_t s, int line);
void site_ops_release(region_site *site);
/* Ore mined a month at full output in tonnes (mine sites with ore_unit t), else -1. */
double site_ops_ore_t_month(const region_site *site);

/* The JSON of soso_region_json as a jansson object (for library callers that embed
 * it); *out is the caller's to json_decref. */
typedef struct json_t json_t;
int region_json_object(json_t **out, const soso_region *r, soso_region_result *const *res,
                       size_t nr);

/* Applies the region's price scenario (region file `scenario:`) to dynamics d:
 * s0 times scen_level, GBM drift scen_drift when set. */
void region_apply_scenario(const soso_region *r, soso_dynamics *d);

#endif
