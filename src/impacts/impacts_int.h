/* impacts_int.h - private structures of the impacts module: the indicator
 * registry, parsed rules, and helpers shared by rules.c, indicators.c, assess.c
 * and the renderers.
 *
 * Invariants: indicator ids index k_impacts_ind (IND_COUNT entries, fixed order);
 * every rule condition refers to a valid indicator id and, for categorical
 * indicators, a threshold that is one of its words' indices; a rules file holds at
 * most SOSO_DIM_MAX dimensions with at most SOSO_DIM_MAX_* items each.
 */
#ifndef SOSO_IMPACTS_INT_H
#define SOSO_IMPACTS_INT_H

#include "soso/impacts.h"

#include <jansson.h>
#include <stddef.h>

typedef enum ind_id {
  /* community */
  IND_POPULATION, IND_WORKING_AGE_POP, IND_UNEMPLOYMENT_RATE, IND_UNEMPLOYED,
  IND_AVERAGE_WAGE, IND_VACANT_DWELLINGS, IND_MINING_HISTORY, IND_YEARS_SINCE_MINING,
  IND_NEAREST_NATURA, IND_NEAREST_LANDSCAPE, IND_NEAREST_HERITAGE, IND_NEAREST_PROTECTED,
  IND_TOURISM_SHARE, IND_ENV_AGRI_SHARE, IND_ENV_DEP_SHARE, IND_GOV_CAPACITY,
  IND_NEAREST_DWELLINGS, IND_SURVEY_ALPHA, IND_SURVEY_MEAN_SHARE, IND_ACCEPTANCE,
  /* residents' survey in the store (soso survey; community.residents) */
  IND_RES_CONTACT_QUALITY, IND_RES_FAIRNESS, IND_RES_TRUST, IND_RES_BENEFITS, IND_RES_FEARS,
  IND_RES_ACCEPTANCE,
  /* site: workforce and money */
  IND_DIRECT_JOBS, IND_LOCAL_HIRE, IND_LOCAL_JOBS, IND_LOCAL_JOBS_PER_1000,
  IND_LOCAL_JOBS_SHARE_UNEMP, IND_EXTERNAL_HOUSED, IND_EXTERNAL_PER_VACANT,
  IND_EXTERNAL_SHARE_POP, IND_MINE_WAGE, IND_WAGE_RATIO, IND_LOCAL_WAGE_BILL,
  IND_ROYALTIES, IND_LOCAL_PUBLIC_REVENUE, IND_LOCAL_INCOME_PER_CAPITA,
  IND_INDIRECT_JOBS, IND_INDUCED_JOBS,
  /* site: physical */
  IND_FOOTPRINT, IND_TAILINGS, IND_REAGENT_PER_T, IND_REAGENT_PER_YEAR, IND_WATER_PER_T,
  IND_WATER_PER_YEAR, IND_TRUCKS, IND_HOURS, IND_NIGHT_WORK, IND_EMISSION_SOURCES,
  IND_UNDERGROUND, IND_SELECTIVE, IND_MODULAR, IND_REDEPLOYABLE, IND_AUTOMATION,
  /* ore, life, operations, costs */
  IND_RESERVE, IND_ORE_PER_YEAR, IND_LIFE, IND_MONTHS_OPEN, IND_RESTARTS,
  IND_NEW_WORKERS, IND_LAYOFF, IND_CAPEX, IND_CLOSURE_COST, IND_CAPEX_PLUS_CLOSURE,
  IND_FROM_OPERATIONS,
  IND_COUNT
} ind_id;

typedef struct ind_def {
  const char *name;         /* as used in rules files and JSON */
  const char *unit;         /* printed after the value */
  const char *const *words; /* categorical: words by value, else NULL */
  int is_share;             /* 1: a 0..1 share, printed as a percentage */
  int evidence;             /* 1: survey evidence, quoted in every rating that has a rule on it */
} ind_def;

extern const ind_def k_impacts_ind[IND_COUNT];

/* Index of an indicator name, or -1. */
int impacts_ind_find(const char *name);

/* "0.21 (21 %)", "14 000 persons", "past": value with unit for reasons. */
void impacts_ind_format(char *buf, size_t n, const soso_indicator *ind);

typedef enum cmp_op { CMP_LT, CMP_LE, CMP_GT, CMP_GE, CMP_EQ, CMP_NE } cmp_op;

