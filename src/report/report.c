/* report.c - `soso report`: runs the chain for one region and writes the report
 * (include/soso/report.h).
 *
 * Order of the stages (each reports progress): inputs (region, rules, site and
 * community files), deposits (screen the store around the region, districts, map),
 * valuation of each site (grid solver: values, critical prices, policy map), the
 * employment fan of each site (site_jobs.c), impacts of each site on its community
 * (Figure-2 chart), the region's joint Monte Carlo of every strategy with
 * cumulative significance and its charts, then the document (report_doc.c) in HTML
 * and PDF. Every simulation uses opts->seed; the report prints it.
 * Invariant: figures are written into out/figures before the document reads them,
 * and report.html / report.pdf are written atomically last. "out" is a staging
 * folder inside the output folder (report_out.h): the whole report is moved into
 * place only when every file is written, so a failure leaves the folder as it was.
 */
#define _POSIX_C_SOURCE 200809L
#include "report/report_int.h"
#include "core/i18n_int.h"
#include "report/report_out.h"

#include "soso/data.h"
#include "soso/error.h"
#include "soso/afile.h"
#include "soso/survey.h"
#include "soso/chart.h"
#include "soso/i18n.h"
#include "soso/map.h"

#include <errno.h>
#include <jansson.h>
#include <pango/pangocairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Progress: inputs, deposits, region, three steps per site, charts, document. */
static void progress(rpt *r, const char *stage, const char *site) {
  long total = 5 + 3 * (long)r->n_sites;
  if (!r->o->progress) return;
  char what[160];
  snprintf(what, sizeof what, "%s%s%.100s", stage, site ? " " : "", site ? site : "");
  r->o->progress(r->o->closure, what, r->stage < total ? r->stage : total - 1, total);
  r->stage++;
}

static int mkdir_p(const char *dir) {
  if (mkdir(dir, 0777) != 0 && errno != EEXIST)
    return soso_error_set(SOSO_EIO, "%s: cannot create: %s", dir, strerror(errno));
  return 0;
}

/* figdir/name.png into buf; counts the figure. */
static const char *fig(rpt *r, char *buf, const char *name) {
  snprintf(buf, RPT_PATH, "%.1000s/%.150s.png", r->figdir, name);
  r->n_figures++;
  return buf;
}

/* A file-name slug of a site name: lower case letters and digits, '-' elsewhere. */
static void slug(char *out, size_t n, const char *name) {
  size_t k = 0;
  for (const char *p = name; *p && k + 1 < n; p++) {
    unsigned char c = (unsigned char)*p;
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out[k++] = (char)c;
    else if (c >= 'A' && c <= 'Z') out[k++] = (char)(c - 'A' + 'a');
    else if (k > 0 && out[k - 1] != '-') out[k++] = '-';
  }
  while (k > 0 && out[k - 1] == '-') k--;
  out[k] = '\0';
  if (k == 0) snprintf(out, n, "site");
}

/* The file-name base of a site's figures: "site<N>-<slug>", N the site's place in
 * the region file (1-based). The number makes it unique per report - slugs of
 * Cyrillic names are all "site", and "Sase" and "Sase!" share one - while the slug
 * keeps it readable. */
static void site_base(char *out, size_t n, const rpt *r, const rpt_site *s, const char *name) {
  char sl[140];
  slug(sl, sizeof sl, name);
  snprintf(out, n, "site%zu-%s", (size_t)(s - r->sites) + 1, sl);
}

