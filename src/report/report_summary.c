/* report_summary.c - the summary's statements, one rule each (report_summary.h).
 *
 * Each rule returns 1 and writes its sentence when its condition holds on the
 * facts, 0 otherwise. The condition is in the code beside the sentence, so that a
 * reader of this file sees when each sentence is said. Years are calendar years
 * (floor of the fractional year); counts go through rpt_fmt_count, money through
 * rpt_fmt_money; percentages are rounded to whole percent.
 */
#include "report/report_summary.h"

#include "core/i18n_int.h"
#include "soso/i18n.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef int (*rule_fn)(char *buf, size_t n, const rpt_facts *f);

static void cat(char *buf, size_t n, const char *fmt, ...) {
  size_t len = strlen(buf);
  if (len + 1 >= n) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf + len, n - len, fmt, ap);
  va_end(ap);
}

static int year(double y) { return (int)floor(y); }

/* Which mines, in which order, and when each works. */
static int r_plan(char *buf, size_t n, const rpt_facts *f) {
  if (f->n_used == 0) return 0;
  char list[1100] = "";
  for (size_t k = 0; k < f->n_used; k++) {
    const rpt_fsite *s = &f->site[f->order[k]];
    char one[200];
    snprintf(one, sizeof one, _("%s (%d to %d)"), s->name, year(s->start_year),
             year(s->end_year));
    cat(list, sizeof list, "%s%s", k == 0 ? "" : (k + 1 == f->n_used ? _(", then ") : ", "), one);
  }
  if (f->concurrent)
    snprintf(buf, n, _("%zu mines are planned, each with its own processing plant: %s."),
             f->n_used, list);
  else
    snprintf(buf, n, _("%zu mines are planned. One mobile processing plant moves from mine "
                       "to mine in this order: %s."), f->n_used, list);
  return 1;
}

/* Sites the plan cannot or does not use, each with its reason. */
static int r_not_served(char *buf, size_t n, const rpt_facts *f) {
  buf[0] = '\0';
  int any = 0;
  for (size_t i = 0; i < f->n_sites; i++) {
    const rpt_fsite *s = &f->site[i];
    if (s->in_plan) continue;
    char one[1024]; /* the reason in Cyrillic: two bytes a letter */
    if (s->not_served && s->not_served[0])
      snprintf(one, sizeof one, _("%s is not in the plan: %s."), s->name, s->not_served);
    else
      snprintf(one, sizeof one, _("%s is not in the plan: it would not pay its way before "
                                  "the end of the plan."), s->name);
    cat(buf, n, "%s%s", any ? " " : "", one);
    any = 1;
  }
  return any;
}

static int r_no_mine(char *buf, size_t n, const rpt_facts *f) {
  if (f->n_used > 0) return 0;
  snprintf(buf, n, _("Under the assumed prices and costs no mine would start."));
  return 1;
}

/* District jobs: median and mean over the working months with the 5-95 % band. */
static int r_jobs(char *buf, size_t n, const rpt_facts *f) {
  if (f->n_used == 0 || !isfinite(f->jobs_med)) return 0;
  char med[32], mean[32], lo[32], hi[32];
  rpt_fmt_count(med, sizeof med, f->jobs_med);
  rpt_fmt_count(mean, sizeof mean, f->jobs_mean);
  rpt_fmt_count(lo, sizeof lo, f->jobs_p05);
  rpt_fmt_count(hi, sizeof hi, f->jobs_p95);
  snprintf(buf, n, _("In a typical month while the plan runs, %s people work in the mines "
                     "(median of the price scenarios; mean %s; in 9 of 10 scenarios between "
                     "%s and %s)."), med, mean, lo, hi);
  if (f->jobs_mean > 1.25 * f->jobs_med)
    cat(buf, n, " %s", _("The mean is higher than the median because in some scenarios a "
                         "large mine works longer."));
  return 1;
}

/* The largest crew, and whose it is. */
static int r_crew(char *buf, size_t n, const rpt_facts *f) {
  const rpt_fsite *big = NULL, *small = NULL;
  for (size_t k = 0; k < f->n_used; k++) {
    const rpt_fsite *s = &f->site[f->order[k]];
    if (!big || s->crew > big->crew) big = s;
    if (!small || s->crew < small->crew) small = s;
  }
  if (!big || !(big->crew > 0)) return 0;
  char b[32], s2[32];
  rpt_fmt_count(b, sizeof b, big->crew);
  rpt_fmt_count(s2, sizeof s2, small->crew);
  if (big == small)
    snprintf(buf, n, _("%s employs %s workers while it is open."), big->name, b);
  else
    snprintf(buf, n, _("Crews differ by mine: %s employs %s workers while it is open, %s "
                       "employs %s."), big->name, b, small->name, s2);
  return 1;
}

