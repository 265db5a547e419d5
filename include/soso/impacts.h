/* impacts.h - screening-level social impact assessment of one small mine: the
 * policy brief's nine dimensions plus Vanclay's "uncertainty, fears and
 * aspirations", each rated magnitude x sensitivity -> significance before and
 * after management measures, with the opportunities and challenges of the brief's
 * Figure 2 that apply, every rating carrying the number and the rule behind it.
 *
 * Everything judgemental lives in an editable rules file (data/impacts/rules.yaml):
 * the significance matrix (reference README section 5, standard EIA/SIA practice),
 * magnitude and sensitivity rules, opportunity/challenge texts with their triggers,
 * measures along the mitigation hierarchy (avoid, minimise, restore, offset;
 * enhance for positive impacts), the closure-guarantee sizing rule and the
 * thresholds of the "is it modern small-scale mining?" check. The code only
 * computes indicators and applies rules.
 *
 * Rule semantics (documented in the rules file too): a rule is (indicator,
 * comparison, threshold, result). A dimension's magnitude (and sensitivity) is the
 * highest of its default and the results of its rules that hold: the most severe
 * criterion decides, as in a conservative screening. Rules on an unavailable
 * indicator never hold. Measures that apply move the magnitude by their steps; they
 * do not stack - the strongest single effect counts.
 */
#ifndef SOSO_IMPACTS_H
#define SOSO_IMPACTS_H

#include "soso/community.h"
#include "soso/io.h"
#include "soso/sink.h"
#include "soso/site.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Magnitude and sensitivity. */
typedef enum soso_level {
  SOSO_LEVEL_NEGLIGIBLE = 0,
  SOSO_LEVEL_LOW = 1,
  SOSO_LEVEL_MEDIUM = 2,
  SOSO_LEVEL_HIGH = 3
} soso_level;

/* Significance. Major and moderate are "significant". */
typedef enum soso_significance {
  SOSO_SIG_NEGLIGIBLE = 0,
  SOSO_SIG_MINOR = 1,
  SOSO_SIG_MODERATE = 2,
  SOSO_SIG_MAJOR = 3
} soso_significance;

const char *soso_impacts_level_name(soso_level l);               /* "negligible" ... "high" */
const char *soso_impacts_significance_name(soso_significance s); /* "negligible" ... "major" */

/* Rules ------------------------------------------------------------------------ */
typedef struct soso_rules soso_rules;

/* Path of the shipped rules file (data/impacts/rules.yaml in the source tree). */
const char *soso_impacts_rules_default_path(void);

/* Loads and validates a rules file: unknown keys, unknown indicators, bad levels,
 * a matrix that is not 4 x 4, templates naming unknown indicators ... fail with
 * SOSO_EDATA "FILE:LINE: key: reason". *out NULL on failure. */
int soso_impacts_rules_load(soso_rules **out, const char *path);
void soso_impacts_rules_free(soso_rules *rules);

/* The matrix lookup. */
soso_significance soso_impacts_rules_significance(const soso_rules *rules, soso_level magnitude,
                                          soso_level sensitivity);
/* 1 if the rules call s significant (major, moderate in the shipped file). */
int soso_impacts_rules_is_significant(const soso_rules *rules, soso_significance s);
/* Where the matrix was defined: "rules.yaml:12". */
const char *soso_impacts_rules_matrix_origin(const soso_rules *rules);
/* The rules' survey levels: the smallest rescaled acceptance score (0..1) of
 * social licence level `level` (soso_slo_level); NaN for a bad level. */
double soso_impacts_rules_slo_min_share(const soso_rules *rules, int level);

/* Assessment ------------------------------------------------------------------- */
enum {
  SOSO_REASON_MAX = 640,   /* length of one reason string */
  SOSO_DIM_MAX_IND = 16,   /* indicators shown per dimension */
  SOSO_DIM_MAX_FIND = 10,  /* opportunities (or challenges) per dimension */
  SOSO_DIM_MAX_MEAS = 10   /* measures per dimension */
};

/* One computed indicator. */
typedef struct soso_indicator {
  const char *name;       /* e.g. "local_jobs_per_1000_working_age" (static) */
  const char *unit;       /* e.g. "jobs per 1000 working-age residents" (static) */
  const char *const *words; /* category words for categorical indicators, else NULL */
  double value;           /* the number (category index for categorical ones) */
  int available;          /* 0: could not be computed (reason in derivation) */
  char derivation[SOSO_REASON_MAX]; /* how it was derived, with the inputs */
} soso_indicator;

