/* report_summary.h - the report's summary as statements generated from numbers.
 *
 * The facts (rpt_facts) are plain numbers taken from the results (report_facts.c
 * fills them from a run); each statement of the summary is one rule of
 * rpt_summary_rules[] - an id, the summary section it belongs to, and a function
 * that decides from the facts whether the statement holds and writes it with its
 * numbers. A rule whose condition fails writes nothing, so a statement can never
 * outlive the numbers behind it; tests/report/test_summary.c builds facts that
 * contradict each statement and checks that it changes or disappears.
 *
 * Invariants: no statement says "up to", "about" or "concern" without the number
 * behind it; every text is a complete sentence marked _() for translation.
 */
#ifndef SOSO_REPORT_SUMMARY_H
#define SOSO_REPORT_SUMMARY_H

#include <stddef.h>

enum { RPT_FACT_VECS = 6, RPT_STATEMENT_MAX = 1400 };

/* One site of the plan, as the summary needs it. */
typedef struct rpt_fsite {
  const char *name;          /* site name */
  const char *community;     /* the community it is assessed for ("" none) */
  int in_plan;               /* 1: the plan uses it */
  const char *not_served;    /* why the plan cannot use it ("" or NULL: it can) */
  double start_year;         /* planned start (calendar year, fractional) */
  double end_year;           /* expected end of operations */
  double rem_years;          /* closure works after the end (years) */
  double crew;               /* workers while open (mine file) */
  double pauses;             /* expected pauses (care and maintenance) over its life */
  double p_layoff;           /* P(worker hired at start laid off within 12 months) */
  double guarantee_eur;      /* closure guarantee (0: not assessed) */
  double local_revenue_eur_year; /* royalty share and local taxes to its municipality */
  double local_hire;         /* share of workers hired locally */
} rpt_fsite;

/* One valued component at one community under the plan. */
typedef struct rpt_fvec {
  const char *what;          /* "water", "land not yet restored", ... */
  int positive;              /* 1 benefit, 0 adverse */
  int sig;                   /* cumulative significance 0..3 (all mines together) */
  int sig_single;            /* largest single-mine significance 0..3 */
  const char *measure;       /* what to manage ("" none) */
} rpt_fvec;

typedef struct rpt_fcomm {
  const char *name;          /* community */
  double p_two;              /* P(two or more operations within R km at once) */
  double jobs_med, jobs_mean, jobs_p05, jobs_p95; /* attributed direct jobs over the
                                months the nearby mines work (averages over months of
                                the monthly median, mean, 5 % and 95 % points) */
  double first_year, last_year; /* months with attributed jobs (NaN: none) */
  rpt_fvec vec[RPT_FACT_VECS];
  size_t n_vec;
} rpt_fcomm;

typedef struct rpt_facts {
  int concurrent;            /* 1: each mine its own plant */
  size_t n_sites;
  const rpt_fsite *site;     /* [n_sites] in file order */
  size_t n_used;             /* sites in the plan */
  const size_t *order;       /* [n_used] plan order (indices into site) */
  size_t n_comm;
  const rpt_fcomm *comm;     /* [n_comm] */
  double radius_km;          /* the crowding radius R */
  double jobs_med, jobs_mean, jobs_p05, jobs_p95; /* district, over the months between
                                the first start and the last end (as for rpt_fcomm) */
  double p_loss;             /* P(district NPV < 0) */
  double p_two_any;          /* P(some community sees two mines within R at once) */
  double wages_total;        /* expected wage bill over the plan */
  double fiscal_total;       /* expected royalties and taxes over the plan */
  size_t n_paths;            /* price scenarios */
  unsigned long long seed;   /* their seed */
} rpt_facts;

typedef struct rpt_statement {
  const char *id;            /* rule id (static) */
  const char *section;       /* summary section heading (static, translated) */
  char text[RPT_STATEMENT_MAX];
} rpt_statement;

/* The statements that hold for f, in summary order, into out[0..max); returns the
 * count. Allocates nothing. */
size_t rpt_summary(rpt_statement *out, size_t max, const rpt_facts *f);

/* The ids of every rule, in order (NULL-terminated), for the tests. */
extern const char *const rpt_summary_ids[];

/* One mine of the investor's table (report_pages.c), in money at t = 0 after its
 * capital cost. */
typedef struct rpt_fvalue {
  const char *name;          /* site name */
  double soso;               /* value with pauses allowed (risk-neutral prices) */
  double fixed_q;            /* the fixed plan at the same risk-neutral prices */
  double classical;          /* the fixed plan at the real-world expected prices and
                                the mine file's discount rate (classical NPV) */
  const char *factor;        /* its first price factor ("ZINC") */
  double drift;              /* that factor's real-world drift (per year; NaN: OU) */
} rpt_fvalue;

/* The investor's reading of the value table into buf ("" when nothing needs
 * saying): where the classical NPV is above the value with pauses allowed, says
 * for which mines and why (the classical NPV counts on the price models' trends,
 * the SOSO value on risk-neutral prices), and - only when it holds for each of
 * them - that pausing adds value at the same prices, with the range. */
void rpt_investor_note(char *buf, size_t n, const rpt_fvalue *v, size_t nv,
                       const char *currency);

/* Plain-language numbers (report_doc.c): "1,200" (two significant figures),
 * "12 million EUR". */
void rpt_fmt_count(char *buf, size_t n, double v);
void rpt_fmt_money(char *buf, size_t n, double v, const char *currency);

#endif
