/* report_pages.c - the report's pages for each reader: page 1 (the summary from
 * report_summary.c and one row per community), one page per community, then one
 * page each for the investor, the permitting officer and the consultant; and the
 * appendices' glossary and assumptions table (also written as assumptions.csv).
 *
 * Every number comes from the run (rpt); every sentence is marked _() with its
 * numbers as printf placeholders. No absolute path of the machine is printed:
 * files are named by their base name.
 */
#define _POSIX_C_SOURCE 200809L
#include "report/report_int.h"
#include "soso/csv.h"
#include "soso/afile.h"
#include "soso/survey.h"

#include "core/i18n_int.h"
#include "soso/i18n.h"
#include "soso/error.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRY(x)                                                                           \
  do {                                                                                   \
    int rc_ = (x);                                                                       \
    if (rc_ < 0) return rc_;                                                             \
  } while (0)

static int nomem(void) { return soso_error_set(SOSO_ENOMEM, "report: out of memory"); }

static const soso_region_result *plan(const rpt *r) { return r->res[r->plan]; }

/* Millions with one decimal ("5.9", "-0.9") for tables whose header names the unit. */
/* Million, one decimal, as the reader's language writes it ("12.5", bs "12,5"). */
static void mio(char *buf, size_t n, double v) { soso_i18n_number(buf, n, v / 1e6, 1, 0); }

/* src cut to fit n bytes at a word boundary, with "..." when cut. */
static void clip(char *dst, size_t n, const char *src) {
  size_t len = strlen(src);
  if (len < n) {
    memcpy(dst, src, len + 1);
    return;
  }
  size_t k = n - 4;
  while (k > 0 && src[k] != ' ') k--;
  if (k == 0) k = n - 4;
  memcpy(dst, src, k);
  memcpy(dst + k, "...", 4);
}

/* Index k in the plan's order of site i, or SIZE_MAX. */
static size_t plan_pos(const rpt *r, size_t i) {
  const soso_region_result *p = plan(r);
  for (size_t k = 0; k < p->n_used; k++)
    if (p->order[k] == i) return k;
  return SIZE_MAX;
}

size_t rpt_site_community(const rpt *r, const rpt_site *s) {
  if (!s->a) return SIZE_MAX;
  for (size_t c = 0; c < soso_region_n_communities(r->region); c++)
    if (strcmp(soso_region_community_name(r->region, c), s->a->community_name) == 0) return c;
  /* community files name the place as the region does; else the nearest one */
  size_t best = SIZE_MAX;
  double km = HUGE_VAL;
  for (size_t c = 0; c < soso_region_n_communities(r->region); c++) {
    double x = soso_region_distance_km(r->region, s->index, c);
    if (x < km) km = x, best = c;
  }
  return best;
}

static double start_year(const rpt *r, size_t i) {
  size_t k = plan_pos(r, i);
  return soso_region_start_year(r->region) + (k == SIZE_MAX ? 0 : plan(r)->planned_start[k]) / 12.0;
}

static double end_year(const rpt *r, size_t i) {
  return start_year(r, i) + plan(r)->site_op_months[i] / 12.0;
}

static double indicator(const soso_assessment *a, const char *name) {
  const soso_indicator *x = a ? soso_impacts_assessment_indicator(a, name) : NULL;
  return x && x->available ? x->value : 0.0;
}

/* Averages over months [m0, m1) of a community's (or the district's) jobs. */
static void jobs_window(const double *q, const double *mean, size_t m0, size_t m1, double *med,
                        double *mn, double *lo, double *hi) {
  double a = 0, b = 0, c = 0, d = 0;
  size_t n = 0;
  for (size_t m = m0; m < m1; m++, n++) {
    a += q[3 * m + 1];
    b += mean[m];
    c += q[3 * m];
    d += q[3 * m + 2];
  }
  double k = n ? (double)n : NAN;
  *med = a / k, *mn = b / k, *lo = c / k, *hi = d / k;
}

/* The months a community has at least half a worker attributed on average. */
static int comm_window(const soso_region_community_result *cr, size_t n_months, size_t *m0,
                       size_t *m1) {
  *m0 = n_months, *m1 = 0;
  for (size_t m = 0; m < n_months; m++)
    if (cr->jobs_mean[m] >= 0.5) {
      if (*m0 == n_months) *m0 = m;
      *m1 = m + 1;
    }
  return *m1 > *m0;
}

/* The months that matter to community c: from the first planned start to the last
 * planned end of the mines it hosts or has within R km; a community with none of
 * its own gets the months it has at least half a worker attributed on average. */
static int comm_months(const rpt *r, size_t c, size_t *m0, size_t *m1) {
  const soso_region_result *p = plan(r);
  double a = HUGE_VAL, b = -HUGE_VAL, R = soso_region_radius_km(r->region);
  for (size_t k = 0; k < p->n_used; k++) {
    size_t i = p->order[k];
    if (rpt_site_community(r, &r->sites[i]) != c && soso_region_distance_km(r->region, i, c) > R)
      continue;
    a = fmin(a, p->planned_start[k]);
    b = fmax(b, p->planned_start[k] + p->site_op_months[i]);
  }
  if (!(b > a)) return comm_window(&p->community[c], p->n_months, m0, m1);
  *m0 = (size_t)fmax(0.0, floor(a));
  *m1 = (size_t)fmin((double)p->n_months, ceil(b));
  return *m1 > *m0;
}