typedef struct soso_finding {
  const char *id;              /* rule id (owned by the rules) */
  const char *text;            /* the brief's Figure 2 statement, made specific */
  char reason[SOSO_REASON_MAX]; /* the filled template and the triggering conditions */
} soso_finding;

typedef struct soso_measure_use {
  const char *id;              /* rule id */
  const char *hierarchy;       /* avoid, minimise, restore, offset, enhance */
  const char *text;            /* what to do */
  int policy;                  /* 1: one of the brief's policy recommendations */
  int steps;                   /* magnitude steps it is credited with */
  char reason[SOSO_REASON_MAX]; /* why it applies */
} soso_measure_use;

typedef struct soso_dimension {
  const char *id;              /* "employment", ... (owned by the rules) */
  const char *name;            /* "Employment", ... */
  int direction;               /* +1 positive (benefit), -1 negative (adverse) */
  char direction_reason[SOSO_REASON_MAX];
  size_t indicators[SOSO_DIM_MAX_IND]; /* indices into soso_assessment.ind */
  size_t n_indicators;
  soso_level magnitude;
  char magnitude_reason[SOSO_REASON_MAX];
  soso_level sensitivity;
  char sensitivity_reason[SOSO_REASON_MAX];
  soso_significance significance;
  char significance_reason[SOSO_REASON_MAX];
  soso_level magnitude_after;  /* after measures */
  soso_significance significance_after;
  char significance_after_reason[SOSO_REASON_MAX];
  soso_finding opportunities[SOSO_DIM_MAX_FIND];
  size_t n_opportunities;
  soso_finding challenges[SOSO_DIM_MAX_FIND];
  size_t n_challenges;
  soso_measure_use measures[SOSO_DIM_MAX_MEAS];
  size_t n_measures;
} soso_dimension;

/* One criterion of the brief's definition of modern small-scale mining. */
typedef struct soso_ssm_criterion {
  const char *id;              /* "small_deposit", ... */
  const char *text;            /* the brief's wording */
  int met;                     /* 1 met, 0 not met, -1 cannot tell (missing data) */
  char reason[SOSO_REASON_MAX]; /* the deciding number(s) and threshold(s) */
} soso_ssm_criterion;

enum { SOSO_SSM_MAX = 12, SOSO_DIM_MAX = 12, SOSO_CLOSURE_YEARS_MAX = 80 };

/* Closure from day one (Extractive Waste Directive 2006/21/EC Art. 14). */
typedef struct soso_closure {
  double closure_cost_eur;      /* closure and rehabilitation, from the mine file */
  double care_cost_eur_year;    /* care and maintenance while temporarily closed */
  double temp_closure_years;    /* temporary closure the guarantee must cover */
  double third_party_premium;   /* rules: extra cost of an independent contractor */
  double contingency;           /* rules: contingency on the total */
  double guarantee_eur;         /* direct * (1 + premium + cont.) + care * years + monitoring */
  char guarantee_rule[2048];    /* the sizing rule, written out with its numbers (in the
                                   language of the run: Cyrillic takes 2 bytes a letter) */
  /* The guarantee as regulators size it (Decision 2009/335/EC; Queensland ERC, NSW
   * RCE): the third party's cost at the site's worst disturbed state, deterministic
   * given the plan (nothing here depends on the price paths or the seed). */
  double direct_cost_eur;       /* third-party direct works at full disturbance (the
                                   mine file's closure cost) */
  double indirect_eur;          /* direct * third_party_premium (mobilisation, design,
                                   supervision, the authority's administration) */
  double contingency_eur;       /* direct * contingency */
  double monitoring_eur_year;   /* post-closure monitoring, per year (rules) */
  double monitoring_years;      /* post-closure monitoring period (rules; longer with a
                                   tailings pond) */
  double monitoring_eur;        /* monitoring_eur_year * monitoring_years */
  double care_years_cap;        /* temporary closure the permit allows (rules): the care
                                   and maintenance the guarantee covers */
  double care_eur;              /* care_cost_eur_year * care_years_cap */
  double simulated_pause_years; /* 95th percentile closed spell of the operations
                                   simulation (0: not simulated); information only */
  double fixed_share;           /* share of the direct cost present from year 1 */
  size_t n_schedule;            /* years in the liability schedule */
  double schedule_eur[SOSO_CLOSURE_YEARS_MAX]; /* liability at the end of each year of
                                   the site's own timeline (year 1 = first year open) */
  double liability_max_eur;     /* max of schedule_eur (== guarantee_eur) */
  size_t liability_max_year;    /* the year (1-based) of that maximum */
  double jobs_lost;             /* direct jobs ending at closure */
  double local_jobs_lost;       /* of which local */
  double remediation_years;     /* duration of closure works */
  double life_years;            /* expected operating life */
  char land_use[SOSO_REASON_MAX]; /* post-closure land-use options */
  char notes[2048];             /* cautions (tailings pond, temporary closures ...) */
} soso_closure;