static int stage_deposits(rpt *r) {
  if (!r->o->store) return 0;
  double w = 180, s = 90, e = -180, nth = -90;
  for (size_t i = 0; i < r->n_sites; i++) {
    double lon, lat;
    soso_region_site_lonlat(r->region, i, &lon, &lat);
    w = fmin(w, lon), e = fmax(e, lon), s = fmin(s, lat), nth = fmax(nth, lat);
  }
  /* About 60-80 km around the sites: the deposits a district plan could add. */
  snprintf(r->bbox, sizeof r->bbox, "%.2f,%.2f,%.2f,%.2f", w - 0.8, s - 0.6, e + 0.8,
           nth + 0.6);
  soso_screen_opts so;
  soso_deposits_screen_opts_init(&so);
  const char *data_dir = r->o->data_dir ? r->o->data_dir : soso_data_dir_builtin();
  int rc = soso_deposits_screen_opts_set(&so, "bbox", r->bbox);
  if (rc == 0) rc = soso_deposits_screen_run(&r->set, r->o->store, &so, data_dir);
  if (rc < 0) return rc;
  if (r->set->n == 0) return 0;
  r->eps_km = r->o->eps_km > 0 ? r->o->eps_km : 20.0;
  rc = soso_districts_of_set(&r->ds, r->set, r->eps_km, 2);
  if (rc < 0) return rc;
  soso_map_opts mo = SOSO_MAP_OPTS_INIT;
  char sub[256];
  snprintf(sub, sizeof sub, "%zu deposits in the store within %s (lon/lat), %zu districts",
           r->set->n, r->bbox, soso_districts_count(r->ds));
  mo.title = _("Known deposits around the planned mines");
  mo.subtitle = sub;
  mo.boundaries = r->o->boundaries ? r->o->boundaries : soso_region_default_boundaries();
  mo.eps_km = r->eps_km;
  mo.min_deposits = 2;
  return soso_map_draw(fig(r, r->fig_deposits, "deposits-map"), r->set, r->ds, &mo);
}

/* The value of a mine at other prices or costs, net of capital cost: the mine copied
 * with its factors' s0 times price_f and its cash and fixed costs times cost_f,
 * valued again through the stage's entry point. */
static int value_scaled(const soso_mine *m, double price_f, double cost_f, double *out) {
  soso_mine mc = *m;
  for (int f = 0; f < mc.pmodel.d.n; f++) mc.pmodel.d.f[f].s0 *= price_f;
  mc.cash_cost *= cost_f;
  mc.fixed_cost *= cost_f;
  soso_valuation *v = NULL;
  int rc = soso_value_solve(&v, &mc, NULL);
  if (rc == 0) *out = soso_value_result_of(v)->s0.value_open - m->capital_cost;
  soso_value_free(v);
  return rc;
}

static int value_site(rpt *r, rpt_site *s, const char *name) {
  const soso_mine *m = soso_site_mine(s->site);
  /* The valuation stage's one entry point: grid for one price factor, least-squares
   * Monte Carlo for several - the policy `soso value` and `soso simulate` use. */
  int rc = soso_value_solve(&s->value, m, NULL);
  if (rc) return rc;
  const soso_value_result *vr = soso_value_result_of(s->value);
  double s0 = vr->s0.price;
  s->v_open = vr->s0.value_open;
  s->v_static = vr->s0.value_static;
  s->st = vr->static_plan;
  if (vr->has_thresholds) {
    s->th = vr->thresholds;
  } else { /* several factors: no single critical price */
    s->th.close_below = s->th.abandon_open_below = s->th.abandon_closed_below = 0.0;
    s->th.reopen_above = HUGE_VAL;
  }
  /* Sensitivity for the investor page, computed once here: price and operating cost
   * -20 % and +20 %, each a valuation of the mine with those numbers. */
  static const double k_f[4][2] = {{0.8, 1.0}, {1.2, 1.0}, {1.0, 0.8}, {1.0, 1.2}};
  for (int k = 0; k < 4 && rc == 0; k++) rc = value_scaled(m, k_f[k][0], k_f[k][1], &s->sens[k]);
  char base[160], file[200];
  site_base(base, sizeof base, r, s, name);
  snprintf(file, sizeof file, "%s-policy", base);
  if (rc == 0 && soso_value_grid(s->value))
    rc = soso_value_chart(s->value, fig(r, s->fig_policy, file), 0.5 * s0, 1.5 * s0);
  return rc;
}

