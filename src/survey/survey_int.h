/* survey_int.h - private structures of the survey module, shared by its files.
 *
 * Invariants: a codebook has at least one item; item names are unique; every item
 * has a valid construct; scale_min < scale_max, both whole numbers; choices map a
 * word (compared case-insensitively, trimmed) to a code on the scale. A table read
 * from a file is a rectangle of owned strings (NULL = empty cell) with, per row,
 * the place to name in an error ("line 17", "row 5", "case 3").
 * sv_data is the analysis input: respondents with their item answers already
 * reverse-coded (NaN = missing) and construct scores (mean of the answered items
 * when at least half are answered, else NaN).
 */
#ifndef SOSO_SURVEY_INT_H
#define SOSO_SURVEY_INT_H

#include "soso/survey.h"

#include <stddef.h>
#include <stdint.h>

typedef struct sv_item {
  char *name;        /* XLSForm name / codebook name (owned) */
  char *label;       /* question text, also matched against headers (owned, may be NULL) */
  char *lime;        /* LimeSurvey code-export column, e.g. "TRUST[SQ001]" (owned, may be NULL) */
  int construct;     /* soso_construct */
  int reverse;       /* 1: reverse-coded */
  int line;          /* codebook line */
} sv_item;

typedef struct sv_choice {
  char *word;        /* "Strongly agree", "A5", "agree" (owned) */
  double code;       /* its code on the scale */
} sv_choice;

struct soso_survey_codebook {
  char *path;              /* (owned) */
  char *title;             /* (owned) */
  int synthetic;           /* 1: the data are SYNTHETIC */
  double scale_min, scale_max;
  sv_choice *choices;      /* label and code words (owned) */
  size_t n_choices;
  char **missing;          /* words and numbers meaning "missing" (owned) */
  size_t n_missing;
  char *respondent_id;     /* column hashed, may be NULL (owned) */
  char *weight;            /* weight column, may be NULL (owned) */
  char **demographics;     /* (owned) */
  size_t n_demo;
  char **free_text;        /* (owned) */
  size_t n_text;
  sv_item *items;          /* (owned) */
  size_t n_items;
};

/* A table read from an export file. */
typedef struct sv_table {
  char **header;        /* n_cols names (owned) */
  size_t n_cols;
  char ***cells;        /* n_rows x n_cols, NULL empty (owned) */
  long *where;          /* per row: line / row / case number for messages */
  size_t n_rows;
  const char *where_word; /* "" for CSV (FILE:LINE), "row " or "case " */
  char format[32];      /* "csv", "xlsx", "ods", "sav", "dta" */
} sv_table;

/* read.c: reads path by its extension (.csv .xlsx .ods through OGR; .sav .zsav .por
 * .dta through ReadStat). */
int sv_table_read(sv_table *out, const char *path);
void sv_table_free(sv_table *t);

/* privacy.c */
/* hex SHA-256 of salt || id into out (65 bytes). */
void sv_hash_id(char out[65], const char *salt, const char *id);
/* Redacts e-mails, phone numbers (7+ digits with spaces, dashes, dots, brackets or
 * a leading +) and names (the words in names[], and two or more capitalised words
 * in a row) from s. Returns a malloc()ed string or NULL on OOM. */
char *sv_redact(const char *s, const char *const *names, size_t n_names);
/* A fresh random salt (32 hex digits); 0 or SOSO_EIO. */
int sv_new_salt(char out[33]);

/* Analysis input. */
typedef struct sv_group {
  char *community, *wave; /* (owned) */
  int synthetic;
  size_t n;               /* respondents */
} sv_group;

typedef struct sv_data {
  char **items;         /* n_items names (owned) */
  int *item_con;        /* construct per item */
  size_t n_items;
  double scale_min, scale_max;
  sv_group *groups;     /* (owned) */
  size_t n_groups;
  size_t n_resp;
  int *grp;             /* group per respondent */
  double *w;            /* weight per respondent */
  double *x;            /* n_resp x n_items, reverse-coded, NaN missing */
  double *score;        /* n_resp x SOSO_CON_COUNT, NaN missing */
  long long *rid;       /* store id per respondent (for free text), may be NULL */
  int weighted;         /* 1: some weight differs from 1 */
  int synthetic;        /* 1: any group is synthetic */
} sv_data;

/* Loads the store's answers (community / wave may be NULL = all). */
int sv_data_load(sv_data *out, soso_store *store, const char *community, const char *wave);
void sv_data_free(sv_data *d);
/* Fills d->score from d->x (after d->x, d->item_con are set). */
void sv_data_scores(sv_data *d);

/* stats.c --------------------------------------------------------------------- */
typedef struct sv_mean {
  double mean, se, lo, hi; /* weighted mean, its standard error and 95 % CI */
  double sd;               /* weighted standard deviation */
  double n;                /* respondents with a value */
  double neff;             /* Kish effective sample size */
} sv_mean;
/* Mean of x[i*stride] over i with idx[i] selected (idx NULL: all) and finite x,
 * weights w (NULL: 1). Linearisation SE, t quantile with n - 1 df. */
void sv_wmean(sv_mean *out, const double *x, size_t stride, const double *w, size_t n,
              const unsigned char *sel);

typedef struct sv_alpha {
  double alpha, lo, hi;    /* Cronbach's alpha and Feldt 95 % interval */
  size_t n, k;             /* complete cases, items */
  double item_total[32];   /* corrected item-total correlations */
  double if_deleted[32];   /* alpha if the item is deleted */
} sv_alpha;
/* Alpha of the complete cases of an n x k matrix (row stride `stride`, columns
 * cols[0..k-1]), rows with sel[i] (NULL all). NaN when undefined. */
void sv_alpha_compute(sv_alpha *out, const double *x, size_t stride, const size_t *cols,
                      size_t k, size_t n, const unsigned char *sel);

/* Weighted least squares y ~ 1 + X (n x p, row-major), rows with any NaN skipped.
 * beta has p + 1 entries (intercept first). Returns 0, or SOSO_ENUMERIC. */
int sv_ols(double *beta, size_t *n_used, const double *y, const double *X, size_t p,
           const double *w, size_t n);

/* Hedges' g of two groups with its approximate 95 % CI, and Welch's p value. */
void sv_hedges(double *g, double *lo, double *hi, double *p, const sv_mean *a,
               const sv_mean *b);

/* analyse / synth internals -------------------------------------------------------- */
/* The construct level (soso_slo_level) of a rescaled share. */
int sv_level(double share, const double min_share[4]);
/* Builds the synthetic data set in memory (the files and the truth use it). */
int sv_synth_data(sv_data *out, char ***names_out, const soso_survey_synth_opts *opts,
                  size_t n_per_group_override);
/* The analysis of an in-memory data set (analyse.c). */
int sv_analyse_data(void **out_json, const sv_data *d, const soso_survey_analyse_opts *opts);

#endif