static const char *vec_what(int v) {
  switch (v) {
  case SOSO_VEC_EMPLOYMENT: return _("jobs");
  case SOSO_VEC_NOISE: return _("noise");
  case SOSO_VEC_DUST: return _("dust");
  case SOSO_VEC_TRAFFIC: return _("traffic");
  case SOSO_VEC_WATER: return _("water");
  default: return _("land not yet restored");
  }
}

/* Facts for the summary (report_summary.h) from the run. Arrays are the caller's. */
/* why[i]: storage for site i's not-served reason in the reader's language. */
static void facts(rpt_facts *f, rpt_fsite *fs, rpt_fcomm *fc, char (*why)[512], const rpt *r) {
  const soso_region_result *p = plan(r);
  memset(f, 0, sizeof *f);
  f->concurrent = p->strategy == SOSO_STRATEGY_CONCURRENT;
  f->n_sites = r->n_sites;
  f->site = fs;
  f->n_used = p->n_used;
  f->order = p->order;
  f->n_comm = p->n_communities;
  f->comm = fc;
  f->radius_km = soso_region_radius_km(r->region);
  f->p_loss = p->p_npv_negative;
  f->p_two_any = p->p_two_or_more_any;
  f->n_paths = p->n_paths;
  f->seed = (unsigned long long)p->seed;
  for (size_t m = 0; m < p->n_months; m++) {
    f->wages_total += p->wages_t[m];
    f->fiscal_total += p->fiscal_t[m];
  }
  double first = HUGE_VAL, last = 0;
  for (size_t i = 0; i < r->n_sites; i++) {
    const rpt_site *s = &r->sites[i];
    rpt_fsite *x = &fs[i];
    memset(x, 0, sizeof *x);
    x->name = soso_region_site_name(r->region, i);
    x->community = s->a ? s->a->community_name : "";
    x->in_plan = s->in_plan;
    x->not_served = f->concurrent ? ""
                                  : soso_region_site_not_served_text(why[i], sizeof why[i], r->region,
                                                                     i);
    x->start_year = start_year(r, i);
    x->end_year = end_year(r, i);
    x->rem_years = s->a ? s->a->closure.remediation_years : 0;
    x->crew = s->site ? soso_site_mine(s->site)->operating_crew : 0;
    x->pauses = s->ops ? s->ops->switches.mean / 2.0 : 0;
    x->p_layoff = s->ops ? s->ops->p_layoff_12 : 0;
    x->guarantee_eur = s->a ? s->a->closure.guarantee_eur : 0;
    x->local_revenue_eur_year = indicator(s->a, "local_public_revenue_eur_year");
    x->local_hire = s->drv.local_hire_share;
    if (s->in_plan) {
      size_t k = plan_pos(r, i);
      first = fmin(first, p->planned_start[k]);
      last = fmax(last, p->planned_start[k] + p->site_op_months[i]);
    }
  }
  size_t m0 = isfinite(first) ? (size_t)first : 0;
  size_t m1 = (size_t)fmin((double)p->n_months, ceil(last));
  f->jobs_med = NAN;
  if (m1 > m0)
    jobs_window(p->jobs_q, p->jobs_mean_t, m0, m1, &f->jobs_med, &f->jobs_mean, &f->jobs_p05,
                &f->jobs_p95);
  for (size_t c = 0; c < p->n_communities; c++) {
    const soso_region_community_result *cr = &p->community[c];
    rpt_fcomm *x = &fc[c];
    memset(x, 0, sizeof *x);
    x->name = soso_region_community_name(r->region, c);
    x->p_two = cr->p_two_or_more;
    x->jobs_med = NAN;
    size_t a0, a1;
    if (comm_months(r, c, &a0, &a1))
      jobs_window(cr->jobs_q, cr->jobs_mean, a0, a1, &x->jobs_med, &x->jobs_mean, &x->jobs_p05,
                  &x->jobs_p95);
    for (int v = 0; v < SOSO_VEC_N && v < RPT_FACT_VECS; v++) {
      const soso_cumulative *cv = &cr->vec[v];
      rpt_fvec *y = &x->vec[x->n_vec++];
      y->what = vec_what(v);
      y->positive = cv->positive;
      y->sig = cv->significance;
      y->sig_single = cv->significance_single;
      y->measure = cv->measure;
    }
  }
}

/* Page 1 ------------------------------------------------------------------------- */

