/* report_doc.c - the report's document in reading order: a plain-language summary
 * for residents and local officials, the map, one section per site
 * (report_site.c), the district, then methods, assumptions, sources and the seed.
 *
 * The summary follows the brief's call to inform communities "about the
 * characteristics and likely impacts": short sentences, rounded numbers, no
 * jargon; every number in it comes from the results the later sections detail.
 * Rounding: counts to two significant figures, money in millions with one decimal
 * below 10 million (rpt_fmt_count, rpt_fmt_money).
 */
#define _POSIX_C_SOURCE 200809L

#include "report/report_int.h"

#include "soso/error.h"
#include "soso_version.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRY(x)                                                                           \
  do {                                                                                   \
    int rc_ = (x);                                                                       \
    if (rc_ < 0) return rc_;                                                             \
  } while (0)

/* Rounds to two significant figures and prints with thousands separators. */
void rpt_fmt_count(char *buf, size_t n, double v) {
  if (!isfinite(v)) {
    snprintf(buf, n, "unknown");
    return;
  }
  double a = fabs(v);
  double step = a < 100 ? 1 : pow(10.0, floor(log10(a)) - 1);
  long long x = (long long)(round(a / step) * step);
  char digits[32], out[48];
  snprintf(digits, sizeof digits, "%lld", x);
  size_t len = strlen(digits), k = 0;
  if (v < 0) out[k++] = '-';
  for (size_t i = 0; i < len; i++) {
    if (i > 0 && (len - i) % 3 == 0) out[k++] = ',';
    out[k++] = digits[i];
  }
  out[k] = '\0';
  snprintf(buf, n, "%s", out);
}

void rpt_fmt_money(char *buf, size_t n, double v, const char *currency) {
  double a = fabs(v);
  const char *sign = v < 0 ? "minus " : "";
  if (!isfinite(v)) snprintf(buf, n, "unknown");
  else if (a >= 10e6) snprintf(buf, n, "%s%.0f million %s", sign, a / 1e6, currency);
  else if (a >= 1e6) snprintf(buf, n, "%s%.1f million %s", sign, a / 1e6, currency);
  else snprintf(buf, n, "%s%.0f thousand %s", sign, a / 1e3, currency);
}

static double sum(const double *x, size_t n) {
  double s = 0;
  for (size_t i = 0; i < n; i++) s += x[i];
  return s;
}

/* "A, B and C" of the plan's sites (order of the plan). */
static void site_list(char *buf, size_t n, const rpt *r, int plan_order) {
  const soso_region_result *p = r->res[r->plan];
  size_t m = plan_order ? p->n_used : r->n_sites;
  buf[0] = '\0';
  for (size_t k = 0; k < m; k++) {
    size_t i = plan_order ? p->order[k] : k;
    size_t len = strlen(buf);
    const char *sep = k == 0 ? "" : (k + 1 == m ? (plan_order ? ", then " : " and ") : ", ");
    snprintf(buf + len, n - len, "%s%s", sep, soso_region_site_name(r->region, i));
  }
}