static int r_local(char *buf, size_t n, const rpt_facts *f) {
  double w = 0, h = 0;
  for (size_t k = 0; k < f->n_used; k++) {
    const rpt_fsite *s = &f->site[f->order[k]];
    w += s->crew;
    h += s->crew * s->local_hire;
  }
  if (!(w > 0)) return 0;
  snprintf(buf, n, _("%.0f %% of these workers are hired locally (the share each site file "
                     "states, weighted by crew)."), 100.0 * h / w);
  return 1;
}

static int r_money(char *buf, size_t n, const rpt_facts *f) {
  if (f->n_used == 0) return 0;
  char w[96], t[96];
  rpt_fmt_money(w, sizeof w, f->wages_total, "EUR");
  rpt_fmt_money(t, sizeof t, f->fiscal_total, "EUR");
  snprintf(buf, n, _("Over the whole plan the workers earn %s in wages (mean of the "
                     "scenarios), and the mines pay %s in royalties and taxes."), w, t);
  double local = 0;
  for (size_t k = 0; k < f->n_used; k++) local += f->site[f->order[k]].local_revenue_eur_year;
  if (local > 0) {
    char l[96];
    rpt_fmt_money(l, sizeof l, local, "EUR");
    cat(buf, n, " ");
    cat(buf, n, _("The host municipalities receive %s a year in total while their mine is "
                  "open (their share of the royalty and local fees; each community's page "
                  "gives its own amount)."), l);
  }
  return 1;
}

static int r_loss(char *buf, size_t n, const rpt_facts *f) {
  if (f->n_used == 0) return 0;
  if (f->p_loss * (double)f->n_paths < 0.5)
    snprintf(buf, n, _("Metal prices go up and down, but in none of the %zu price scenarios "
                       "do the mines together lose money."), f->n_paths);
  else
    snprintf(buf, n, _("Metal prices go up and down: in %.0f %% of the %zu price scenarios "
                       "the mines together lose money."), 100.0 * f->p_loss, f->n_paths);
  return 1;
}

static int r_layoff(char *buf, size_t n, const rpt_facts *f) {
  const rpt_fsite *lo = NULL, *hi = NULL;
  for (size_t k = 0; k < f->n_used; k++) {
    const rpt_fsite *s = &f->site[f->order[k]];
    if (!lo || s->p_layoff < lo->p_layoff) lo = s;
    if (!hi || s->p_layoff > hi->p_layoff) hi = s;
  }
  if (!hi) return 0;
  if (hi->p_layoff < 0.005) {
    snprintf(buf, n, _("In no price scenario does a mine pause within its first year, so a "
                       "worker hired at the start keeps the job for that year."));
    return 1;
  }
  if (lo == hi || hi->p_layoff - lo->p_layoff < 0.005)
    snprintf(buf, n, _("When prices are low a mine may pause and lay off most of its workers "
                       "until it reopens: a worker hired at the start has a %.0f %% chance of "
                       "being laid off within the first year."), 100.0 * hi->p_layoff);
  else
    snprintf(buf, n, _("When prices are low a mine may pause and lay off most of its workers "
                       "until it reopens: a worker hired at the start has a %.0f %% (%s) to "
                       "%.0f %% (%s) chance of being laid off within the first year."),
             100.0 * lo->p_layoff, lo->name, 100.0 * hi->p_layoff, hi->name);
  return 1;
}

/* Cumulative effects: said only where a component is moderate or major, and then
 * whether the mines together make it worse than one mine alone (the earlier text
 * said so for every significant component, even where all mines together rated the
 * same as one alone). */