int rpt_doc_front(soso_doc *d, const rpt *r) {
  const soso_region_result *p = plan(r);
  rpt_fsite *fs = calloc(r->n_sites + 1, sizeof *fs);
  rpt_fcomm *fc = calloc(p->n_communities + 1, sizeof *fc);
  rpt_statement *st = calloc(32, sizeof *st);
  char (*why)[512] = calloc(r->n_sites + 1, sizeof *why);
  if (!fs || !fc || !st || !why) {
    free(fs), free(fc), free(st), free(why);
    return nomem();
  }
  rpt_facts f;
  facts(&f, fs, fc, why, r);
  size_t n = rpt_summary(st, 32, &f);
  int rc = soso_doc_heading(d, 2, _("Summary"));
  if (rc == 0)
    rc = soso_doc_callout(d, SOSO_CALLOUT_WARNING, _("A worked example"),
                          _("Many inputs are assumptions, not facts about the real mines; "
                            "Appendix D lists each one. Check them with the companies and the "
                            "authorities before relying on the results."));
  /* The input files' own texts are data, not messages: no catalog translates them
   * (a rules file is edited by its users), so a report in another language says
   * once that it quotes them as written. */
  if (rc == 0 && strcmp(soso_i18n_lang(), "en") != 0)
    rc = soso_doc_para(d, _("Texts quoted from the input files - the findings and measures "
                            "of the rules file, the criteria of modern small-scale mining and "
                            "the land-use plans of the site files - are data written in "
                            "English by their authors; this report quotes them as written."));
  /* One row per community: the five questions of page 1. */
  size_t nc = p->n_communities;
  char (*cells)[160] = calloc((nc + 1) * 5, sizeof *cells);
  if (!cells) rc = rc ? rc : nomem();
  for (size_t c = 0; c < nc && rc == 0; c++) {
    char (*q)[160] = cells + c * 5;
    snprintf(q[0], 160, "%s", fc[c].name);
    double rev = 0, g = 0;
    q[1][0] = q[2][0] = '\0';
    for (size_t i = 0; i < r->n_sites; i++) {
      const rpt_site *s = &r->sites[i];
      if (rpt_site_community(r, s) != c) continue;
      size_t len = strlen(q[1]);
      if (s->in_plan)
        snprintf(q[1] + len, 160 - len, _("%s%s, %d to %d"), len ? "; " : "",
                 soso_region_site_name(r->region, i), (int)floor(start_year(r, i)),
                 (int)floor(end_year(r, i)));
      else
        snprintf(q[1] + len, 160 - len, _("%s%s, not in the plan"), len ? "; " : "",
                 soso_region_site_name(r->region, i));
      if (s->in_plan) rev += indicator(s->a, "local_public_revenue_eur_year");
      if (s->in_plan) g += s->a ? s->a->closure.guarantee_eur : 0;
    }
    if (!q[1][0]) snprintf(q[1], 160, "%s", _("none of its own (jobs from mines nearby)"));
    if (isfinite(fc[c].jobs_med)) {
      char a[32], b[32], lo[32], hi[32];
      rpt_fmt_count(a, sizeof a, fc[c].jobs_med);
      rpt_fmt_count(b, sizeof b, fc[c].jobs_mean);
      rpt_fmt_count(lo, sizeof lo, fc[c].jobs_p05);
      rpt_fmt_count(hi, sizeof hi, fc[c].jobs_p95);
      size_t w0 = 0, w1 = 0;
      comm_months(r, c, &w0, &w1);
      double y0 = soso_region_start_year(r->region);
      snprintf(q[2], 160, _("%s (mean %s; %s-%s), %d to %d"), a, b, lo, hi,
               (int)floor(y0 + (double)w0 / 12.0), (int)floor(y0 + (double)(w1 - 1) / 12.0));
    } else {
      snprintf(q[2], 160, "%s", _("none"));
    }
    if (rev > 0) rpt_fmt_money(q[3], 160, rev, "EUR");
    else snprintf(q[3], 160, "%s", _("none under the plan"));
    if (g > 0) rpt_fmt_money(q[4], 160, g, "EUR");
    else snprintf(q[4], 160, "-");
  }
  const char *hdr[] = {_("community"), _("its mine, years of work"),
                       _("jobs in a typical month: median (mean; 5-95 %)"),
                       _("to the municipality a year"), _("closure guarantee lodged")};
  if (rc == 0)
    rc = rpt_table(d, _("Each community at a glance (the pages that follow explain each "
                        "column)"), 5, hdr, nc, cells);
  free(cells);
  if (rc == 0)
    rc = soso_doc_para(d, _("The closure guarantee is money each company lodges with the "
                            "authority before mining starts. It pays an independent contractor "
                            "to close, make safe and replant the site, and to monitor it "
                            "afterwards, even if the company fails."));
  const char *last = "";
  for (size_t k = 0; k < n && rc == 0; k++) {
    if (strcmp(st[k].section, last) != 0) {
      rc = soso_doc_heading(d, 3, st[k].section);
      last = st[k].section;
    }
    const char *item = st[k].text;
    if (rc == 0) rc = soso_doc_bullets(d, &item, 1);
  }
  if (rc == 0)
    rc = soso_doc_paraf(d, _("Numbers are rounded. They come from %zu simulated price scenarios "
                             "(seed %llu). Jobs are direct mining jobs."), f.n_paths, f.seed);
  free(fs), free(fc), free(st), free(why);
  return rc;
}

/* One page per community ----------------------------------------------------------- */