/* The SOSO engine's operations simulation of the site's mine; the impacts then read
 * its drivers (months open, restarts, layoffs) instead of the static plan's. */
static int jobs_site(rpt *r, rpt_site *s, const char *name) {
  const soso_mine *m = soso_site_mine(s->site);
  soso_ops_opts oo = SOSO_OPS_OPTS_INIT;
  oo.n_paths = r->o->n_paths;
  oo.years = m->horizon_years;
  oo.seed = r->o->seed;
  oo.n_threads = r->o->n_threads;
  /* The policy of value_site's valuation, as soso_site_operations would solve it. */
  int rc = soso_ops_simulate(&s->ops, soso_value_policy(s->value), m, &oo);
  if (rc == 0) rc = soso_site_drivers_from_ops(&s->drv, s->site, s->ops);
  char base[160], file[200];
  site_base(base, sizeof base, r, s, name);
  snprintf(file, sizeof file, "%s-jobs", base);
  double y0 = soso_region_start_year(r->region) + s->start_month / 12.0;
  size_t left = soso_region_n_months(r->region) - (size_t)fmin(s->start_month,
                                                               (double)soso_region_n_months(r->region));
  if (rc == 0) rc = rpt_jobs_chart(s->ops, name, y0, left, fig(r, s->fig_jobs, file));
  return rc;
}

static int impacts_site(rpt *r, rpt_site *s, const char *name) {
  /* The impacts stage's entry point on the operations simulation of jobs_site. */
  char method[128];
  soso_value_describe(s->value, method, sizeof method);
  soso_impacts_opts io = SOSO_IMPACTS_OPTS_INIT;
  io.ops = s->ops;
  io.method = method;
  int rc = soso_impacts_run(&s->a, s->site, s->comm, r->rules, &io);
  char base[160], file[200];
  site_base(base, sizeof base, r, s, name);
  snprintf(file, sizeof file, "%s-impacts", base);
  if (rc == 0) rc = soso_impacts_chart(s->a, fig(r, s->fig_impacts, file));
  return rc;
}

static int stage_region(rpt *r) {
  soso_region_opts o = SOSO_REGION_OPTS_INIT;
  o.n_paths = r->o->n_paths;
  o.seed = r->o->seed;
  o.n_threads = r->o->n_threads;
  soso_strategy want = soso_region_strategy(r->region);
  /* The region stage's entry point: the three strategies and their cumulative
   * significance on one set of paths. */
  int rc = soso_region_analyse(&r->an, r->region, r->rules, r->cum, &o);
  if (rc < 0) return rc;
  for (size_t k = 0; k < r->an->n; k++) {
    r->res[k] = r->an->results[k];
    if (r->res[k]->strategy == want) r->plan = k;
  }
  r->n_res = r->an->n;
  const soso_region_result *p = r->res[r->plan];
  for (size_t k = 0; k < p->n_used; k++) {
    rpt_site *s = &r->sites[p->order[k]];
    s->in_plan = 1;
    s->start_month = p->planned_start[k];
  }
  return 0;
}

static int stage_region_charts(rpt *r) {
  const char *b = r->o->boundaries ? r->o->boundaries : soso_region_default_boundaries();
  const soso_region_result *p = r->res[r->plan];
  int rc = soso_region_map(r->region, p, b, fig(r, r->fig_region, "region-map"));
  if (rc == 0) rc = soso_region_chart_employment(r->region, p, fig(r, r->fig_employment, "community-jobs"));
  if (rc == 0) rc = soso_region_chart_pressures(r->region, p, fig(r, r->fig_pressures, "pressures"));
  if (rc == 0)
    rc = soso_region_chart_strategies(r->region, r->res, r->n_res,
                                      fig(r, r->fig_strategies, "strategies"));
  return rc;
}