static int r_cumulative(char *buf, size_t n, const rpt_facts *f) {
  static const char *const sig[] = {N_("negligible"), N_("minor"), N_("moderate"),
                                    N_("major")};
  buf[0] = '\0';
  int any = 0;
  for (size_t c = 0; c < f->n_comm; c++) {
    const rpt_fcomm *cm = &f->comm[c];
    char alone[400] = "", rises[600] = "";
    for (size_t v = 0; v < cm->n_vec; v++) {
      const rpt_fvec *x = &cm->vec[v];
      if (x->positive || x->sig < 2 || x->sig > 3 || x->sig_single < 0 || x->sig_single > 3)
        continue;
      if (x->sig > x->sig_single) {
        char one[200];
        snprintf(one, sizeof one, _("%s (from %s to %s)"), x->what, _(sig[x->sig_single]),
                 _(sig[x->sig]));
        cat(rises, sizeof rises, "%s%s", rises[0] ? ", " : "", one);
      } else {
        cat(alone, sizeof alone, "%s%s (%s)", alone[0] ? ", " : "", x->what, _(sig[x->sig]));
      }
    }
    char one[1100] = "";
    if (rises[0])
      snprintf(one, sizeof one, _("Near %s the mines together make things worse than one mine "
                                  "alone: %s."), cm->name, rises);
    if (alone[0]) {
      char two[500];
      snprintf(two, sizeof two, _("Near %s the nearest mine alone accounts for %s; the other "
                                  "mines add nothing to it."), cm->name, alone);
      cat(one, sizeof one, "%s%s", one[0] ? " " : "", two);
    }
    if (!one[0]) continue;
    cat(buf, n, "%s%s", any ? " " : "", one);
    any = 1;
  }
  return any;
}

static int r_crowding(char *buf, size_t n, const rpt_facts *f) {
  if (f->n_used < 2) return 0;
  if (f->p_two_any * (double)f->n_paths < 0.5)
    snprintf(buf, n, _("Under the plan no community ever has two mines working within %.0f km "
                       "at the same time (0 of %zu scenarios)."), f->radius_km, f->n_paths);
  else
    snprintf(buf, n, _("In %.0f %% of the scenarios some community has two or more mines "
                       "working within %.0f km at the same time."), 100.0 * f->p_two_any,
             f->radius_km);
  return 1;
}

static int r_guarantee(char *buf, size_t n, const rpt_facts *f) {
  double tot = 0;
  char list[900] = "";
  size_t m = 0;
  for (size_t i = 0; i < f->n_sites; i++) {
    const rpt_fsite *s = &f->site[i];
    if (!s->in_plan || !(s->guarantee_eur > 0)) continue;
    char g[96];
    rpt_fmt_money(g, sizeof g, s->guarantee_eur, "EUR");
    cat(list, sizeof list, "%s%s %s", m ? ", " : "", s->name, g);
    tot += s->guarantee_eur;
    m++;
  }
  if (m == 0) return 0;
  char t[96];
  rpt_fmt_money(t, sizeof t, tot, "EUR");
  snprintf(buf, n, _("Before mining starts, each company lodges a financial guarantee with the "
                     "authority: %s in total (%s). It pays an independent contractor to close "
                     "and clean up the site at its most disturbed, to keep it safe through a "
                     "permitted pause and to monitor it afterwards, even if the company fails. "
                     "It does not depend on the price scenarios."), t, list);
  return 1;
}

static int r_closure(char *buf, size_t n, const rpt_facts *f) {
  const rpt_fsite *lo = NULL, *hi = NULL;
  for (size_t k = 0; k < f->n_used; k++) {
    const rpt_fsite *s = &f->site[f->order[k]];
    if (!(s->rem_years > 0)) continue;
    if (!lo || s->rem_years < lo->rem_years) lo = s;
    if (!hi || s->rem_years > hi->rem_years) hi = s;
  }
  if (!hi) return 0;
  const rpt_fsite *last = &f->site[f->order[f->n_used - 1]];
  char a[32], b[32];
  soso_i18n_number(a, sizeof a, lo->rem_years, 1, 0);
  soso_i18n_number(b, sizeof b, hi->rem_years, 1, 0);
  if (hi->rem_years - lo->rem_years < 0.05)
    snprintf(buf, n, _("After each mine stops, closing and replanting its site takes %s "
                       "years; the last site (%s) is restored by %d."), b,
             last->name, year(last->end_year + last->rem_years));
  else
    snprintf(buf, n, _("After each mine stops, closing and replanting its site takes %s "
                       "(%s) to %s years (%s); the last site (%s) is restored by %d."),
             a, lo->name, b, hi->name, last->name, year(last->end_year + last->rem_years));
  return 1;
}