int rpt_doc_community(soso_doc *d, const rpt *r, size_t c) {
  const soso_region_result *p = plan(r);
  const soso_region_community_result *cr = &p->community[c];
  const char *name = soso_region_community_name(r->region, c);
  double R = soso_region_radius_km(r->region);
  TRY(soso_doc_heading(d, 2, name));
  /* Which mines and when. */
  char (*cells)[160] = calloc((r->n_sites + 1) * 6, sizeof *cells);
  if (!cells) return nomem();
  size_t row = 0;
  const rpt_site *host = NULL;
  for (size_t i = 0; i < r->n_sites; i++) {
    const rpt_site *s = &r->sites[i];
    double km = soso_region_distance_km(r->region, i, c);
    int mine = rpt_site_community(r, s) == c;
    if (!mine && km > R) continue;
    if (mine && !host) host = s;
    char (*q)[160] = cells + row * 6;
    snprintf(q[0], 160, _("%s (%.0f km)"), soso_region_site_name(r->region, i), km);
    if (s->in_plan) {
      snprintf(q[1], 160, "%d", (int)floor(start_year(r, i)));
      snprintf(q[2], 160, "%d", (int)floor(end_year(r, i)));
      if (s->ops) {
        char pz[32];
        soso_i18n_number(pz, sizeof pz, s->ops->switches.mean / 2.0, 1, 0);
        snprintf(q[3], 160, _("%s pauses; paused %.0f %% of the time"), pz,
                 100.0 * (1.0 - s->drv.months_open_share));
      }
      else snprintf(q[3], 160, "-");
      snprintf(q[4], 160, "%d",
               (int)floor(end_year(r, i) + (s->a ? s->a->closure.remediation_years : 0)));
    } else {
      snprintf(q[1], 160, "%s", _("not in the plan"));
      snprintf(q[2], 160, "-");
      snprintf(q[3], 160, "-");
      snprintf(q[4], 160, "-");
    }
    rpt_fmt_count(q[5], 160, s->site ? soso_site_mine(s->site)->operating_crew : 0);
    row++;
  }
  const char *hdr[] = {_("mine (distance)"), _("starts"), _("works until (mean)"),
                       _("pauses (mean)"), _("restored by"), _("crew while open")};
  int rc = row ? rpt_table(d, _("Which mines, and when"), 6, hdr, row, cells)
               : soso_doc_paraf(d, _("No planned mine lies within %.0f km of %s."), R, name);
  free(cells);
  if (rc < 0) return rc;
  /* Jobs, wages, money. */
  size_t m0, m1;
  if (comm_months(r, c, &m0, &m1)) {
    double med, mn, lo, hi, wages = 0;
    jobs_window(cr->jobs_q, cr->jobs_mean, m0, m1, &med, &mn, &lo, &hi);
    for (size_t m = m0; m < m1; m++) wages += cr->wages_mean[m];
    double y0 = soso_region_start_year(r->region);
    char a[32], b[32], l[32], h[32], w[96];
    rpt_fmt_count(a, sizeof a, med);
    rpt_fmt_count(b, sizeof b, mn);
    rpt_fmt_count(l, sizeof l, lo);
    rpt_fmt_count(h, sizeof h, hi);
    rpt_fmt_money(w, sizeof w, wages / (double)(m1 - m0) * 12.0, "EUR");
    TRY(soso_doc_paraf(d, _("Jobs: from %d to %d, while the mines near it work, in a typical "
                            "month %s people living in or near %s work in the mines (median of "
                            "the price scenarios; mean %s; in 9 of 10 scenarios between %s and "
                            "%s). Their wages come to %s a year."), (int)floor(y0 + (double)m0 / 12.0),
                       (int)floor(y0 + (double)(m1 - 1) / 12.0), a, name, b, l, h, w));
  } else {
    TRY(soso_doc_paraf(d, _("Jobs: no mining jobs are attributed to %s under the plan."), name));
  }
  if (host && host->a && !host->in_plan) {
    char why[512];
    soso_region_site_not_served_text(why, sizeof why, r->region, host->index);
    char rv[96];
    rpt_fmt_money(rv, sizeof rv, indicator(host->a, "local_public_revenue_eur_year"), "EUR");
    TRY(soso_doc_paraf(d, _("Money to the municipality: none under this plan, because %s is not "
                            "in it%s%s. Built with its own plant, it would pay the municipality "
                            "%s a year while open."),
                       soso_region_site_name(r->region, host->index), why[0] ? ": " : "", why,
                       rv));
  }
  if (host && host->a && host->in_plan) {
    char rv[96], roy[96], tax[96];
    rpt_fmt_money(rv, sizeof rv, indicator(host->a, "local_public_revenue_eur_year"), "EUR");
    rpt_fmt_money(roy, sizeof roy, host->drv.royalties_eur_year, "EUR");
    rpt_fmt_money(tax, sizeof tax, host->drv.local_taxes_eur_year, "EUR");
    TRY(soso_doc_paraf(d, _("Money to the municipality: %s a year while %s is open - %.0f %% of "
                            "the state royalty of %s a year, plus local fees of %s a year (site "
                            "file)."), rv, soso_region_site_name(r->region, host->index),
                       100.0 * host->drv.royalty_local_share, roy, tax));
  }
  /* Cumulative ratings that matter, and their measures. */
  char (*cc)[160] = calloc(SOSO_VEC_N * 4, sizeof *cc);
  if (!cc) return nomem();
  row = 0;
  for (int v = 0; v < SOSO_VEC_N; v++) {
    const soso_cumulative *cv = &cr->vec[v];
    if (cv->significance < SOSO_SIG_MODERATE && !cv->adds_up) continue;
    char (*q)[160] = cc + row * 4;
    snprintf(q[0], 160, "%s (%s)", vec_what(v), cv->positive ? _("benefit") : _("harm"));
    snprintf(q[1], 160, "%s", rpt_sig_name((int)cv->significance_single));
    snprintf(q[2], 160, "%s", rpt_sig_name((int)cv->significance));
    clip(q[3], 160, cv->measure[0] ? cv->measure : "-");
    row++;
  }
  const char *chdr[] = {_("what"), _("one mine alone"), _("all mines together"),
                        _("what to manage")};
  rc = row ? rpt_table(d, _("Effects rated moderate or major"), 4, chdr, row, cc)
           : soso_doc_para(d, _("No effect of the mines together reaches moderate here."));
  free(cc);
  if (rc < 0) return rc;
  if (host && host->a) {
    const soso_assessment *a = host->a;
    char items[6][700];
    const char *ip[6];
    size_t ni = 0;
    /* Questions for the operator, each from a fact. */
    ni = 0;
    const soso_closure *cl = &a->closure;
    char g[96];
    rpt_fmt_money(g, sizeof g, cl->guarantee_eur, "EUR");
    snprintf(items[ni++], sizeof items[0], _("Will you lodge the closure guarantee of %s before "
                                             "work starts, and index it every year?"), g);
    if (host->drv.tailings == SOSO_TAILINGS_POND)
      snprintf(items[ni++], sizeof items[0], "%s",
               _("Why a tailings pond rather than backfill or dry stacking, and who watches "
                 "its stability after closure?"));
    else if (host->ops && host->ops->p_layoff_12 > 0.05)
      snprintf(items[ni++], sizeof items[0], _("A worker has a %.0f %% chance of being laid off "
                                               "in the first year: what do you pay and offer "
                                               "workers during a pause?"),
               100.0 * host->ops->p_layoff_12);
    else if (host->drv.night_work)
      snprintf(items[ni++], sizeof items[0], "%s",
               _("Which equipment runs at night, and how far is it from the nearest homes?"));
    snprintf(items[ni++], sizeof items[0], _("How will you reach %.0f %% local hiring, and "
                                             "what training do you offer?"),
             100.0 * host->drv.local_hire_share);
    for (size_t k = 0; k < ni; k++) ip[k] = items[k];
    TRY(soso_doc_heading(d, 3, _("Questions to put to the operator")));
    TRY(soso_doc_bullets(d, ip, ni));
    ni = 0;
    snprintf(items[ni++], sizeof items[0], _("How to use the royalty share (%.0f %% of the "
                                             "royalty) while the mine works and after it "
                                             "closes."),
             100.0 * host->drv.royalty_local_share);
    snprintf(items[ni++], sizeof items[0], _("Which use the land gets after closure: %.400s."),
             cl->land_use);
    for (size_t k = 0; k < ni; k++) ip[k] = items[k];
    TRY(soso_doc_heading(d, 3, _("Decisions for the municipality")));
    TRY(soso_doc_bullets(d, ip, ni));
  }
  return 0;
}