/* District timelines of the plan: jobs fan and sites operating / in remediation. */
static int district_chart(rpt *r) {
  const soso_region_result *p = r->res[r->plan];
  size_t n = p->n_months;
  double *buf = malloc(4 * n * sizeof *buf);
  soso_chart *c = NULL;
  int rc = buf ? soso_chart_new(&c, 640, 520, 2, 1)
               : soso_error_set(SOSO_ENOMEM, "report: out of memory");
  if (rc < 0) goto done;
  double *x = buf, *lo = buf + n, *mid = buf + 2 * n, *hi = buf + 3 * n;
  double y0 = soso_region_start_year(r->region);
  for (size_t j = 0; j < n; j++) {
    x[j] = y0 + (double)j / 12.0;
    lo[j] = p->jobs_q[3 * j];
    mid[j] = p->jobs_q[3 * j + 1];
    hi[j] = p->jobs_q[3 * j + 2];
  }
  char sub[256];
  snprintf(sub, sizeof sub, _("Plan: %s; %zu price scenarios (seed %llu)"),
           rpt_strategy_name(p->strategy), p->n_paths, (unsigned long long)p->seed);
  soso_chart_title(c, _("The district over time"), sub);
  soso_chart_source(c, _("soso report; inputs partly assumed (see Methods)"));
  soso_rgb blue = soso_chart_palette(0), green = soso_chart_palette(2), red = soso_chart_palette(1);
  soso_chart_panel(c, 0);
  soso_chart_panel_title(c, _("Direct mining jobs in the district"));
  soso_chart_axes(c, _("Year"), _("Workers (people)"));
  soso_chart_xyears(c, 1);
  /* xgettext:no-c-format */
  rc = soso_chart_band(c, x, lo, hi, n, _("5-95 % of scenarios"), blue, 0.25);
  if (rc == 0) rc = soso_chart_line(c, x, mid, n, _("median"), blue, 2.0, 0);
  soso_chart_panel(c, 1);
  soso_chart_panel_title(c, _("Mines open or paused, and sites being restored"));
  soso_chart_axes(c, _("Year"), _("Sites (mean over scenarios)"));
  soso_chart_xyears(c, 1);
  if (rc == 0) rc = soso_chart_line(c, x, p->ops_t, n, _("mines open or paused"), green, 2.0, 0);
  if (rc == 0) rc = soso_chart_line(c, x, p->backlog_t, n, _("sites in remediation"), red, 2.0, 1);
  if (rc == 0) rc = soso_chart_save(c, fig(r, r->fig_district, "district-timeline"));
done:
  soso_chart_free(c);
  free(buf);
  return rc;
}

/* A path as the report may print it: relative to the region file's folder when it
 * lies inside it (no path of the machine that made the report). */
static const char *rel_path(const rpt *r, const char *p) {
  size_t n = strlen(r->dir);
  if (n && strncmp(p, r->dir, n) == 0 && p[n] == '/') return p + n + 1;
  return p;
}

/* DIR/numbers.json: the report's headline numbers in machine-readable form, so a
 * reader (or a test) can check them against `soso value`, `soso simulate`,
 * `soso impacts` and `soso region` run on the same files with the same paths and
 * seed (README.md, "The worked example, stage by stage"). */