static int summary(soso_doc *d, const rpt *r) {
  const soso_region_result *p = r->res[r->plan];
  const char *cur = soso_region_currency(r->region);
  double y0 = soso_region_start_year(r->region);
  char a[1200], b[1200], c[512], sites[1024], t[2048];
  TRY(soso_doc_heading(d, 2, "Summary for residents and local officials"));
  TRY(soso_doc_callout(d, SOSO_CALLOUT_WARNING, "This is a worked example",
                       "Many numbers in this report are assumptions, not facts about the "
                       "real mines. Each one is listed under Methods. Check them with the "
                       "companies and the authorities before you rely on the results."));

  /* What would happen, and for how long. */
  TRY(soso_doc_heading(d, 3, "What would happen"));
  double first = HUGE_VAL, last = 0, life_lo = HUGE_VAL, life_hi = 0, rem = 0;
  for (size_t k = 0; k < p->n_used; k++) {
    size_t i = p->order[k];
    double end = p->planned_start[k] + p->site_op_months[i];
    first = fmin(first, p->planned_start[k]);
    last = fmax(last, end);
    life_lo = fmin(life_lo, p->site_op_months[i] / 12.0);
    life_hi = fmax(life_hi, p->site_op_months[i] / 12.0);
  }
  size_t n_assessed = 0;
  double hire = 0, guarantee = 0;
  for (size_t i = 0; i < r->n_sites; i++) {
    const rpt_site *s = &r->sites[i];
    if (!s->a) continue;
    n_assessed++;
    hire += s->drv.local_hire_share;
    guarantee += s->a->closure.guarantee_eur;
    rem = fmax(rem, s->a->closure.remediation_years);
  }
  site_list(sites, sizeof sites, r, 0);
  const char *items[8];
  size_t ni = 0;
  snprintf(a, sizeof a, "%zu small mines could work in the district: %s.", r->n_sites, sites);
  items[ni++] = a;
  site_list(sites, sizeof sites, r, 1);
  if (p->strategy == SOSO_STRATEGY_CONCURRENT)
    snprintf(b, sizeof b, "Each mine would have its own processing plant.");
  else
    snprintf(b, sizeof b, "One mobile processing plant would move from mine to mine: %s.",
             sites);
  items[ni++] = b;
  if (p->n_used > 0)
    snprintf(c, sizeof c, "Mining would start in %.0f and the last mine would stop around "
             "%.0f. Each mine would work for about %.0f to %.0f years.",
             floor(y0 + first / 12.0), floor(y0 + last / 12.0), fmax(1, round(life_lo)),
             fmax(1, round(life_hi)));
  else
    snprintf(c, sizeof c, "Under the assumed prices and costs no mine would start.");
  items[ni++] = c;
  char remtxt[256];
  snprintf(remtxt, sizeof remtxt, "After a mine stops, cleaning up and replanting the site "
           "takes up to about %.0f years.", fmax(1, round(rem)));
  if (n_assessed) items[ni++] = remtxt;
  TRY(soso_doc_bullets(d, items, ni));

  /* Who gains. */
  TRY(soso_doc_heading(d, 3, "Who gains"));
  char jobs[64], peak[64], wages[96], fiscal[96];
  rpt_fmt_count(jobs, sizeof jobs, p->jobs_mean.mean);
  rpt_fmt_count(peak, sizeof peak, p->jobs_peak.p50);
  rpt_fmt_money(wages, sizeof wages, sum(p->wages_t, p->n_months), cur);
  rpt_fmt_money(fiscal, sizeof fiscal, sum(p->fiscal_t, p->n_months), cur);
  char g1[256], g2[256], g3[400], g4[1024];
  ni = 0;
  snprintf(g1, sizeof g1, "About %s people would work in the mines at a time, on average, "
           "and up to about %s at the busiest time.", jobs, peak);
  items[ni++] = g1;
  if (n_assessed) {
    snprintf(g2, sizeof g2, "About %.0f %% of the workers would be hired locally.",
             100.0 * hire / (double)n_assessed);
    items[ni++] = g2;
  }
  snprintf(g3, sizeof g3, "Workers would earn about %s in wages in total. The state and the "
           "municipalities would receive about %s in royalties and taxes.", wages, fiscal);
  items[ni++] = g3;
  g4[0] = '\0';
  for (size_t c2 = 0; c2 < p->n_communities; c2++) {
    const soso_cumulative *v = &p->community[c2].vec[SOSO_VEC_EMPLOYMENT];
    if (v->significance < SOSO_SIG_MODERATE) continue;
    size_t len = strlen(g4);
    snprintf(g4 + len, sizeof g4 - len, "%s%s", len ? ", " : "",
             soso_region_community_name(r->region, c2));
  }
  char g5[1200];
  if (g4[0]) {
    snprintf(g5, sizeof g5, "The jobs would matter most in %s, where they would be a "
             "large share of the people who can work.", g4);
    items[ni++] = g5;
  }
  TRY(soso_doc_bullets(d, items, ni));

  /* What could go wrong. */
  TRY(soso_doc_heading(d, 3, "What could go wrong"));
  ni = 0;
  char w1[256], w2[512], w3[1024];
  snprintf(w1, sizeof w1, "Metal prices go up and down. In about %.0f %% of the price "
           "scenarios the mines together would lose money.", 100.0 * p->p_npv_negative);
  items[ni++] = w1;
  double pc_lo = HUGE_VAL, pc_hi = 0;
  for (size_t i = 0; i < r->n_sites; i++)
    if (r->sites[i].a) {
      pc_lo = fmin(pc_lo, r->sites[i].ops->p_layoff_12);
      pc_hi = fmax(pc_hi, r->sites[i].ops->p_layoff_12);
    }
  if (n_assessed) {
    snprintf(w2, sizeof w2, "When prices are low a mine may stop for a while and most of its "
             "workers lose their jobs until it reopens. A worker hired when a mine opens has "
             "a %.0f %% to %.0f %% chance of being laid off within the first year, depending "
             "on the mine.", 100 * pc_lo, 100 * pc_hi);
    items[ni++] = w2;
  }
  size_t n_w = 0;
  char wl[8][512];
  for (size_t c2 = 0; c2 < p->n_communities && n_w < 8; c2++) {
    char comps[256] = "";
    int worst = 0;
    for (int v = 0; v < SOSO_VEC_N; v++) {
      const soso_cumulative *cv = &p->community[c2].vec[v];
      if (cv->positive || cv->significance < SOSO_SIG_MODERATE) continue;
      size_t len = strlen(comps);
      snprintf(comps + len, sizeof comps - len, "%s%s", len ? ", " : "",
               v == SOSO_VEC_LAND ? "land not yet restored" : soso_vec_name(v));
      if (cv->significance > worst) worst = cv->significance;
    }
    if (!comps[0]) continue;
    snprintf(wl[n_w++], sizeof wl[0], "Near %s: %s could be a %s concern when mines work "
             "at the same time or one after the other.", soso_region_community_name(r->region, c2),
             comps, worst >= SOSO_SIG_MAJOR ? "serious" : "real");
  }
  for (size_t k = 0; k < n_w && ni < 8; k++) items[ni++] = wl[k];
  (void)w3;
  TRY(soso_doc_bullets(d, items, ni));

  /* Closure. */
  TRY(soso_doc_heading(d, 3, "What is promised at closure"));
  char gtxt[96];
  rpt_fmt_money(gtxt, sizeof gtxt, guarantee, "EUR");
  ni = 0;
  char k1[512], k2[512], k3[1024];
  snprintf(k1, sizeof k1, "Before mining starts, each company should lodge a financial "
           "guarantee with the authorities. It pays for closing and cleaning up the site even "
           "if the company fails. For the %zu mines together it should be about %s.",
           n_assessed, gtxt);
  items[ni++] = k1;
  snprintf(k2, sizeof k2, "Closure means: sealing the mine entrances, removing the plant, "
           "covering and replanting waste and tailings, and checking the water for years "
           "afterwards (the closure plans in each site's section).");
  items[ni++] = k2;
  for (size_t i = 0; i < r->n_sites; i++)
    if (r->sites[i].a && r->sites[i].a->closure.land_use[0]) {
      snprintf(k3, sizeof k3, "Afterwards the land could be used for: %s.",
               r->sites[i].a->closure.land_use);
      items[ni++] = k3;
      break;
    }
  TRY(soso_doc_bullets(d, items, ni));
  snprintf(t, sizeof t, "Numbers are rounded. They come from %zu simulated price scenarios "
           "(seed %llu); the sections below give the details.", p->n_paths,
           (unsigned long long)p->seed);
  return soso_doc_para(d, t);
}