/* Investor ------------------------------------------------------------------------- */

int rpt_doc_investor(soso_doc *d, const rpt *r) {
  const soso_region_result *p = plan(r);
  const char *cur = soso_region_currency(r->region);
  TRY(soso_doc_heading(d, 2, _("For the investor")));
  char a[96], b[96], c[96], e[96];
  rpt_fmt_money(a, sizeof a, p->npv.q[0], cur);
  rpt_fmt_money(b, sizeof b, p->npv.q[2], cur);
  rpt_fmt_money(c, sizeof c, p->npv.q[4], cur);
  rpt_fmt_money(e, sizeof e, p->npv.mean, cur);
  TRY(soso_doc_paraf(d, _("The district under the plan (%s) is worth %s at the median of %zu "
                          "price scenarios (mean %s; 5 %% of scenarios below %s, 5 %% above %s), "
                          "discounted at the region file's rate. In %.0f %% of the scenarios it "
                          "loses money."), rpt_strategy_name(p->strategy), b, p->n_paths, e, a,
                     c, 100.0 * p->p_npv_negative));
  size_t n = 0;
  for (size_t i = 0; i < r->n_sites; i++) n += r->sites[i].site != NULL;
  enum { NCOL = 9 };
  char (*cells)[160] = calloc((n + 1) * NCOL, sizeof *cells);
  rpt_fvalue *val = calloc(n + 1, sizeof *val);
  if (!cells || !val) {
    free(cells);
    free(val);
    return nomem();
  }
  size_t row = 0;
  for (size_t i = 0; i < r->n_sites; i++) {
    const rpt_site *s = &r->sites[i];
    if (!s->site) continue;
    const soso_mine *m = soso_site_mine(s->site);
    const soso_factor *f0 = &m->pmodel.d.f[0];
    val[row] = (rpt_fvalue){soso_region_site_name(r->region, i), s->v_open - m->capital_cost,
                            s->v_static - m->capital_cost, s->st.npv, f0->name,
                            f0->kind == SOSO_PRICE_GBM ? f0->mu : NAN};
    char (*q)[160] = cells + row * NCOL;
    snprintf(q[0], 160, "%s", val[row].name);
    mio(q[1], 160, m->capital_cost);
    mio(q[2], 160, val[row].soso);
    mio(q[3], 160, val[row].soso - val[row].fixed_q);
    mio(q[4], 160, s->st.npv);
    if (s->st.has_irr) snprintf(q[5], 160, "%.0f %%", 100.0 * (exp(s->st.irr) - 1.0));
    else snprintf(q[5], 160, "%s", _("none"));
    /* Simple payback: capital over the static plan's average yearly cash flow. */
    double yearly = s->st.life_years > 0
                        ? (s->st.undiscounted + m->capital_cost) / s->st.life_years : 0;
    if (yearly > 0 && m->capital_cost / yearly <= s->st.life_years)
      soso_i18n_number(q[6], 160, m->capital_cost / yearly, 1, 0);
    else snprintf(q[6], 160, "%s", _("not within its life"));
    char lo[64], hi[64];
    mio(lo, sizeof lo, s->sens[0]);
    mio(hi, sizeof hi, s->sens[1]);
    snprintf(q[7], 160, "%s / %s", lo, hi);
    mio(lo, sizeof lo, s->sens[3]);
    mio(hi, sizeof hi, s->sens[2]);
    snprintf(q[8], 160, "%s / %s", lo, hi);
    row++;
  }
  const char *hdr[] = {_("mine"), _("capital cost"), _("value, pauses allowed"),
                       _("of which the freedom to pause"), _("classical NPV, fixed plan"),
                       _("internal rate of return"), _("payback (years)"),
                       _("value if price -20 % / +20 %"), _("value if cost +20 % / -20 %")};
  char cap[200];
  snprintf(cap, sizeof cap, _("Each mine: value after its capital cost (million %s), return and "
                              "sensitivity"), cur);
  int rc = rpt_table(d, cap, NCOL, hdr, row, cells);
  free(cells);
  char note[2048];
  rpt_investor_note(note, sizeof note, val, row, cur);
  free(val);
  if (rc < 0) return rc;
  /* xgettext:no-c-format */
  TRY(soso_doc_para(d, _("Value with pauses allowed: the mine may pause, reopen or close for "
                         "good as prices move (the SOSO value, risk-neutral prices); of which the "
                         "freedom to pause: that value less the fixed plan's at the same prices. "
                         "Classical NPV: full output until the ore is used up, at the expected "
                         "prices of the mine file's price model and its discount rate; its "
                         "internal rate of return is per year and its payback is the capital cost "
                         "over the plan's average yearly cash flow. Sensitivity: the SOSO value "
                         "again with today's price 20 % lower or higher, and with operating costs "
                         "(per tonne and fixed) 20 % higher or lower.")));
  if (note[0]) TRY(soso_doc_para(d, note));
  return 0;
}

