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
#include "core/i18n_int.h"
#include "soso/i18n.h"

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
  if (!isfinite(v)) {
    snprintf(buf, n, "%s", _("unknown"));
    return;
  }
  /* The number as the reader's language writes it (decimal comma in bs/hr/sr) and
   * the unit word from the catalogs. */
  char num[32], unit[64], amount[128];
  if (a >= 10e6) {
    soso_i18n_number(num, sizeof num, a / 1e6, 0, 0);
    snprintf(unit, sizeof unit, _("million %s"), currency);
  } else if (a >= 1e6) {
    soso_i18n_number(num, sizeof num, a / 1e6, 1, 0);
    snprintf(unit, sizeof unit, _("million %s"), currency);
  } else {
    soso_i18n_number(num, sizeof num, a / 1e3, 0, 0);
    snprintf(unit, sizeof unit, _("thousand %s"), currency);
  }
  snprintf(amount, sizeof amount, "%s %s", num, unit);
  if (v < 0)
    snprintf(buf, n, _("minus %s"), amount);
  else
    snprintf(buf, n, "%s", amount);
}

static int map_section(soso_doc *d, const rpt *r) {
  TRY(soso_doc_heading(d, 2, _("Where the deposits and mines are")));
  if (r->fig_region[0])
    TRY(soso_doc_figure(d, r->fig_region, _("The planned mines (triangles) and the communities "
                        "around them, coloured by the highest significance of any harm to them "
                        "under the plan. The circle is the radius within which operations count "
                        "as nearby.")));
  return 0;
}

/* Known deposits around the mines (appendix B). */
static int deposits_section(soso_doc *d, const rpt *r) {
  TRY(soso_doc_heading(d, 3, _("Known deposits around the mines")));
  if (!r->set) {
    return soso_doc_para(d, _("No deposits store was given, so known deposits around the mines "
                            "are not shown (run `soso deposits import` first)."));
  }
  if (r->fig_deposits[0])
    TRY(soso_doc_figure(d, r->fig_deposits, _("Known deposits in the store around the planned "
                        "mines, by main metal and size; outlines are districts that one "
                        "mobile plant could serve.")));
  size_t nd = r->ds ? soso_districts_count(r->ds) : 0; /* none when the box has no deposits */
  TRY(soso_doc_paraf(d, _("%zu known deposits lie within the box %s (longitude, latitude). "
                     "Deposits closer than %.0f km to one another form a district (DBSCAN, at "
                     "least 2 deposits): %zu districts."), r->set->n, r->bbox, r->eps_km, nd));
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
    soso_i18n_number(buf[3], sizeof buf[3], ds->ore_mt, 2, 0);
    for (int c = 0; c < 4; c++) {
      cells[k * 4 + (size_t)c] = strdup(buf[c]);
      if (!cells[k * 4 + (size_t)c]) rc = soso_error_set(SOSO_ENOMEM, "report: out of memory");
    }
  }
  if (rc == 0)
    rc = soso_doc_table(d, _("Districts of known deposits"), 4, hdr, nd, (const char *const *)cells);
  for (size_t k = 0; k < nd * 4; k++) free(cells[k]);
  free(cells);
  return rc;
}