static int write_numbers(const rpt *r, const char *out_dir) {
  json_t *o = json_object(), *sites = json_array();
  json_object_set_new(o, "paths", json_integer((json_int_t)r->o->n_paths));
  json_object_set_new(o, "seed", json_integer((json_int_t)r->o->seed));
  for (size_t i = 0; i < r->n_sites; i++) {
    const rpt_site *s = &r->sites[i];
    if (!s->site || !s->a) continue;
    const soso_mine *m = soso_site_mine(s->site);
    json_t *x = json_object();
    json_object_set_new(x, "name", json_string(soso_region_site_name(r->region, i)));
    json_object_set_new(x, "site_file", json_string(rel_path(r, s->site_path)));
    json_object_set_new(x, "mine_file", json_string(rel_path(r, m->path)));
    json_object_set_new(x, "community_file", json_string(rel_path(r, s->comm->path)));
    json_object_set_new(x, "value_open_s0", json_real(s->v_open));
    json_object_set_new(x, "static_npv", json_real(s->st.npv));
    json_object_set_new(x, "employment_mean", json_real(s->ops->employment.mean));
    json_object_set_new(x, "guarantee_eur", json_real(s->a->closure.guarantee_eur));
    json_array_append_new(sites, x);
  }
  json_object_set_new(o, "sites", sites);
  const soso_region_result *p = r->res[r->plan];
  json_object_set_new(o, "region", json_pack("{s:s,s:f}", "strategy",
                                             soso_region_strategy_name(p->strategy), "npv_mean",
                                             p->npv.mean));
  char path[RPT_PATH + 16];
  snprintf(path, sizeof path, "%s/numbers.json", out_dir);
  FILE *f = NULL;
  soso_afile *af = NULL;
  int rc = soso_afile_open(&af, &f, path);
  if (rc == 0 && json_dumpf(o, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                                      JSON_REAL_PRECISION(17)) != 0)
    rc = soso_error_set(SOSO_EIO, "%s: cannot write", path);
  if (rc == 0 && fputc('\n', f) == EOF) rc = soso_error_set(SOSO_EIO, "%s: cannot write", path);
  if (rc == 0) {
    soso_afile *t = af;
    af = NULL;
    rc = soso_afile_commit(t);
  }
  soso_afile_abort(af);
  json_decref(o);
  return rc;
}

static void rpt_free(rpt *r) {
  for (size_t i = 0; i < r->n_sites && r->sites; i++) {
    rpt_site *s = &r->sites[i];
    soso_ops_result_free(s->ops);
    soso_impacts_assessment_free(s->a);
    soso_value_free(s->value);
    soso_site_free(s->site);
  }
  free(r->sites);
  for (size_t c = 0; c < r->n_comms && r->comms; c++) soso_community_free(r->comms[c]);
  free(r->comms);
  soso_region_analysis_free(r->an);
  soso_districts_free(r->ds);
  soso_deposits_free(r->set);
  rpt_assumptions_free(r);
  soso_region_cumrules_free(r->cum);
  soso_impacts_rules_free(r->rules);
  soso_region_free(r->region);
}