/* Permitting officer ------------------------------------------------------------------ */

int rpt_doc_permitting(soso_doc *d, const rpt *r) {
  TRY(soso_doc_heading(d, 2, _("For the permitting officer")));
  size_t n = 0;
  for (size_t i = 0; i < r->n_sites; i++) n += r->sites[i].a != NULL;
  char (*cells)[160] = calloc((n + 1) * 7, sizeof *cells);
  if (!cells) return nomem();
  size_t row = 0;
  for (size_t i = 0; i < r->n_sites; i++) {
    const rpt_site *s = &r->sites[i];
    if (!s->a) continue;
    const soso_closure *c = &s->a->closure;
    char (*q)[160] = cells + row * 7;
    snprintf(q[0], 160, "%s", soso_region_site_name(r->region, i));
    mio(q[1], 160, c->direct_cost_eur);
    mio(q[2], 160, c->indirect_eur + c->contingency_eur);
    mio(q[3], 160, c->care_eur);
    mio(q[4], 160, c->monitoring_eur);
    mio(q[5], 160, c->guarantee_eur);
    snprintf(q[6], 160, _("year %zu of %zu"), c->liability_max_year, c->n_schedule);
    row++;
  }
  const char *hdr[] = {_("site"), _("third-party works"), _("indirect and contingency"),
                       _("care in a permitted pause"), _("monitoring after closure"),
                       _("guarantee"), _("largest liability")};
  int rc = rpt_table(d, _("Closure guarantee in million EUR (Extractive Waste Directive "
                          "2006/21/EC Art. 14, Decision 2009/335/EC)"), 7, hdr, row, cells);
  free(cells);
  if (rc < 0) return rc;
  TRY(soso_doc_para(d, _("The guarantee is what an independent contractor would need to close "
                         "the site at its most disturbed (the end of mining), plus care and "
                         "maintenance for the longest pause the permit allows and monitoring "
                         "afterwards. It depends on the plan only, not on the price scenarios "
                         "or the seed. Appendix A gives each site's formula with its numbers "
                         "and the liability year by year.")));
  /* EIA, Natura 2000 and monitoring hooks, per site from its community file. */
  char items[16][1400]; /* Cyrillic takes two bytes a letter */
  const char *ip[16];
  size_t ni = 0;
  for (size_t i = 0; i < r->n_sites && ni < 14; i++) {
    const rpt_site *s = &r->sites[i];
    if (!s->a || !s->comm) continue;
    char des[400] = "";
    for (size_t k = 0; k < s->comm->n_designations; k++) {
      const soso_designation *g = &s->comm->designations[k];
      size_t len = strlen(des);
      char km[32];
      soso_i18n_number(km, sizeof km, g->distance_km, 1, 0);
      snprintf(des + len, sizeof des - len, "%s%s %s (%s km)", len ? "; " : "",
               g->kind == SOSO_DESIG_NATURA2000 ? "Natura 2000" :
               g->kind == SOSO_DESIG_LANDSCAPE ? _("protected landscape") : _("heritage"),
               g->name, km);
    }
    int natura = 0;
    for (size_t k = 0; k < s->comm->n_designations; k++)
      natura |= s->comm->designations[k].kind == SOSO_DESIG_NATURA2000;
    snprintf(items[ni], sizeof items[ni],
             natura ? _("%s: a Natura 2000 site lies nearby (%s): an appropriate assessment "
                        "(Habitats Directive Art. 6(3)) is needed before the permit; the nearest "
                        "homes are %.0f m away.")
                    : _("%s: designations nearby: %s; the environmental impact assessment "
                        "should check them; the nearest homes are %.0f m away."),
             soso_region_site_name(r->region, i), des[0] ? des : _("none stated"),
             s->comm->nearest_dwellings_m);
    ip[ni] = items[ni];
    ni++;
  }
  if (ni) {
    TRY(soso_doc_heading(d, 3, _("Environmental assessment and protected areas")));
    TRY(soso_doc_bullets(d, ip, ni));
  }
  ni = 0;
  for (size_t i = 0; i < r->n_sites && ni < 14; i++) {
    const rpt_site *s = &r->sites[i];
    if (!s->a) continue;
    const soso_closure *c = &s->a->closure;
    snprintf(items[ni], sizeof items[ni], _("%s: monitor water, stability and revegetation for "
                                            "%.0f years after closure%s; %.1000s"),
             soso_region_site_name(r->region, i), c->monitoring_years,
             s->drv.tailings == SOSO_TAILINGS_POND ? _(" (tailings pond)") : "", c->notes);
    ip[ni] = items[ni];
    ni++;
  }
  if (ni) {
    TRY(soso_doc_heading(d, 3, _("Monitoring and conditions")));
    TRY(soso_doc_bullets(d, ip, ni));
  }
  return 0;
}