static const struct {
  const char *id;
  const char *section;
  rule_fn fn;
} rules[] = {
    {"plan", N_("What would happen"), r_plan},
    {"not_served", N_("What would happen"), r_not_served},
    {"no_mine", N_("What would happen"), r_no_mine},
    {"jobs", N_("Who gains"), r_jobs},
    {"crew", N_("Who gains"), r_crew},
    {"local_hire", N_("Who gains"), r_local},
    {"money", N_("Who gains"), r_money},
    {"loss", N_("What could go wrong"), r_loss},
    {"layoff", N_("What could go wrong"), r_layoff},
    {"crowding", N_("What could go wrong"), r_crowding},
    {"cumulative", N_("What could go wrong"), r_cumulative},
    {"guarantee", N_("What is promised at closure"), r_guarantee},
    {"closure", N_("What is promised at closure"), r_closure},
};

const char *const rpt_summary_ids[] = {"plan",   "not_served", "no_mine",  "jobs",
                                       "crew",   "local_hire", "money",    "loss",
                                       "layoff", "crowding",   "cumulative", "guarantee",
                                       "closure", NULL};

size_t rpt_summary(rpt_statement *out, size_t max, const rpt_facts *f) {
  size_t k = 0;
  for (size_t i = 0; i < sizeof rules / sizeof rules[0] && k < max; i++) {
    out[k].text[0] = '\0';
    if (!rules[i].fn(out[k].text, sizeof out[k].text, f)) continue;
    out[k].id = rules[i].id;
    out[k].section = _(rules[i].section);
    k++;
  }
  return k;
}

/* The investor's table puts two measures side by side; say so where they disagree. */
void rpt_investor_note(char *buf, size_t n, const rpt_fvalue *v, size_t nv,
                       const char *currency) {
  if (!n) return;
  buf[0] = '\0';
  char names[700] = "", trends[300] = "";
  size_t k = 0, shown = 0;
  int adds = 1;
  double lo = INFINITY, hi = -INFINITY;
  for (size_t i = 0; i < nv; i++)
    if (v[i].classical > v[i].soso) k++;
  if (k == 0) return;
  size_t j = 0;
  for (size_t i = 0; i < nv; i++) {
    if (!(v[i].classical > v[i].soso)) continue;
    cat(names, sizeof names, "%s%s", j == 0 ? "" : (j + 1 == k ? _(" and ") : ", "), v[i].name);
    j++;
    double add = v[i].soso - v[i].fixed_q;
    if (!(add >= 0)) adds = 0;
    lo = fmin(lo, add), hi = fmax(hi, add);
    /* each factor's trend once, in table order */
    int seen = 0;
    for (size_t h = 0; h < i; h++)
      seen |= v[h].classical > v[h].soso && !strcmp(v[h].factor, v[i].factor);
    if (seen || shown >= 3) continue;
    char pct[32];
    if (isfinite(v[i].drift)) {
      soso_i18n_number(pct, sizeof pct, 100.0 * v[i].drift, 1, 0);
      char one[120];
      snprintf(one, sizeof one, _("%s %s%s %% a year"), v[i].factor, v[i].drift > 0 ? "+" : "",
               pct);
      cat(trends, sizeof trends, "%s%s", shown ? ", " : "", one);
    } else {
      char one[160];
      snprintf(one, sizeof one, _("%s reverting to its long-run level"), v[i].factor);
      cat(trends, sizeof trends, "%s%s", shown ? ", " : "", one);
    }
    shown++;
  }
  snprintf(buf, n, _("For %s the classical NPV is above the value with pauses allowed: it "
                     "counts on the expected prices of the mine files' price models (%s) and "
                     "their discount rates, the SOSO value on risk-neutral prices."),
           names, trends);
  if (adds) {
    char a[96], b[96], one[400];
    rpt_fmt_money(a, sizeof a, lo, currency);
    rpt_fmt_money(b, sizeof b, hi, currency);
    if (k == 1)
      snprintf(one, sizeof one, _(" It is not a cost of pausing: at the same risk-neutral prices "
                                  "the freedom to pause adds %s to the fixed plan."), a);
    else
      snprintf(one, sizeof one, _(" It is not a cost of pausing: at the same risk-neutral prices "
                                  "the freedom to pause adds %s to %s a mine to the fixed plan."),
               a, b);
    cat(buf, n, "%s", one);
  }
}
