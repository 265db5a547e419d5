/* survey.h - what residents say: community surveys and the social licence to
 * operate (issue 13).
 *
 * Design. A codebook (YAML) says which columns of a survey export are Likert items
 * of which construct (contact quantity and quality, procedural fairness, trust,
 * perceived benefits, fears, acceptance), which are reverse-coded, which codes mean
 * "missing", where the weight, the respondent id, the demographic and free-text
 * fields are. `soso_survey_import` reads a KoboToolbox or LimeSurvey export (CSV,
 * XLSX, ODS through GDAL/OGR) or an SPSS/Stata file (ReadStat) and stores ONLY the
 * mapped columns, in one transaction: identifiers are never stored (the id column
 * becomes a salted SHA-256, names, e-mails and phone numbers in free text are
 * redacted). Everything downstream reads the store:
 *   soso_survey_analyse  - per construct weighted means with CIs, Cronbach's alpha
 *                          with the Feldt (1965) interval, item-total correlations,
 *                          alpha-if-deleted, the Thomson & Boutilier social licence
 *                          level with its uncertainty, the Moffat & Zhang (2014) path
 *                          model with bootstrap intervals of the indirect effects,
 *                          comparisons between communities and waves (Hedges' g);
 *   soso_survey_plan     - sample size for a target CI width;
 *   soso_survey_evidence_load - the numbers the impact rules read (impacts.h);
 *   soso_survey_residents_text - "What residents told us" for the report.
 * Privacy rule, everywhere: a group (community x wave, or any cell of a breakdown)
 * with fewer than SOSO_SURVEY_MIN_GROUP respondents is suppressed.
 *
 * The synthetic Drina survey (soso_survey_synth) is SYNTHETIC: made by a seeded
 * generator with known parameters for testing and for the worked example; it is
 * never IMP@CT data and says so in every file and output.
 */
#ifndef SOSO_SURVEY_H
#define SOSO_SURVEY_H

#include "soso/community.h"
#include "soso/store.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { SOSO_SURVEY_MIN_GROUP = 5 }; /* smallest group ever shown */

/* "contact_quantity", ... ; NULL for an out-of-range value. */
const char *soso_survey_construct_name(soso_construct c);
/* Index of a construct name, or -1. */
int soso_survey_construct_find(const char *name);

/* Codebook ---------------------------------------------------------------------- */
typedef struct soso_survey_codebook soso_survey_codebook;

/* Loads and validates a codebook (keys in README.md, "soso survey"). Errors:
 * SOSO_EDATA "FILE:LINE: key: reason". *out NULL on failure. */
int soso_survey_codebook_load(soso_survey_codebook **out, const char *path);
void soso_survey_codebook_free(soso_survey_codebook *cb);

/* Import ------------------------------------------------------------------------ */
typedef struct soso_survey_import_opts {
  const char *community; /* required */
  const char *wave;      /* required, e.g. "1" or "2025" */
} soso_survey_import_opts;
#define SOSO_SURVEY_IMPORT_OPTS_INIT {NULL, NULL}

typedef struct soso_survey_import_result {
  char format[32];       /* "kobo-csv", "limesurvey-csv", "xlsx", "ods", "sav", "dta" */
  size_t n_resp;         /* respondents stored */
  size_t n_answers;      /* item answers stored (missing included, as NULL) */
  size_t n_missing;      /* of which missing */
  size_t n_dropped;      /* columns of the file not stored (identifiers, metadata) */
  int replaced;          /* 1: an earlier import of this community and wave was replaced */
} soso_survey_import_result;

/* Imports one export for one community and wave, replacing an earlier import of the
 * same community and wave. All or nothing: any bad cell is SOSO_EDATA
 * "FILE:LINE: column: reason" (CSV: the file line; spreadsheets: "FILE:row R";
 * SPSS/Stata: "FILE:case R") and the store is unchanged. */
int soso_survey_import(soso_survey_import_result *out, soso_store *store, const char *path,
                       const soso_survey_codebook *cb, const soso_survey_import_opts *opts);