/* Consultant ----------------------------------------------------------------------- */

int rpt_doc_consultant(soso_doc *d, const rpt *r) {
  TRY(soso_doc_heading(d, 2, _("For the consultant")));
  TRY(soso_doc_para(d, _("The indicators behind the ratings, the community baselines they "
                         "were compared with, and the measures that change them. Appendix A has "
                         "every dimension of every site; the rules file gives every threshold.")));
  size_t n = 0;
  for (size_t i = 0; i < r->n_sites; i++) n += r->sites[i].a != NULL;
  char (*cells)[160] = calloc((n + 1) * 6, sizeof *cells);
  if (!cells) return nomem();
  size_t row = 0;
  for (size_t i = 0; i < r->n_sites; i++) {
    const rpt_site *s = &r->sites[i];
    if (!s->a || !s->comm) continue;
    char (*q)[160] = cells + row * 6;
    snprintf(q[0], 160, "%s / %s", soso_region_site_name(r->region, i), s->comm->name);
    rpt_fmt_count(q[1], 160, s->comm->population);
    snprintf(q[2], 160, "%.0f %%", 100.0 * s->comm->unemployment_rate);
    soso_i18n_number(q[3], 160, indicator(s->a, "local_jobs_per_1000_working_age"), 1, 0);
    soso_i18n_number(q[4], 160, indicator(s->a, "wage_ratio"), 2, 0);
    snprintf(q[5], 160, "%zu / %zu", s->a->ssm_met, s->a->n_ssm);
    row++;
  }
  const char *hdr[] = {_("site / community"), _("residents"), _("unemployment"),
                       _("local jobs per 1,000 of working age"), _("mine wage / local wage"),
                       _("modern small-scale mining criteria met")};
  int rc = rpt_table(d, _("Indicators and baselines"), 6, hdr, row, cells);
  free(cells);
  if (rc < 0) return rc;
  /* Measures credited in the after-measures ratings. */
  char items[24][600];
  const char *ip[24];
  size_t ni = 0;
  for (size_t i = 0; i < r->n_sites && ni < 24; i++) {
    const soso_assessment *a = r->sites[i].a;
    if (!a || !r->sites[i].in_plan) continue; /* the others: Appendix A */
    for (size_t k = 0; k < a->n_dims && ni < 9; k++) {
      const soso_dimension *dm = &a->dims[k];
      /* the ratings that move from or to moderate or major */
      if (dm->significance == dm->significance_after || dm->n_measures == 0 ||
          (dm->significance < SOSO_SIG_MODERATE && dm->significance_after < SOSO_SIG_MODERATE))
        continue;
      snprintf(items[ni], sizeof items[ni], _("%s, %s: %s to %s by \"%.300s\" (%s)."),
               soso_region_site_name(r->region, i), dm->name,
               rpt_sig_name((int)dm->significance),
               rpt_sig_name((int)dm->significance_after), dm->measures[0].text,
               dm->measures[0].hierarchy);
      ip[ni] = items[ni];
      ni++;
    }
  }
  if (ni) {
    TRY(soso_doc_heading(d, 3, _("Measures that earn the after-measures ratings (moderate or "
                                 "major effects of the mines in the plan; Appendix A has all)")));
    TRY(soso_doc_bullets(d, ip, ni));
  }
  /* Survey evidence: the hook for the survey module (src/survey/). Until it reports,
   * the community files' own survey blocks are all there is. */
  TRY(soso_doc_heading(d, 3, _("Survey evidence")));
  ni = 0;
  for (size_t i = 0; i < r->n_sites && ni < 24; i++) {
    const rpt_site *s = &r->sites[i];
    if (!s->comm || !s->comm->survey.present) continue;
    const soso_survey *sv = &s->comm->survey;
    char al[32], ms[32];
    soso_i18n_number(al, sizeof al, sv->alpha, 2, 0);
    soso_i18n_number(ms, sizeof ms, sv->mean_score, 2, 0);
    snprintf(items[ni], sizeof items[ni], _("%s: %zu respondents, %zu items, Cronbach's alpha "
                                            "%s, mean score %s of %d."),
             s->comm->name, sv->n_resp, sv->n_items, al, ms, sv->scale_max);
    ip[ni] = items[ni];
    ni++;
  }
  /* What residents told us: the survey module's paragraph per community, from the
   * surveys imported into the store (soso survey import). */
  int told = 0;
  for (size_t c = 0; c < r->n_comms && r->o->store; c++) {
    char *text = NULL;
    if (!r->comms[c]) continue;
    int trc = soso_survey_residents_text(&text, r->o->store, r->comms[c]->name);
    if (trc == SOSO_ENOTFOUND) continue; /* no survey of this community */
    if (trc) return trc;
    /* The module writes Markdown (the synthetic flag in *italics*); the document
     * model takes plain text. */
    size_t w = 0;
    for (size_t k = 0; text[k]; k++)
      if (text[k] != '*') text[w++] = text[k];
    text[w] = '\0';
    char h[256];
    snprintf(h, sizeof h, _("What residents told us: %s"), r->comms[c]->name);
    int prc = soso_doc_heading(d, 3, h);
    if (prc == 0) prc = soso_doc_para(d, text);
    free(text);
    if (prc) return prc;
    told = 1;
  }
  if (ni) return soso_doc_bullets(d, ip, ni);
  if (told) return 0;
  return soso_doc_para(d, _("No survey data: none of the community files holds a survey, so "
                            "acceptance is not measured. The ratings of \"uncertainty, fears "
                            "and aspirations\" rest on the brief's defaults until one is run."));
}

