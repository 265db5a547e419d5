/* io.h - regional input-output analysis: Leontief inverse, Type I and Type II
 * output, income and employment multipliers, and a site's indirect and induced
 * jobs and income.
 *
 * Model (Miller & Blair, Input-Output Analysis, 2nd ed., ch. 2 and 6; reference
 * README section 4): technical coefficients A_ij = Z_ij / x_j; Leontief inverse
 * L = (I - A)^-1 so that x = L f; Type I output multiplier of sector j = sum_i L_ij.
 * Type II closes the model for households: a household row of labour income per
 * unit of output (h_j = W_j / x_j) and a household column of consumption shares
 * (c_i = C_i / total household income); L* = (I - A*)^-1 over n+1 sectors and the
 * Type II output multiplier sums L*_ij over the n producing sectors. Employment
 * coefficients e_j = jobs_j / x_j; employment multipliers sum_i e_i L_ij.
 *
 * Every result is an UPPER BOUND: input-output models assume fixed coefficients,
 * no capacity limits, no price effects and that all induced demand is met inside
 * the region.
 */
#ifndef SOSO_IO_H
#define SOSO_IO_H

#include "soso/sink.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct soso_io_table soso_io_table;

/* Loads a regional table from CSV ('#' starts a comment line):
 *   sector,S1,...,Sn[,households],final_demand,total_output
 *   S1,z11,...,z1n[,C1],f1,x1           one row per sector, in column order
 *   households,W1,...,Wn[,,,XH]         optional: labour income paid by each sector
 *                                        (XH total household income; default sum W)
 *   employment,J1,...,Jn                optional: jobs in each sector
 * households column = household consumption bought from each sector (part of
 * final_demand), needed with a households row for Type II. A sector row must
 * balance: sum_j z_ij + f_i = x_i within 0.5 % (rounding in published tables).
 * Errors: FILE:LINE: column: reason. *out NULL on failure. */
int soso_io_table_load(soso_io_table **out, const char *path);

/* Builds a table in memory: n sectors, Z n x n row-major flows, f final demand,
 * x total output (all copied). names may be NULL ("s1", "s2", ...). */
int soso_io_table_new(soso_io_table **out, size_t n, const char *const *names,
                      const double *Z, const double *f, const double *x);

/* Adds the household row (income W, n values), column (consumption C, n values)
 * and total household income (<= 0: sum of W). Needed for Type II. */
int soso_io_table_set_households(soso_io_table *t, const double *W, const double *C,
                                 double total_income);
/* Adds jobs per sector (n values). Needed for employment multipliers. */
int soso_io_table_set_employment(soso_io_table *t, const double *jobs);

void soso_io_table_free(soso_io_table *t);

size_t soso_io_table_size(const soso_io_table *t);
const char *soso_io_table_sector(const soso_io_table *t, size_t i);
/* Index of a sector by name, or -1. */
long soso_io_table_find(const soso_io_table *t, const char *name);

/* The analysis of one table. Arrays are owned by the result; type2 arrays are NULL
 * without households, employment arrays NULL without employment. */
typedef struct soso_io_result {
  size_t n;                /* sectors */
  double *A;               /* n x n technical coefficients, row-major */
  double *L;               /* n x n Leontief inverse, row-major */
  double *x_check;         /* L f: must reproduce total output x */
  double *output_type1;    /* column sums of L */
  double *output_type2;    /* household-closed output multipliers, or NULL */
  double *income_coef;     /* h_j = W_j / x_j, or NULL */
  double *income_type1;    /* household income per unit final demand (open), or NULL */
  double *income_type2;    /* same, closed model, or NULL */
  double *emp_coef;        /* e_j = jobs_j / x_j, or NULL */
  double *emp_type1;       /* jobs per unit final demand (open), or NULL */
  double *emp_type2;       /* jobs per unit final demand (closed), or NULL */
} soso_io_result;

/* Computes A, L (GSL LU), multipliers. SOSO_ENUMERIC if I - A is singular or the
 * economy is not productive (some L_ij < 0). *out NULL on failure. */
int soso_io_analyse(soso_io_result **out, const soso_io_table *t);
void soso_io_result_free(soso_io_result *r);

/* A site's spill-overs, from multiplier ratios applied to the site's own direct
 * figures (so the mine need not have the sector's average job intensity). */
typedef struct soso_io_site {
  double direct_jobs;      /* as given */
  double indirect_jobs;    /* direct_jobs * (emp_type1_j / e_j - 1) */
  double induced_jobs;     /* direct_jobs * (emp_type2_j - emp_type1_j) / e_j */
  double direct_income;    /* as given, per year */
  double indirect_income;  /* direct_income * (income_type1_j / h_j - 1) */
  double induced_income;   /* direct_income * (income_type2_j - income_type1_j) / h_j */
  double direct_output;    /* as given, per year */
  double indirect_output;  /* direct_output * (output_type1_j - 1) */
  double induced_output;   /* direct_output * (output_type2_j - output_type1_j) */
  int have_jobs, have_income, have_type2; /* which parts the table supported */
} soso_io_site;

/* Spill-overs of a site in sector j. Returns SOSO_EUSAGE for a bad sector. */
int soso_io_site_effects(soso_io_site *out, const soso_io_result *r, size_t sector,
                         double direct_jobs, double direct_income, double direct_output);

/* The JSON of `soso econ multipliers --format json` (README.md) for table t and its
 * analysis r, with name as "table", through a writer (include/soso/sink.h). */
int soso_io_json(const soso_io_table *t, const soso_io_result *r, const char *name,
                 soso_write_fn write, void *closure);

#ifdef __cplusplus
}
#endif
#endif