static int map_section(soso_doc *d, const rpt *r) {
  TRY(soso_doc_heading(d, 2, "Where the deposits and mines are"));
  if (r->fig_region[0])
    TRY(soso_doc_figure(d, r->fig_region, "The planned mines (triangles) and the communities "
                        "around them, coloured by their highest cumulative concern under the "
                        "plan. The circle is the radius within which operations count as "
                        "nearby."));
  if (!r->set) {
    return soso_doc_para(d, "No deposits store was given, so known deposits around the mines "
                            "are not shown (run `soso deposits import` first).");
  }
  if (r->fig_deposits[0])
    TRY(soso_doc_figure(d, r->fig_deposits, "Known deposits in the store around the planned "
                        "mines, by main metal and size; outlines are districts that one "
                        "mobile plant could serve."));
  size_t nd = r->ds ? soso_districts_count(r->ds) : 0; /* none when the box has no deposits */
  TRY(soso_doc_paraf(d, "%zu known deposits lie within the box %s (longitude, latitude). "
                     "Deposits closer than %.0f km to one another form a district (DBSCAN, at "
                     "least 2 deposits): %zu districts.", r->set->n, r->bbox, r->eps_km, nd));
  if (nd == 0) return 0;
  const char *hdr[] = {"district", "deposits", "span (km)", "ore known (Mt)"};
  char **cells = calloc(nd * 4, sizeof *cells);
  if (!cells) return soso_error_set(SOSO_ENOMEM, "report: out of memory");
  int rc = 0;
  for (size_t k = 0; k < nd && rc == 0; k++) {
    const soso_district *ds = soso_districts_get(r->ds, k);
    char names[1024] = "";
    for (size_t m = 0; m < ds->n; m++) {
      size_t len = strlen(names);
      snprintf(names + len, sizeof names - len, "%s%s", m ? ", " : "",
               r->set->name[ds->members[m]]);
    }
    char buf[4][1024];
    snprintf(buf[0], sizeof buf[0], "%zu", k + 1);
    snprintf(buf[1], sizeof buf[1], "%s", names);
    snprintf(buf[2], sizeof buf[2], "%.0f", ds->span_km);
    snprintf(buf[3], sizeof buf[3], "%.2f", ds->ore_mt);
    for (int c = 0; c < 4; c++) {
      cells[k * 4 + (size_t)c] = strdup(buf[c]);
      if (!cells[k * 4 + (size_t)c]) rc = soso_error_set(SOSO_ENOMEM, "report: out of memory");
    }
  }
  if (rc == 0)
    rc = soso_doc_table(d, "Districts of known deposits", 4, hdr, nd, (const char *const *)cells);
  for (size_t k = 0; k < nd * 4; k++) free(cells[k]);
  free(cells);
  return rc;
}