/* Glossary -------------------------------------------------------------------------- */

int rpt_doc_glossary(soso_doc *d) {
  static const char *const g[] = {
      N_("SSM"), N_("small-scale mining: a small mine (here under 5 million tonnes of ore and "
                    "0.3 million tonnes a year) with a small, trained crew and a small footprint."),
      N_("SOSO"), N_("switch-on, switch-off: a mine that pauses when metal prices are low and "
                     "reopens when they recover, instead of working without a break."),
      N_("modern SSM"), N_("small-scale mining that meets the policy brief's eight criteria "
                           "(small deposit, underground and selective, modular plant, trained "
                           "crew, small infrastructure, eco-efficient, moderate costs, short "
                           "life)."),
      N_("care and maintenance"), N_("a pause: the mine keeps pumps, ventilation and security "
                                     "running with a small crew and produces nothing."),
      N_("modular plant"), N_("a processing plant in containers that can be taken down and "
                              "moved to the next mine."),
      N_("price scenario"), N_("one simulated path of metal prices over the plan; the report "
                               "uses many to show what is likely and what is possible."),
      N_("median"), N_("the middle value: half the scenarios give less, half give more."),
      N_("5-95 %"), N_("the range within which 9 of 10 scenarios fall."),
      N_("significance"), N_("how much an effect matters: its size (magnitude) against how "
                             "sensitive the community is; negligible, minor, moderate or "
                             "major."),
      N_("cumulative effect"), N_("the effect of all mines together on one community, "
                                  "compared with the largest effect of one mine alone."),
      N_("financial guarantee"), N_("money the company lodges with the authority before it "
                                    "starts, enough for someone else to close the site if "
                                    "the company cannot."),
      N_("royalty"), N_("a share of the sales the mine pays to the state; part may go to the "
                        "municipality."),
      N_("net present value (NPV)"), N_("future income minus costs, each counted less the "
                                        "later it comes (discounting)."),
      N_("internal rate of return"), N_("the yearly return at which the investment just pays "
                                        "back."),
      N_("Natura 2000"), N_("the EU's network of protected nature sites."),
      N_("EIA"), N_("environmental impact assessment, required before a permit."),
  };
  size_t n = sizeof g / sizeof g[0] / 2;
  char (*cells)[160] = calloc(2 * n, sizeof *cells);
  if (!cells) return nomem();
  for (size_t k = 0; k < n; k++) {
    snprintf(cells[2 * k], 160, "%s", _(g[2 * k]));
    snprintf(cells[2 * k + 1], 160, "%.159s", _(g[2 * k + 1]));
  }
  const char *hdr[] = {_("term"), _("meaning")};
  int rc = soso_doc_heading(d, 2, _("Appendix E. Glossary"));
  if (rc == 0) rc = rpt_table(d, _("Words used in this report"), 2, hdr, n, cells);
  free(cells);
  return rc;
}

/* Assumptions as a table and as CSV ------------------------------------------------- */

int rpt_doc_assumptions_table(soso_doc *d, const rpt *r) {
  if (r->n_as == 0) return soso_doc_para(d, _("No input line is marked as an assumption."));
  char (*cells)[160] = calloc(r->n_as * 3, sizeof *cells);
  if (!cells) return nomem();
  for (size_t k = 0; k < r->n_as; k++) {
    const rpt_assumption *a = &r->as[k];
    snprintf(cells[3 * k], 160, "%.120s:%zu", a->file, a->line);
    snprintf(cells[3 * k + 1], 160, "%.150s", a->setting);
    snprintf(cells[3 * k + 2], 160, "%.150s", a->note);
  }
  const char *hdr[] = {_("file:line"), _("setting"), _("why it is assumed")};
  int rc = rpt_table(d, _("Every input marked as an assumption (also in assumptions.csv)"), 3,
                     hdr, r->n_as, cells);
  free(cells);
  return rc;
}

/* RFC 4180 field. */
/* assumptions.csv: the project's one CSV writer (formula guard, quoting) into an
 * atomic output (O_EXCL temporary, renamed on success). */
int rpt_write_assumptions_csv(const rpt *r) {
  char path[RPT_PATH + 32];
  snprintf(path, sizeof path, "%s/assumptions.csv", r->out);
  FILE *f = NULL;
  soso_afile *af = NULL;
  int rc = soso_afile_open(&af, &f, path);
  if (rc) return rc;
  fputs("file,line,setting,note\n", f);
  for (size_t k = 0; k < r->n_as; k++) {
    char line[32];
    snprintf(line, sizeof line, "%zu", r->as[k].line);
    soso_csv_write_field(f, r->as[k].file, ',');
    fputc(',', f);
    soso_csv_write_field(f, line, ',');
    fputc(',', f);
    soso_csv_write_field(f, r->as[k].setting, ',');
    fputc(',', f);
    soso_csv_write_field(f, r->as[k].note, ',');
    fputc('\n', f);
  }
  if (ferror(f)) {
    soso_afile_abort(af);
    return soso_error_set(SOSO_EIO, "%s: cannot write", path);
  }
  return soso_afile_commit(af);
}