/* Builds a table from a flat array of nrows x ncols strings held in `cells`. */
int rpt_table(soso_doc *d, const char *caption, size_t ncols, const char *const *hdr,
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
  TRY(soso_doc_heading(d, 2, _("Appendix B. The district in detail")));
  TRY(soso_doc_paraf(d, _("All mines are simulated on the same %zu metal-price scenarios, so "
                     "when prices fall several mines may stop at once. The plan is the region "
                     "file's strategy: %s."), p->n_paths, rpt_strategy_name(p->strategy)));
  TRY(soso_doc_heading(d, 3, _("Over time")));
  TRY(soso_doc_figure(d, r->fig_district, _("Direct mining jobs in the whole district (median "
                      "and 5-95 % range of the scenarios) and the number of mines open or paused and "
                      "sites being restored.")));
  TRY(soso_doc_figure(d, r->fig_employment, _("Direct mining jobs attributed to each community "
                      "(by distance and population).")));
  TRY(soso_doc_figure(d, r->fig_pressures, _("Expected noise, dust, traffic and water pressure "
                      "at each community (1 = one typical small mine at its own fence).")));

  /* Crowding. */
  TRY(soso_doc_heading(d, 3, _("Crowding: several mines near one community")));
  size_t nc = p->n_communities;
  char (*cells)[160] = calloc((nc + 1) * (r->n_res + 1), sizeof *cells);
  if (!cells) return soso_error_set(SOSO_ENOMEM, "report: out of memory");
  const char *hdr[4] = {"community"};
  char hbuf[3][96];
  for (size_t k = 0; k < r->n_res; k++) {
    snprintf(hbuf[k], sizeof hbuf[k], "%s", rpt_strategy_name(r->res[k]->strategy));
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
  int rc = rpt_table(d, cap, r->n_res + 1, hdr, nc, cells);
  free(cells);
  if (rc < 0) return rc;

  /* Cumulative significance. */
  TRY(soso_doc_heading(d, 3, _("Cumulative impacts")));
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
      snprintf(q[1], 160, "%s (%s)", soso_region_vec_name(v), cv->positive ? "benefit" : "adverse");
      snprintf(q[2], 160, "%s", rpt_sig_name((int)cv->significance_single));
      snprintf(q[3], 160, "%s%s", rpt_sig_name((int)cv->significance),
               cv->adds_up ? " (adds up)" : "");
      if (cv->measure[0]) {
        snprintf(mbuf[nm], sizeof mbuf[nm], "%s, %s: %.300s",
                 soso_region_community_name(r->region, c), soso_region_vec_name(v), cv->measure);
        meas[nm] = mbuf[nm];
        nm++;
      }
      row++;
    }
  const char *chdr[] = {"community", "what", "one mine alone", "all mines together"};
  rc = nrow ? rpt_table(d, _("Moderate or major cumulative effects under the plan (IFC six steps)"),
                    4, chdr, nrow, cells)
            : soso_doc_para(d, _("No cumulative effect reaches moderate significance under the "
                               "plan."));
  if (rc == 0 && nm) rc = soso_doc_para(d, _("What to manage:"));
  if (rc == 0 && nm) rc = soso_doc_bullets(d, meas, nm);
  free(cells);
  free(meas);
  free(mbuf);
  if (rc < 0) return rc;
  TRY(soso_doc_para(d, _("\"Adds up\" marks an effect that is minor for any one mine alone but "
                       "larger when the mines are counted together.")));

  /* Strategies. */
  TRY(soso_doc_heading(d, 3, _("Strategies compared")));
  const char *shdr[] = {_("strategy"), _("district value, mean"), _("chance of a loss"),
                        _("jobs, mean"), _("jobs, peak"), _("crowding events"),
                        _("years of restoration")};
  cells = calloc((r->n_res + 1) * 7, sizeof *cells);
  if (!cells) return soso_error_set(SOSO_ENOMEM, "report: out of memory");
  for (size_t k = 0; k < r->n_res; k++) {
    const soso_region_result *x = r->res[k];
    char (*q)[160] = cells + k * 7;
    snprintf(q[0], 160, "%s%s", rpt_strategy_name(x->strategy), k == r->plan ? _(" (plan)") : "");
    rpt_fmt_money(q[1], 160, x->npv.mean, cur);
    snprintf(q[2], 160, "%.0f %%", 100.0 * x->p_npv_negative);
    rpt_fmt_count(q[3], 160, x->jobs_mean.mean);
    rpt_fmt_count(q[4], 160, x->jobs_peak.q[2]);
    soso_i18n_number(q[5], 160, x->crowding_events.mean, 1, 0);
    snprintf(q[6], 160, "%.0f", x->remediation_years.mean);
  }
  rc = rpt_table(d, _("Deployment strategies on the same price scenarios"), 7, shdr, r->n_res, cells);
  free(cells);
  if (rc < 0) return rc;
  TRY(soso_doc_para(d, _("Concurrent: every mine has its own plant and starts at its stated "
                       "month. Sequential: one mobile plant visits the mines in the region "
                       "file's order. Optimised: one plant, in the order that gives the most "
                       "value while keeping at most the allowed number of operations near "
                       "each community.")));
  if (r->fig_strategies[0])
    TRY(soso_doc_figure(d, r->fig_strategies, _("The strategies side by side.")));

  return 0;
}