/* Builds a table from a flat array of nrows x ncols strings held in `cells`. */
static int table(soso_doc *d, const char *caption, size_t ncols, const char *const *hdr,
                 size_t nrows, char (*cells)[160]) {
  const char **p = malloc((nrows * ncols + 1) * sizeof *p);
  if (!p) return soso_error_set(SOSO_ENOMEM, "report: out of memory");
  for (size_t k = 0; k < nrows * ncols; k++) p[k] = cells[k];
  int rc = soso_doc_table(d, caption, ncols, hdr, nrows, p);
  free(p);
  return rc;
}

static int district_section(soso_doc *d, const rpt *r) {
  const soso_region_result *p = r->res[r->plan];
  const char *cur = soso_region_currency(r->region);
  TRY(soso_doc_heading(d, 2, "The district: all mines together"));
  TRY(soso_doc_paraf(d, "All mines are simulated on the same %zu metal-price scenarios, so "
                     "when prices fall several mines may stop at once. The plan is the region "
                     "file's strategy: %s.", p->n_paths, soso_strategy_name(p->strategy)));
  TRY(soso_doc_heading(d, 3, "Over time"));
  TRY(soso_doc_figure(d, r->fig_district, "Direct mining jobs in the whole district (median "
                      "and 5-95 % range of the scenarios) and the number of mines open or paused and "
                      "sites being restored."));
  TRY(soso_doc_figure(d, r->fig_employment, "Direct mining jobs attributed to each community "
                      "(by distance and population)."));
  TRY(soso_doc_figure(d, r->fig_pressures, "Expected noise, dust, traffic and water pressure "
                      "at each community (1 = one typical small mine at its own fence)."));

  /* Crowding. */
  TRY(soso_doc_heading(d, 3, "Crowding: several mines near one community"));
  size_t nc = p->n_communities;
  char (*cells)[160] = calloc((nc + 1) * (r->n_res + 1), sizeof *cells);
  if (!cells) return soso_error_set(SOSO_ENOMEM, "report: out of memory");
  const char *hdr[4] = {"community"};
  char hbuf[3][96];
  for (size_t k = 0; k < r->n_res; k++) {
    snprintf(hbuf[k], sizeof hbuf[k], "%s", soso_strategy_name(r->res[k]->strategy));
    hdr[k + 1] = hbuf[k];
  }
  for (size_t c = 0; c < nc; c++) {
    snprintf(cells[c * (r->n_res + 1)], 160, "%s", soso_region_community_name(r->region, c));
    for (size_t k = 0; k < r->n_res; k++)
      snprintf(cells[c * (r->n_res + 1) + k + 1], 160, "%.0f %%",
               100.0 * r->res[k]->community[c].p_two_or_more);
  }
  char cap[256];
  snprintf(cap, sizeof cap, "Chance that two or more mines work within %.0f km of the "
           "community at the same time", soso_region_radius_km(r->region));
  int rc = table(d, cap, r->n_res + 1, hdr, nc, cells);
  free(cells);
  if (rc < 0) return rc;

  /* Cumulative significance. */
  TRY(soso_doc_heading(d, 3, "Cumulative impacts"));
  size_t nrow = 0;
  for (size_t c = 0; c < nc; c++)
    for (int v = 0; v < SOSO_VEC_N; v++)
      nrow += p->community[c].vec[v].significance >= SOSO_SIG_MODERATE ||
              p->community[c].vec[v].adds_up;
  cells = calloc((nrow + 1) * 4, sizeof *cells);
  const char **meas = calloc(nrow + 1, sizeof *meas);
  char (*mbuf)[400] = calloc(nrow + 1, sizeof *mbuf);
  if (!cells || !meas || !mbuf) {
    free(cells);
    free(meas);
    free(mbuf);
    return soso_error_set(SOSO_ENOMEM, "report: out of memory");
  }
  size_t row = 0, nm = 0;
  for (size_t c = 0; c < nc; c++)
    for (int v = 0; v < SOSO_VEC_N; v++) {
      const soso_cumulative *cv = &p->community[c].vec[v];
      if (!(cv->significance >= SOSO_SIG_MODERATE || cv->adds_up)) continue;
      char (*q)[160] = cells + row * 4;
      snprintf(q[0], 160, "%s", soso_region_community_name(r->region, c));
      snprintf(q[1], 160, "%s (%s)", soso_vec_name(v), cv->positive ? "benefit" : "adverse");
      snprintf(q[2], 160, "%s", soso_significance_name((soso_significance)cv->significance_single));
      snprintf(q[3], 160, "%s%s", soso_significance_name((soso_significance)cv->significance),
               cv->adds_up ? " (adds up)" : "");
      if (cv->measure[0]) {
        snprintf(mbuf[nm], sizeof mbuf[nm], "%s, %s: %.300s",
                 soso_region_community_name(r->region, c), soso_vec_name(v), cv->measure);
        meas[nm] = mbuf[nm];
        nm++;
      }
      row++;
    }
  const char *chdr[] = {"community", "what", "one mine alone", "all mines together"};
  rc = nrow ? table(d, "Moderate or major cumulative effects under the plan (IFC six steps)",
                    4, chdr, nrow, cells)
            : soso_doc_para(d, "No cumulative effect reaches moderate significance under the "
                               "plan.");
  if (rc == 0 && nm) rc = soso_doc_para(d, "What to manage:");
  if (rc == 0 && nm) rc = soso_doc_bullets(d, meas, nm);
  free(cells);
  free(meas);
  free(mbuf);
  if (rc < 0) return rc;
  TRY(soso_doc_para(d, "\"Adds up\" marks an effect that is minor for any one mine alone but "
                       "larger when the mines are counted together."));

  /* Strategies. */
  TRY(soso_doc_heading(d, 3, "Strategies compared"));
  const char *shdr[] = {"strategy", "district value, mean", "chance of a loss",
                        "jobs, mean", "jobs, peak", "crowding events", "years of restoration"};
  cells = calloc((r->n_res + 1) * 7, sizeof *cells);
  if (!cells) return soso_error_set(SOSO_ENOMEM, "report: out of memory");
  for (size_t k = 0; k < r->n_res; k++) {
    const soso_region_result *x = r->res[k];
    char (*q)[160] = cells + k * 7;
    snprintf(q[0], 160, "%s%s", soso_strategy_name(x->strategy), k == r->plan ? " (plan)" : "");
    rpt_fmt_money(q[1], 160, x->npv.mean, cur);
    snprintf(q[2], 160, "%.0f %%", 100.0 * x->p_npv_negative);
    rpt_fmt_count(q[3], 160, x->jobs_mean.mean);
    rpt_fmt_count(q[4], 160, x->jobs_peak.p50);
    snprintf(q[5], 160, "%.1f", x->crowding_events.mean);
    snprintf(q[6], 160, "%.0f", x->remediation_years.mean);
  }
  rc = table(d, "Deployment strategies on the same price scenarios", 7, shdr, r->n_res, cells);
  free(cells);
  if (rc < 0) return rc;
  TRY(soso_doc_para(d, "Concurrent: every mine has its own plant and starts at its stated "
                       "month. Sequential: one mobile plant visits the mines in the region "
                       "file's order. Optimised: one plant, in the order that gives the most "
                       "value while keeping at most the allowed number of operations near "
                       "each community."));
  if (r->fig_strategies[0])
    TRY(soso_doc_figure(d, r->fig_strategies, "The strategies side by side."));

  TRY(soso_doc_heading(d, 3, "Closure and the financial guarantee"));
  return rpt_doc_closure(d, r);
}