/* Analysis ---------------------------------------------------------------------- */
typedef struct soso_survey_analyse_opts {
  const char *community;       /* NULL: every community */
  const char *wave;            /* NULL: every wave */
  uint64_t seed;               /* bootstrap seed (printed in the output) */
  size_t n_boot;               /* bootstrap resamples, >= 100 */
  int free_text;               /* 1: include the (redacted) free-text answers */
  double level_min_share[4];   /* Thomson & Boutilier levels: min rescaled mean */
} soso_survey_analyse_opts;
#define SOSO_SURVEY_ANALYSE_OPTS_INIT {NULL, NULL, 42, 1000, 0, {0.0, 0.25, 0.50, 0.75}}

/* Analyses the stored survey; *out_json is a jansson json_t * (keys in README.md)
 * the caller json_decref()s. SOSO_ENOTFOUND when nothing matches. */
int soso_survey_analyse(void **out_json, soso_store *store,
                        const soso_survey_analyse_opts *opts);
/* Markdown rendering of that JSON. */
int soso_survey_markdown(FILE *f, const void *json);
/* Likert answers as diverging stacked bars, one bar per item and group (PNG, SVG
 * or PDF by extension), written atomically. */
int soso_survey_chart(const void *json, const char *path);

/* Planning ---------------------------------------------------------------------- */
typedef struct soso_survey_plan_opts {
  double width;        /* target full width of the CI, in scale points (> 0) */
  double conf;         /* confidence level, default 0.95 */
  double sd;           /* > 0: stated standard deviation for every construct */
  double deff;         /* design effect; <= 0: Kish's from the pilot's weights, else 1 */
  double population;   /* > 0: finite population correction */
  const char *community; /* NULL: every community in the store */
} soso_survey_plan_opts;
#define SOSO_SURVEY_PLAN_OPTS_INIT {0.3, 0.95, 0.0, 0.0, 0.0, NULL}

/* Sample size per construct and community: n0 = (2 z sd / width)^2 x deff, with
 * the finite population correction n = n0 / (1 + (n0 - 1) / N). sd from the pilot
 * in the store (store may be NULL when opts->sd > 0). *out_json as above. */
int soso_survey_plan(void **out_json, soso_store *store, const soso_survey_plan_opts *opts);

/* Synthetic Drina survey ---------------------------------------------------------- */
typedef struct soso_survey_synth_opts {
  uint64_t seed;        /* generator seed */
  size_t n_per_group;   /* respondents per community and wave (>= 5) */
  int tiny_group;       /* 1: add a 4-respondent pilot group (shows suppression) */
  double missing;       /* share of answers left blank, 0..0.5 */
} soso_survey_synth_opts;
#define SOSO_SURVEY_SYNTH_OPTS_INIT {20261202u, 110, 1, 0.10}

/* Writes dir/survey-codebook.yaml, dir/survey-<community>-w<wave>.kobo.csv and
 * .limesurvey.csv (the same answers in both layouts), and dir/survey-truth.json,
 * the true parameters (see src/survey/synth.c). Files are written atomically. */
int soso_survey_synth(const char *dir, const soso_survey_synth_opts *opts);

/* Into the assessment and the report ------------------------------------------------ */
/* Fills *out from the stored survey of community (wave NULL: the latest wave),
 * evidence lines included; out->present 0 (and SOSO_OK) when there is none. */
int soso_survey_evidence_load(soso_survey_evidence *out, soso_store *store, const char *community,
                         const char *wave);

/* "What residents told us" for one community: a few Markdown sentences generated
 * from the numbers (mean levels, the social licence level and its uncertainty,
 * change since the previous wave, the synthetic flag). *out malloc()ed; caller
 * frees. English. SOSO_ENOTFOUND when the store has no survey of that community. */
int soso_survey_residents_text(char **out, soso_store *store, const char *community);

#ifdef __cplusplus
}
#endif
#endif