static int methods(soso_doc *d, const rpt *r) {
  const soso_region_result *p = r->res[r->plan];
  TRY(soso_doc_heading(d, 2, _("Appendix C. Methods and sources")));
  TRY(soso_doc_heading(d, 3, _("How the numbers were made")));
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
  const char *rb = strrchr(r->region_path, '/');
  TRY(soso_doc_paraf(d, _("Price scenarios: %zu; random seed: %llu (every simulation uses it, "
                          "so the report can be reproduced exactly); soso version %s. Region "
                          "file: %s."), p->n_paths, (unsigned long long)p->seed,
                     SOSO_VERSION_STRING, rb ? rb + 1 : r->region_path));

  TRY(soso_doc_heading(d, 3, _("Data sources and licences")));
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
  return soso_doc_table(d, _("Where the data come from"), 3, shdr, 5, src);
}

int rpt_build_doc(soso_doc **out, const rpt *r) {
  *out = NULL;
  soso_doc *d = NULL;
  char sub[512];
  snprintf(sub, sizeof sub, _("Small-scale mining: what it would mean for the communities. "
           "%zu sites, %zu communities, from %.0f. Made with soso %s."), r->n_sites,
           soso_region_n_communities(r->region), soso_region_start_year(r->region),
           SOSO_VERSION_STRING);
  int rc = soso_doc_new(&d, soso_region_name(r->region), sub);
  /* Main report: page 1, one page per community, one per reader, the map. */
  if (rc == 0) rc = rpt_doc_front(d, r);
  if (rc == 0) rc = soso_doc_contents(d);
  for (size_t c = 0; c < soso_region_n_communities(r->region) && rc == 0; c++) {
    rc = soso_doc_pagebreak(d);
    if (rc == 0) rc = rpt_doc_community(d, r, c);
  }
  if (rc == 0) rc = soso_doc_pagebreak(d);
  if (rc == 0) rc = rpt_doc_investor(d, r);
  if (rc == 0) rc = soso_doc_pagebreak(d);
  if (rc == 0) rc = rpt_doc_permitting(d, r);
  if (rc == 0) rc = soso_doc_pagebreak(d);
  if (rc == 0) rc = rpt_doc_consultant(d, r);
  if (rc == 0) rc = soso_doc_pagebreak(d);
  if (rc == 0) rc = map_section(d, r);
  /* Appendices. */
  if (rc == 0) rc = soso_doc_pagebreak(d);
  if (rc == 0) rc = soso_doc_heading(d, 2, _("Appendix A. Each site in detail"));
  if (rc == 0) rc = rpt_doc_closure(d, r);
  for (size_t i = 0; i < r->n_sites && rc == 0; i++) {
    rc = soso_doc_pagebreak(d);
    if (rc == 0) rc = rpt_doc_site(d, r, &r->sites[i]);
  }
  if (rc == 0) rc = soso_doc_pagebreak(d);
  if (rc == 0) rc = district_section(d, r);
  if (rc == 0) rc = deposits_section(d, r);
  if (rc == 0) rc = soso_doc_pagebreak(d);
  if (rc == 0) rc = methods(d, r);
  if (rc == 0) rc = soso_doc_pagebreak(d);
  if (rc == 0) rc = soso_doc_heading(d, 2, _("Appendix D. Assumptions"));
  if (rc == 0)
    rc = soso_doc_callout(d, SOSO_CALLOUT_ASSUMPTION, _("Every line below is an assumption"),
                          _("These settings are not sourced facts: they were assumed to build "
                            "the example. Each is marked \"# assumption\" in its input file "
                            "(file and line given)."));
  if (rc == 0) rc = rpt_doc_assumptions_table(d, r);
  if (rc == 0) rc = soso_doc_pagebreak(d);
  if (rc == 0) rc = rpt_doc_glossary(d);
  if (rc < 0) {
    soso_doc_free(d);
    return rc;
  }
  *out = d;
  return 0;
}

const char *rpt_strategy_name(int strategy) {
  switch (strategy) {
  case SOSO_STRATEGY_CONCURRENT: return _("concurrent");
  case SOSO_STRATEGY_SEQUENTIAL: return _("sequential");
  case SOSO_STRATEGY_OPTIMISED: return _("optimised");
  }
  return soso_region_strategy_name((soso_strategy)strategy);
}