/* The kind of an input file ("mine.yaml", "site.yaml", ...: what follows the first
 * dot) and its short name (what precedes it). */
static const char *file_kind(const char *file) {
  const char *dot = strchr(file, '.');
  return dot ? dot + 1 : file;
}

/* The setting's key: the text before its ':' ("reserve"), or "" for list items
 * and comment lines, which are not grouped. */
static size_t key_len(const char *setting) {
  if (!setting[0] || setting[0] == '-') return 0;
  const char *colon = strchr(setting, ':');
  return colon ? (size_t)(colon - setting) : 0;
}

/* Same kind of file and the same key, or (list items) the same whole line. */
static int same_group(const rpt_assumption *a, const rpt_assumption *b) {
  size_t ka = key_len(a->setting), kb = key_len(b->setting);
  if (strcmp(file_kind(a->file), file_kind(b->file)) != 0) return 0;
  if (ka == 0 && kb == 0)
    return a->setting[0] && strcmp(a->setting, b->setting) == 0 &&
           strcmp(a->note, b->note) == 0;
  return ka && ka == kb && strncmp(a->setting, b->setting, ka) == 0;
}

/* One bullet per (file kind, setting key) with the assumed values of every file
 * beside each other, so that five mine files with the same structure read as one
 * list; one list per file kind. */