typedef struct rule_cond {
  int ind;          /* ind_id */
  cmp_op op;        /* comparison */
  double threshold; /* number, or the word's index for categorical indicators */
  soso_level result; /* for magnitude/sensitivity rules */
  char *note;       /* source or "assumption: ..." (owned, may be NULL) */
  int line;         /* line in the rules file */
} rule_cond;

typedef struct rule_conds {
  rule_cond *all;   /* every one must hold (owned) */
  size_t n_all;
  rule_cond *any;   /* at least one must hold, if n_any > 0 (owned) */
  size_t n_any;
} rule_conds;

typedef struct rule_item { /* an opportunity, challenge or measure */
  char *id;          /* (owned) */
  char *text;        /* (owned) */
  char *reason;      /* template with {indicator} (owned, may be NULL) */
  char *hierarchy;   /* measures only (owned) */
  int policy;        /* measures only */
  int steps;         /* measures only */
  rule_conds when;   /* triggers */
  int line;          /* where it starts */
} rule_item;

typedef struct rule_scale { /* magnitude or sensitivity */
  soso_level def;    /* default */
  int def_line;      /* where the default is */
  rule_cond *rules;  /* (owned) */
  size_t n;
} rule_scale;

typedef struct rule_dim {
  char *id, *name;   /* (owned) */
  int direction;     /* +1 / -1 */
  int line;
  int ind[SOSO_DIM_MAX_IND];
  size_t n_ind;
  rule_scale magnitude, sensitivity;
  rule_item opp[SOSO_DIM_MAX_FIND];
  size_t n_opp;
  rule_item chal[SOSO_DIM_MAX_FIND];
  size_t n_chal;
  rule_item meas[SOSO_DIM_MAX_MEAS];
  size_t n_meas;
} rule_dim;

typedef struct rule_ssm {
  char *id, *text;   /* (owned) */
  rule_conds c;      /* all / any */
  int line;
} rule_ssm;

struct soso_rules {
  char *path;                               /* (owned) */
  soso_significance matrix[4][4];           /* [magnitude][sensitivity] */
  int significant[4];                       /* 1 if that significance is significant */
  char origin[300];                         /* "FILE:LINE" of the matrix */
  char *matrix_source;                      /* (owned) */
  double premium, contingency, temp_years;  /* guarantee sizing: indirect and contingency
                                               shares, permitted temporary closure */
  double monitoring_eur_year;               /* post-closure monitoring per year */
  double monitoring_years, monitoring_years_pond; /* its period (with a tailings pond) */
  double fixed_share;                       /* direct cost share present from year 1 */
  char *guarantee_note;                     /* (owned, may be NULL) */
  double alpha_min;                         /* survey reliability threshold */
  double level_min_share[4];                /* per soso_slo_level: min rescaled mean */
  rule_dim dims[SOSO_DIM_MAX];
  size_t n_dims;
  rule_ssm ssm[SOSO_SSM_MAX];
  size_t n_ssm;
};

/* 1 if the condition holds for inds (0 if its indicator is unavailable). */
int impacts_cond_holds(const rule_cond *c, const soso_indicator *inds);
/* "trucks_per_day = 36 movements/day >= 20 (rules.yaml:123)" */
void impacts_cond_describe(char *buf, size_t n, const rule_cond *c,
                           const soso_indicator *inds, const char *rules_path);
/* Fills a {indicator} template. */
void impacts_fill_template(char *buf, size_t n, const char *tpl, const soso_indicator *inds);
/* Appends printf-style text to buf (never overflows; truncates with "..."). */
void impacts_append(char *buf, size_t n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Computes every indicator (out has IND_COUNT entries) from drivers, community
 * and the input-output spill-overs (io NULL or io->have_jobs 0: unavailable). */
void impacts_indicators(soso_indicator *out, const soso_site_drivers *d,
                        const soso_community *c, const soso_io_site *io,
                        const soso_rules *rules);

/* ssm.c: the modern-SSM check and closure from day one. */
void impacts_ssm_check(soso_assessment *a, const soso_rules *rules);
void impacts_closure(soso_closure *out, const soso_site_drivers *d, const soso_rules *rules);

/* The assessment as a jansson object (the JSON of soso_impacts_json), for library
 * callers that embed it. *out is the caller's to json_decref. */
int impacts_json_object(json_t **out, const soso_assessment *a);

#endif