int soso_report_region(soso_report_info *info, const char *region_path, const char *out_dir,
                       const soso_report_opts *opts) {
  if (!region_path || !out_dir || !opts || opts->n_paths < 2)
    return soso_error_set(SOSO_EUSAGE, "report: need a region file, an output folder and "
                                       ">= 2 paths");
  rpt *r = calloc(1, sizeof *r);
  if (!r) return soso_error_set(SOSO_ENOMEM, "report: out of memory");
  r->o = opts;
  soso_doc *doc = NULL;
  snprintf(r->region_path, sizeof r->region_path, "%s", region_path);
  snprintf(r->dir, sizeof r->dir, "%s", region_path);
  char *slash = strrchr(r->dir, '/');
  if (slash) *slash = '\0';
  else snprintf(r->dir, sizeof r->dir, ".");
  rpt_out staged = {0};

  progress(r, "inputs", NULL);
  int rc = soso_i18n_setup(opts->lang, opts->localedir);
  if (rc == 0) rc = soso_region_load_ex(&r->region, region_path, r->o->store);
  if (rc == 0)
    rc = soso_impacts_rules_load(&r->rules, opts->rules ? opts->rules : soso_impacts_rules_default_path());
  if (rc == 0)
    rc = soso_region_cumrules_load(&r->cum, opts->cumrules ? opts->cumrules
                                                     : soso_region_cumrules_default_path());
  if (rc < 0) goto done;
  r->n_sites = soso_region_n_sites(r->region);
  r->sites = calloc(r->n_sites ? r->n_sites : 1, sizeof *r->sites);
  if (!r->sites) {
    rc = soso_error_set(SOSO_ENOMEM, "report: out of memory");
    goto done;
  }
  for (size_t i = 0; i < r->n_sites; i++) r->sites[i].index = i;
  if ((rc = rpt_match_files(r)) < 0 || (rc = rpt_collect_assumptions(r)) < 0) goto done;
  /* Residents' surveys in the store (soso survey import) set the ratings that the
   * rules file maps to survey evidence, as in `soso impacts --survey`. */
  for (size_t c = 0; c < r->n_comms && r->o->store && rc == 0; c++)
    if (r->comms[c]) rc = soso_survey_evidence_load(&r->comms[c]->residents, r->o->store,
                                                    r->comms[c]->name, NULL);
  if (rc < 0) goto done;
  /* every file goes into a staging folder, moved into out_dir only when all are
   * written (report_out.h): a failure leaves out_dir as it was */
  if ((rc = rpt_out_begin(&staged, out_dir)) < 0) goto done;
  snprintf(r->out, sizeof r->out, "%s", staged.stage);
  snprintf(r->figdir, sizeof r->figdir, "%s/figures", staged.stage);
  if ((rc = mkdir_p(r->figdir)) < 0) goto done;
  if ((rc = rpt_write_assumptions_csv(r)) < 0) goto done;

  progress(r, "deposits", NULL);
  if ((rc = stage_deposits(r)) < 0) goto done;
  progress(r, "district simulation", NULL);
  if ((rc = stage_region(r)) < 0) goto done;
  for (size_t i = 0; i < r->n_sites && rc == 0; i++) {
    rpt_site *s = &r->sites[i];
    if (!s->site) continue;
    const char *name = soso_region_site_name(r->region, i);
    progress(r, "valuation", name);
    rc = value_site(r, s, name);
    progress(r, "operations", name);
    if (rc == 0) rc = jobs_site(r, s, name);
    progress(r, "impacts", name);
    if (rc == 0) rc = impacts_site(r, s, name);
  }
  if (rc < 0) goto done;
  progress(r, "district charts", NULL);
  if ((rc = stage_region_charts(r)) < 0 || (rc = district_chart(r)) < 0) goto done;

  progress(r, "document", NULL);
  if ((rc = rpt_build_doc(&doc, r)) < 0 || (rc = write_numbers(r, r->out)) < 0) goto done;
  soso_report_info inf;
  memset(&inf, 0, sizeof inf);
  snprintf(inf.html, sizeof inf.html, "%s/report.html", out_dir);
  snprintf(inf.pdf, sizeof inf.pdf, "%s/report.pdf", out_dir);
  char staged_doc[RPT_PATH + 16];
  snprintf(staged_doc, sizeof staged_doc, "%s/report.html", r->out);
  rc = soso_doc_write_html(doc, staged_doc);
  snprintf(staged_doc, sizeof staged_doc, "%s/report.pdf", r->out);
  if (rc == 0) rc = soso_doc_write_pdf(doc, staged_doc);
  if (rc == 0) rc = rpt_out_publish(&staged);
  /* pango's default font map keeps cairo fonts alive for the process; drop it so
   * that the chart module's exit-time cairo cleanup finds no live fonts. */
  pango_cairo_font_map_set_default(NULL);
  if (rc < 0) goto done;
  if (r->o->progress)
    r->o->progress(r->o->closure, "report", 5 + 3 * (long)r->n_sites, 5 + 3 * (long)r->n_sites);
  inf.n_figures = r->n_figures;
  inf.n_assumptions = r->n_as;
  inf.n_sites = r->n_sites;
  for (size_t i = 0; i < r->n_sites; i++) inf.n_sites_assessed += r->sites[i].a != NULL;
  inf.n_sections = 0;
  if (info) *info = inf;
done:
  rpt_out_abort(&staged);
  soso_doc_free(doc);
  rpt_free(r);
  free(r);
  return rc;
}