static int assumptions_lists(soso_doc *d, const rpt *r) {
  if (r->n_as == 0) return soso_doc_para(d, "No input line is marked as an assumption.");
  char **items = calloc(r->n_as, sizeof *items);
  unsigned char *done = calloc(r->n_as, 1);
  unsigned char *kind_done = calloc(r->n_as, 1);
  int rc = (items && done && kind_done) ? 0 : soso_error_set(SOSO_ENOMEM, "report: out of memory");
  for (size_t k = 0; k < r->n_as && rc == 0; k++) {
    if (kind_done[k]) continue;
    const char *kind = file_kind(r->as[k].file);
    size_t n = 0;
    for (size_t i = k; i < r->n_as && rc == 0; i++) {
      if (strcmp(file_kind(r->as[i].file), kind) != 0) continue;
      kind_done[i] = 1;
      if (done[i]) continue;
      const rpt_assumption *a = &r->as[i];
      size_t kl = key_len(a->setting);
      char vals[2048] = "";
      for (size_t j = i; j < r->n_as; j++) {
        const rpt_assumption *b = &r->as[j];
        if (j != i && (done[j] || !same_group(a, b))) continue;
        done[j] = 1;
        /* Keyed lines show each file's value; list items show the line once. */
        const char *v = kl ? b->setting + kl + 1 : "";
        while (*v == ' ') v++;
        const char *dot = strchr(b->file, '.');
        int nlen = dot ? (int)(dot - b->file) : (int)strlen(b->file);
        size_t len = strlen(vals);
        snprintf(vals + len, sizeof vals - len, "%s%.*s %.100s%s(line %zu)", len ? "; " : "",
                 nlen, b->file, v, *v ? " " : "", b->line);
        if (!a->setting[0]) break;
      }
      char buf[3072];
      if (kl)
        snprintf(buf, sizeof buf, "%.*s = %s: %s", (int)kl, a->setting, vals, a->note);
      else if (a->setting[0])
        snprintf(buf, sizeof buf, "%.200s - in %s: %s", a->setting, vals, a->note);
      else
        snprintf(buf, sizeof buf, "%s: %s", vals, a->note);
      items[n] = strdup(buf);
      if (!items[n++]) rc = soso_error_set(SOSO_ENOMEM, "report: out of memory");
    }
    char head[256];
    snprintf(head, sizeof head, "In the %s files:", kind);
    if (rc == 0) rc = soso_doc_para(d, head);
    if (rc == 0) rc = soso_doc_bullets(d, (const char *const *)items, n);
    for (size_t i = 0; i < n; i++) free(items[i]);
  }
  free(items);
  free(done);
  free(kind_done);
  return rc;
}

