/* report_int.h - what the files of `soso report` share: the state of one run
 * (inputs loaded, results computed, figures written) that report.c fills and
 * report_doc.c / report_site.c turn into the document.
 *
 * Invariants: rpt.sites is allocated once (n_sites entries) and never moves; a
 * site's fields beyond
 * `index` are valid only when `site` is non-NULL (a site file was matched); figure
 * paths are "" when the figure was not drawn.
 */
#ifndef SOSO_REPORT_INT_H
#define SOSO_REPORT_INT_H

#include "soso/deposits.h"
#include "soso/districts.h"
#include "soso/impacts.h"
#include "soso/value.h"
#include "soso/ops.h"
#include "soso/region.h"
#include "soso/doc.h"
#include "soso/report.h"
#include "soso/valuation.h"

#include <libintl.h>

/* A significance word in the reader's language (the catalogs hold "negligible" ...
 * "major" for the region map): soso_impacts_significance_name stays the machine name. */
static inline const char *rpt_sig_name(int s) {
  return dgettext("soso", soso_impacts_significance_name((soso_significance)s));
}
#include "report/report_summary.h"

/* A strategy's name in the reader's language (report_doc.c);
 * soso_region_strategy_name stays the machine name of the JSON outputs. */
const char *rpt_strategy_name(int strategy);

#include <stddef.h>
#include <stdint.h>

enum { RPT_PATH = 1200 };

/* site_jobs.c: two panels from an operations result - the employment fan (5-50-95 %)
 * and the shares open / paused; x in calendar years from start_year. PNG/SVG/PDF by
 * extension, written atomically; at most max_months are drawn (the plan's horizon
 * left after the mine's start). */
int rpt_jobs_chart(const soso_ops_result *r, const char *site_name, double start_year,
                   size_t max_months, const char *path);

/* One region site and everything computed for it. */
typedef struct rpt_site {
  size_t index;               /* region site index */
  char site_path[RPT_PATH];   /* matched site file ("" none) */
  char comm_path[RPT_PATH];   /* matched community file ("" none) */
  soso_site *site;            /* loaded site (NULL: no site file matched) */
  soso_community *comm;       /* its community (owned by rpt.comms) */
  soso_site_drivers drv;      /* drivers from the operations simulation */
  soso_assessment *a;         /* impact assessment */
  soso_valuation *value;      /* the mine's valuation (soso_value_solve): its policy */
  soso_thresholds th;         /* critical prices at t = 0 */
  soso_static st;             /* static plan */
  double v_open;              /* flexible value before capital, at s0 */
  double v_static;            /* static-plan value under Q, at s0 */
  soso_ops_result *ops;      /* operations simulation (employment fan) */
  double start_month;         /* start month in the plan (0 if not in it) */
  double sens[4];             /* SOSO value net of capital with price -20 %, +20 %,
                                 operating cost -20 %, +20 % (computed once, cached) */
  int in_plan;                /* 1 if the plan uses the site */
  char fig_policy[RPT_PATH], fig_jobs[RPT_PATH], fig_impacts[RPT_PATH];
} rpt_site;

/* One labelled assumption from an input file. */
typedef struct rpt_assumption {
  char *file;                 /* file name (no directory) */
  size_t line;                /* 1-based line */
  char *setting;              /* the YAML/CSV text before the comment ("" none) */
  char *note;                 /* the comment */
} rpt_assumption;

typedef struct rpt {
  const soso_report_opts *o;  /* options */
  char region_path[RPT_PATH]; /* the region file */
  char dir[RPT_PATH];         /* its folder */
  char out[RPT_PATH];         /* output folder */
  char figdir[RPT_PATH];      /* out/figures */
  soso_region *region;        /* loaded region */
  soso_rules *rules;          /* impacts rules */
  soso_cumrules *cum;         /* cumulative rules */
  soso_region_analysis *an;   /* the region stage's results (owns res[]) */
  soso_region_result *res[3]; /* concurrent, sequential, optimised (an's) */
  size_t n_res;               /* results held */
  size_t plan;                /* index in res of the region file's strategy */
  rpt_site *sites;            /* [n_sites] */
  soso_community **comms;     /* [n_comms] community files, loaded once (NULL unused) */
  size_t n_comms;
  size_t n_sites;
  soso_deposits *set;         /* screened deposits (NULL: no store) */
  soso_districts *ds;         /* their districts */
  double eps_km;              /* district radius used */
  char bbox[128];             /* screening box "W,S,E,N" */
  char fig_deposits[RPT_PATH], fig_region[RPT_PATH], fig_district[RPT_PATH];
  char fig_employment[RPT_PATH], fig_pressures[RPT_PATH], fig_strategies[RPT_PATH];
  rpt_assumption *as;         /* collected assumptions */
  size_t n_as, cap_as;
  size_t n_figures;           /* figures written */
  long stage;                 /* progress steps reported */
} rpt;

/* report_find.c: matches site and community files to the region's sites and
 * loads them (sites without a match keep site == NULL). */
int rpt_match_files(rpt *r);
/* report_find.c: collects the "# assumption" comments of the inputs used. */
int rpt_collect_assumptions(rpt *r);
void rpt_assumptions_free(rpt *r);

/* report_doc.c: the whole document in reading order. */
int rpt_build_doc(soso_doc **out, const rpt *r);
/* report_site.c: the section of one site. */
int rpt_doc_site(soso_doc *d, const rpt *r, const rpt_site *s);
/* report_site.c: closure and guarantee table of the district. */
int rpt_doc_closure(soso_doc *d, const rpt *r);

/* A table from a flat array of nrows x ncols cells of 160 chars (report_doc.c). */
int rpt_table(soso_doc *d, const char *caption, size_t ncols, const char *const *hdr,
              size_t nrows, char (*cells)[160]);

/* report_pages.c: the pages for each reader. */
int rpt_doc_front(soso_doc *d, const rpt *r);          /* page 1: summary and table */
int rpt_doc_community(soso_doc *d, const rpt *r, size_t c);
int rpt_doc_investor(soso_doc *d, const rpt *r);
int rpt_doc_permitting(soso_doc *d, const rpt *r);
int rpt_doc_consultant(soso_doc *d, const rpt *r);
int rpt_doc_glossary(soso_doc *d);
int rpt_doc_assumptions_table(soso_doc *d, const rpt *r);
/* Writes out/assumptions.csv (file, line, setting, note), atomically. */
int rpt_write_assumptions_csv(const rpt *r);
/* The community a site is assessed for, as a region community index (or SIZE_MAX). */
size_t rpt_site_community(const rpt *r, const rpt_site *s);

#endif
