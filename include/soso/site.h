/* site.h - a mine site for impact assessment: the mine file plus what the mine
 * file does not say (location, local hire, housing of external workers, footprint,
 * tailings, reagents, water, trucks, noise/dust/vibration sources and hours,
 * closure plan), and the drivers the assessment reads.
 *
 * The site file (YAML; every key in examples/drina/veliki-majdan.site.yaml)
 * names its mine file with `mine: PATH`, relative to the site file's folder.
 * Drivers come from the mine file and, when available, the operations simulation
 * of the SOSO engine (months open, restarts, layoffs); without it they come from
 * the static plan (always open at full capacity until the reserve is exhausted)
 * and say so in `basis`.
 *
 * Money: the mine file's money unit is converted to EUR with the site's
 * `eur_per_money_unit` (1 when the unit is "EUR").
 */
#ifndef SOSO_SITE_H
#define SOSO_SITE_H

#include "soso/mine.h"
#include "soso/ops.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum soso_tailings {
  SOSO_TAILINGS_BACKFILL = 0,  /* paste/hydraulic backfill underground */
  SOSO_TAILINGS_DRY_STACK = 1, /* filtered, stacked on surface */
  SOSO_TAILINGS_POND = 2       /* slurry behind a dam */
} soso_tailings;

typedef enum soso_emission_kind {
  SOSO_EMIT_NOISE = 0,
  SOSO_EMIT_DUST = 1,
  SOSO_EMIT_VIBRATION = 2
} soso_emission_kind;

typedef struct soso_emission {
  soso_emission_kind kind; /* noise, dust or vibration */
  char *source;            /* e.g. "ventilation fan at the portal" (owned) */
  double hours_per_day;    /* hours a day it runs, 0..24 */
  int night;               /* 1 if it runs between 22:00 and 06:00 */
} soso_emission;

/* Everything the assessment reads about a site. Plain data; names and lists point
 * into the soso_site (or the caller's storage) and live as long as it does. */
typedef struct soso_site_drivers {
  const char *name;               /* site name */
  /* workforce and money (EUR) */
  double direct_jobs;             /* workers while open (mine operating_crew) */
  double care_jobs;               /* workers kept in care and maintenance */
  double local_hire_share;        /* share hired locally, 0..1 */
  double external_workers_housed; /* external workers needing housing locally */
  double wage_eur_month;          /* gross wage per worker per month (0: unknown) */
  double revenue_eur_year;        /* at time-0 prices and full output */
  double royalties_eur_year;      /* expected royalties per active year, to the state */
  double royalty_local_share;     /* share of royalties passed to the municipality */
  double local_taxes_eur_year;    /* other local taxes and fees */
  double capex_eur;               /* initial investment */
  double closure_cost_eur;        /* closure and rehabilitation */
  double closure_years;           /* duration of closure works */
  double care_cost_eur_year;      /* care and maintenance per year while closed */
  /* ore */
  double reserve_t;               /* mineable reserve, t */
  double ore_per_year_t;          /* at full output, t/year */
  double life_years;              /* expected operating life (see basis) */
  /* operations: SOSO simulation or static plan */
  int from_operations;            /* 1: from the operations simulation */
  char basis[256];                /* one line saying which */
  double months_open_share;       /* expected share of months open, 0..1 */
  double restarts_per_year;       /* expected reopenings per year of life */
  double mean_spell_months;       /* mean length of an open spell */
  double layoff_probability;      /* P(a worker hired at start is laid off within 12 months) */
  double temp_closure_years;      /* long closed spell to cover (guarantee); 0 unknown */
  /* site */
  double lat, lon;                /* WGS84 degrees */
  double footprint_ha;            /* surface disturbed, ha */
  soso_tailings tailings;         /* tailings approach */
  double reagent_kg_per_t;        /* processing reagents per t of ore */
  double water_m3_per_t;          /* fresh water per t of ore */
  double trucks_per_day;          /* heavy truck movements per day (both ways) */
  double operating_hours_per_day; /* site operating hours */
  int night_work;                 /* 1 if any source runs at night */
  size_t n_noise, n_dust, n_vibration; /* emission sources by kind */
  int underground;                /* 1 underground, 0 open pit */
  int selective;                  /* 1 selective mining (cut-and-fill, stoping) */
  int modular_plant;              /* 1 modular processing plant */
  int redeployable;               /* 1 plant designed to be moved to the next deposit */
  int automation;                 /* 0 low, 1 medium, 2 high */
  const char *const *land_use;    /* post-closure land-use options */
  size_t n_land_use;
  const char *closure_plan;       /* short description, may be NULL */
  const char *io_table;           /* regional input-output table path, or NULL */
  const char *io_sector;          /* the mine's sector in it, or NULL */
} soso_site_drivers;

typedef struct soso_site soso_site;

/* Loads a site file and the mine file it names. Errors "FILE:LINE: key: reason"
 * (from either file). *out NULL on failure; free with soso_site_free. */
int soso_site_load(soso_site **out, const char *path);
/* The same with the price store for a mine file whose factors say from_store
 * (soso_mine_load_ex); store may be NULL. */
int soso_site_load_ex(soso_site **out, const char *path, soso_store *store);
void soso_site_free(soso_site *site);

/* The loaded mine (owned by the site). */
const soso_mine *soso_site_mine(const soso_site *site);
const char *soso_site_name(const soso_site *site);

/* Drivers from the static plan: open at full capacity from t = 0 until the reserve
 * is used up, no temporary closures. basis says so. Pointers in *out live as long
 * as site. */
int soso_site_drivers_static(soso_site_drivers *out, const soso_site *site);

/* Drivers from the operations simulation (soso_ops_simulate of the SOSO engine):
 * the static drivers, then what switching changes, each an expectation over the
 * simulated real-world price paths:
 *  - life_years: expected active years (open or in care and maintenance) within
 *    the simulated horizon, sum over months of (share open + share closed) / 12;
 *  - months_open_share: expected open months / expected active months;
 *  - restarts_per_year: (mean switches per path / 2) / life_years (a switch is
 *    either a closure or a reopening);
 *  - mean_spell_months: mean open spell; layoff_probability: p_layoff_12;
 *  - temp_closure_years: 95th percentile of closed spells / 12 (the guarantee must
 *    cover a long temporary closure);
 *  - royalties_eur_year: mean total royalties per path / life_years, in EUR
 *    (nominal, undiscounted).
 * r must come from the site's own mine. basis says so and names paths and seed. */
int soso_site_drivers_from_ops(soso_site_drivers *out, const soso_site *site,
                               const soso_ops_result *r);

/* Runs the SOSO engine for the site's mine: its valuation (soso_value_solve with
 * SOSO_VALUE_OPTS_INIT: grid for one price factor, least-squares Monte Carlo for
 * several, the same policy as `soso value` and `soso simulate`) and its policy
 * followed along o->n_paths real-world price paths over o->years. method
 * (may be NULL) receives a short description of the solver. *out NULL on failure;
 * free with soso_ops_result_free. */
int soso_site_operations(soso_ops_result **out, const soso_site *site,
                         const soso_ops_opts *o, char *method, size_t method_n);

/* EUR per mine money unit used for the site. */
double soso_site_eur_per_money_unit(const soso_site *site);

/* "backfill", "dry_stack", "pond"; "low"/"medium"/"high" for automation. */
const char *soso_site_tailings_name(soso_tailings t);

#ifdef __cplusplus
}
#endif
#endif