/* Socio-economic numbers and input-output spill-overs. */
typedef struct soso_econ_summary {
  int have_io;                 /* 0: no regional table given */
  soso_io_site io;             /* indirect and induced effects (upper bound) */
  char io_note[SOSO_REASON_MAX]; /* the table, sector and the upper-bound caveat */
} soso_econ_summary;

typedef struct soso_assessment {
  char site_name[128];         /* from the site file */
  char community_name[128];    /* from the community file */
  char basis[SOSO_REASON_MAX]; /* operations basis: SOSO simulation or static plan */
  soso_indicator *ind;         /* all indicators (owned) */
  size_t n_ind;
  soso_dimension dims[SOSO_DIM_MAX];
  size_t n_dims;
  soso_ssm_criterion ssm[SOSO_SSM_MAX];
  size_t n_ssm;
  size_t ssm_met;              /* criteria met */
  soso_closure closure;
  soso_econ_summary econ;
  char rules_path[256];        /* the rules file used */
} soso_assessment;

/* Assesses a site for a community. table may be NULL (no input-output effects);
 * otherwise drivers->io_sector must name one of its sectors. The assessment keeps
 * pointers into rules (ids, texts): free it before the rules. *out NULL on
 * failure. */
int soso_impacts_assess(soso_assessment **out, const soso_rules *rules,
                        const soso_site_drivers *drivers, const soso_community *community,
                        const soso_io_table *table);
void soso_impacts_assessment_free(soso_assessment *a);

/* An indicator by name, or NULL. */
const soso_indicator *soso_impacts_assessment_indicator(const soso_assessment *a, const char *name);
/* A dimension by id, or NULL. */
const soso_dimension *soso_impacts_assessment_dimension(const soso_assessment *a, const char *id);

/* The impacts stage's one entry point ------------------------------------------
 * A loaded site and community in, the assessment out: the drivers come from the
 * static plan (n_paths 0) or from the SOSO engine (the mine's valuation,
 * include/soso/value.h, followed along n_paths real-world price paths: the same
 * policy as `soso value` and `soso simulate`); the site's regional input-output
 * table (site file `econ.table`) is loaded when named. A caller that has simulated
 * the site's mine already (the report) passes that result in `ops` and the
 * solver's description in `method`. */
typedef struct soso_impacts_opts {
  size_t n_paths;             /* 0: static plan; else price paths (>= 2) */
  double years;               /* simulated years (0: the mine's horizon_years) */
  uint64_t seed;              /* seed of the price paths */
  int n_threads;              /* OpenMP threads (0: default); results do not depend on it */
  const soso_ops_result *ops; /* a simulation of the site's mine to use (NULL: run one) */
  const char *method;         /* with ops: how its policy was solved (may be NULL) */
} soso_impacts_opts;
#define SOSO_IMPACTS_OPTS_INIT {0, 0.0, 42, 0, NULL, NULL}

/* Runs the stage. rules are only read. *out NULL on failure; free with
 * soso_impacts_assessment_free (before the rules). */
int soso_impacts_run(soso_assessment **out, const soso_site *site,
                     const soso_community *community, const soso_rules *rules,
                     const soso_impacts_opts *o);

/* Renderings, through a writer (include/soso/sink.h). JSON: the object described
 * in README.md ("soso impacts"), with a final newline. */
int soso_impacts_json(const soso_assessment *a, soso_write_fn write, void *closure);
/* The practitioner's markdown screening report. */
int soso_impacts_markdown(const soso_assessment *a, soso_write_fn write, void *closure);
/* Figure-2-style chart (PNG/SVG/PDF by extension), written atomically. */
int soso_impacts_chart(const soso_assessment *a, const char *path);

#ifdef __cplusplus
}
#endif
#endif
