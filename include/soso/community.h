/* community.h - the community around a small mine: who lives there, what they
 * live from, what they value, and (optionally) what a survey said.
 *
 * Loaded from a YAML file (see examples/drina/ljubovija.community.yaml for every
 * key). The record is plain data so that assessments and property tests can vary a
 * field; soso_community_load validates every value (unknown keys, wrong types,
 * out-of-range numbers fail with FILE:LINE: key: reason).
 *
 * Survey statistics: Cronbach's alpha = k/(k-1) (1 - sum of item variances /
 * variance of the total score) (reference README section 6); social licence levels
 * after Thomson & Boutilier: withdrawal < acceptance < approval < psychological
 * identification.
 */
#ifndef SOSO_COMMUNITY_H
#define SOSO_COMMUNITY_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum soso_mining_history {
  SOSO_MINING_NONE = 0,    /* no mining in living memory */
  SOSO_MINING_PAST = 1,    /* a former mining community (years_since says how long ago) */
  SOSO_MINING_ONGOING = 2  /* mining goes on now */
} soso_mining_history;

/* What the municipality can do about a mine (documented in the YAML example):
 * low - no staff with mining, environmental or permitting expertise, relies on the
 *       state for inspection; medium - some planning/environmental staff, has dealt
 *       with industrial permits; high - dedicated staff, prior mining agreements,
 *       runs its own monitoring or consultation. */
typedef enum soso_gov_capacity {
  SOSO_GOV_LOW = 0,
  SOSO_GOV_MEDIUM = 1,
  SOSO_GOV_HIGH = 2
} soso_gov_capacity;

typedef enum soso_designation_kind {
  SOSO_DESIG_NATURA2000 = 0,  /* Natura 2000 site (Habitats / Birds Directive) */
  SOSO_DESIG_LANDSCAPE = 1,   /* outstanding landscape / nature park (AONB-like) */
  SOSO_DESIG_HERITAGE = 2     /* cultural heritage (listed monument, historic site) */
} soso_designation_kind;

typedef struct soso_designation {
  soso_designation_kind kind; /* what it is */
  char *name;                 /* its name (owned) */
  double distance_km;         /* from the site, >= 0 */
} soso_designation;

/* Thomson & Boutilier levels of the social licence, lowest first. */
typedef enum soso_slo_level {
  SOSO_SLO_WITHDRAWAL = 0,
  SOSO_SLO_ACCEPTANCE = 1,
  SOSO_SLO_APPROVAL = 2,
  SOSO_SLO_IDENTIFICATION = 3
} soso_slo_level;

typedef struct soso_survey {
  int present;          /* 0: no survey in the file */
  size_t n_items;       /* k Likert items */
  size_t n_resp;        /* respondents */
  double *responses;    /* n_resp x n_items, row-major (owned) */
  char **items;         /* item labels (owned, n_items) */
  int scale_max;        /* Likert scale 1..scale_max */
  double alpha;         /* Cronbach's alpha of the items (NaN if undefined) */
  double mean_score;    /* mean item score over all answers */
  soso_slo_level level; /* stated in the file, else derived by the rules */
  int level_stated;     /* 1: level came from the file */
  char *source;         /* who ran it, when (owned, may be NULL) */
} soso_survey;

/* The constructs of a residents' survey (Moffat & Zhang 2014, reference README
 * section 6), in the order `soso survey` reports them. */
typedef enum soso_construct {
  SOSO_CON_CONTACT_QUANTITY = 0, /* how often residents meet the company */
  SOSO_CON_CONTACT_QUALITY = 1,  /* how good those contacts are */
  SOSO_CON_FAIRNESS = 2,         /* procedural fairness: being heard */
  SOSO_CON_TRUST = 3,            /* trust in the company */
  SOSO_CON_BENEFITS = 4,         /* perceived benefits */
  SOSO_CON_FEARS = 5,            /* fears and worries (high = more afraid) */
  SOSO_CON_ACCEPTANCE = 6,       /* acceptance of the mine */
  SOSO_CON_COUNT = 7
} soso_construct;

/* What residents told a survey, per construct (filled by soso_survey_evidence_load,
 * include/soso/survey.h). share is the weighted mean rescaled to 0..1,
 * (mean - scale min) / (scale max - scale min); NaN when the construct was not
 * asked or the group has fewer than 5 respondents. text is the evidence line a
 * rating's reason quotes ("mean 2.4 of 5 (95 % CI 2.3-2.6), n = 110, wave 2 ..."). */
typedef struct soso_survey_evidence {
  int present;                        /* 0: no survey in the store for the community */
  double share[SOSO_CON_COUNT];
  char text[SOSO_CON_COUNT][200];
  int level;                          /* soso_slo_level from acceptance, -1 unknown */
  char level_text[200];               /* the level and its uncertainty */
} soso_survey_evidence;

typedef struct soso_community {
  char *name;                    /* municipality or settlement (owned) */
  char *path;                    /* the file it came from (owned) */
  double lat, lon;               /* WGS84 degrees */
  double population;             /* residents */
  double working_age_share;      /* share of residents aged 15-64, 0..1 */
  double unemployment_rate;      /* registered unemployed / labour force, 0..1 */
  double average_wage;           /* gross average wage per month */
  char currency[8];              /* of average_wage ("EUR", "RSD", ...) */
  double eur_per_unit;           /* EUR per unit of currency (1 for EUR) */
  double vacant_dwellings;       /* dwellings available to rent or buy */
  soso_mining_history history;   /* mining past */
  double years_since_mining;     /* for SOSO_MINING_PAST; 0 otherwise */
  soso_designation *designations; /* protected areas and heritage (owned) */
  size_t n_designations;
  double tourism_job_share;      /* share of local jobs in tourism, 0..1 */
  double env_agriculture_job_share; /* organic / environment-dependent farming, 0..1 */
  soso_gov_capacity gov_capacity; /* local government capacity */
  double nearest_dwellings_m;    /* from the site boundary to the nearest home */
  soso_survey survey;            /* optional */
  soso_survey_evidence residents; /* from the survey store (zeroed: none) */
} soso_community;

/* Loads and validates a community file. *out is NULL on failure; free with
 * soso_community_free. */
int soso_community_load(soso_community **out, const char *path);

/* Frees a community and everything it owns; NULL-safe. */
void soso_community_free(soso_community *c);

/* Cronbach's alpha of an n_resp x k matrix (row-major). Returns NaN when k < 2,
 * n_resp < 2 or the total score has no variance. Sample variances (n-1). */
double soso_community_cronbach_alpha(const double *responses, size_t n_resp, size_t k);

/* Names for printing: "none"/"past"/"ongoing", "low"/..., "natura2000"/...,
 * "withdrawal"/.../"psychological_identification". */
const char *soso_community_mining_history_name(soso_mining_history h);
const char *soso_community_gov_capacity_name(soso_gov_capacity g);
const char *soso_community_designation_kind_name(soso_designation_kind k);
const char *soso_community_slo_level_name(soso_slo_level l);

#ifdef __cplusplus
}
#endif
#endif