static int methods(soso_doc *d, const rpt *r) {
  const soso_region_result *p = r->res[r->plan];
  TRY(soso_doc_heading(d, 2, "Methods, assumptions and sources"));
  TRY(soso_doc_heading(d, 3, "How the numbers were made"));
  const char *steps[] = {
      "Deposits: screened from the project's store (soso deposits import, soso screen) in a box "
      "around the mines; districts by DBSCAN on great-circle distance (Ester et al. 1996).",
      "Value and policy: each mine may open, close for a while (care and maintenance), reopen "
      "or close for good as metal prices move (Brennan and Schwartz 1985), solved on a price "
      "grid under risk-neutral prices; the static plan produces at full rate until the ore is "
      "used up.",
      "Jobs: the SOSO operations simulation follows that policy on simulated real-world price "
      "paths, month by month; the fan shows the 5 %, 50 % and 95 % points of the workers "
      "employed. The impacts read their drivers (months open, pauses, layoffs) from it.",
      "Impacts: the policy brief's dimensions rated by magnitude and sensitivity into "
      "significance (rules file), with its Figure 2 opportunities and challenges and the "
      "modern small-scale-mining check; closure guarantee sized by the rules file.",
      "District: all mines on the same price paths; pressures fall off with distance; "
      "cumulative significance after the IFC (2013) six steps; the one-plant sequence by exact "
      "dynamic programming."};
  TRY(soso_doc_bullets(d, steps, sizeof steps / sizeof *steps));
  TRY(soso_doc_paraf(d, "Price scenarios: %zu; random seed: %llu (every simulation uses it, "
                     "so the report can be reproduced exactly); soso version %s. Region file: "
                     "%s.", p->n_paths, (unsigned long long)p->seed, SOSO_VERSION_STRING,
                     strrchr(r->region_path, '/') ? strrchr(r->region_path, '/') + 1
                                                  : r->region_path));

  TRY(soso_doc_heading(d, 3, "Assumptions"));
  TRY(soso_doc_callout(d, SOSO_CALLOUT_ASSUMPTION, "Every line below is an assumption",
                       "These settings are not sourced facts: they were assumed to build the "
                       "example. Each is marked \"# assumption\" in its input file (file and "
                       "line given)."));
  TRY(assumptions_lists(d, r));

  TRY(soso_doc_heading(d, 3, "Data sources and licences"));
  const char *shdr[] = {"data", "source", "licence"};
  const char *src[] = {
      "Deposit positions and commodities (rows with usgs_ ids)",
      "USGS sediment-hosted Zn-Pb, porphyry Cu, Ni laterite and Ni-Cr-PGE deposit tables",
      "US public domain",
      "Country boundaries on the maps", "Natural Earth 1:50m admin-0 countries",
      "public domain",
      "Facts on the Drina district mines (production, jobs, wages, history)",
      "miningwatch.news (2017), miningeurope.news, electricity.trade, energetskiportal.com, "
      "as summarised in the project's reference case (drina-district.md)",
      "facts quoted with their source",
      "Significance matrix, rules, closure-guarantee rule", "data/impacts/rules.yaml, "
      "data/region/cumulative.yaml (project files; IFC 2013, EIA/SIA practice)",
      "project licence",
      "Everything else (tonnages, grades, costs, prices, sensitivities, ...)",
      "assumptions of the worked example (listed above)", "-"};
  return soso_doc_table(d, "Where the data come from", 3, shdr, 5, src);
}

int rpt_build_doc(soso_doc **out, const rpt *r) {
  *out = NULL;
  soso_doc *d = NULL;
  char sub[512];
  snprintf(sub, sizeof sub, "Small-scale mining: what it would mean for the communities. "
           "%zu sites, %zu communities, from %.0f. Made with soso %s.", r->n_sites,
           soso_region_n_communities(r->region), soso_region_start_year(r->region),
           SOSO_VERSION_STRING);
  int rc = soso_doc_new(&d, soso_region_name(r->region), sub);
  if (rc == 0) rc = summary(d, r);
  if (rc == 0) rc = soso_doc_pagebreak(d);
  if (rc == 0) rc = map_section(d, r);
  for (size_t i = 0; i < r->n_sites && rc == 0; i++) {
    rc = soso_doc_pagebreak(d);
    if (rc == 0) rc = rpt_doc_site(d, r, &r->sites[i]);
  }
  if (rc == 0) rc = soso_doc_pagebreak(d);
  if (rc == 0) rc = district_section(d, r);
  if (rc == 0) rc = soso_doc_pagebreak(d);
  if (rc == 0) rc = methods(d, r);
  if (rc < 0) {
    soso_doc_free(d);
    return rc;
  }
  *out = d;
  return 0;
}
