/* report_site.c - the report's section for one site (the small-scale-mining check,
 * value and policy, the employment fan, the Figure-2 opportunities and challenges
 * with significance) and the district's closure and guarantee table.
 *
 * Texts come from the assessment (rules file wording) and the valuation; prices
 * are in the mine file's price unit, money in its money unit. A site without a
 * matched site file gets a short note saying what is missing instead.
 */
#define _POSIX_C_SOURCE 200809L
#include "report/report_int.h"

#include "soso/error.h"
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

static const char *base_of(const char *path) {
  const char *b = strrchr(path, '/');
  return b ? b + 1 : path;
}

static int nomem(void) { return soso_error_set(SOSO_ENOMEM, "report: out of memory"); }

/* A threshold for text: "2,340" or "never on the price grid". */
static void thr(char *buf, size_t n, double v) {
  if (isfinite(v) && v > 0) rpt_fmt_count(buf, n, v);
  else snprintf(buf, n, "never (on the price grid)");
}

/* A criterion's deciding conditions in plainer words for the report: the rules-file
 * references "(... rules.yaml:71)" go (Appendix C names the rules file), "holds:"
 * goes, "FAILS:" becomes "not met:", and the comparison signs become words. */
static void plain_reason(char *out, size_t n, const char *in) {
  static const struct { const char *from, *to; } words[] = {
      {"holds: ", ""}, {"FAILS: ", "not met: "}, {"unknown: ", "unknown: "},
      {" <= ", " is at most "}, {" >= ", " is at least "}, {" == ", " must be "},
      {" < ", " is below "}, {" > ", " is above "}, {"any of: ", "one of: "}};
  size_t k = 0;
  while (*in && k + 1 < n) {
    if (*in == ' ' && in[1] == '(') { /* drop a parenthesis that cites the rules file */
      const char *close = strchr(in, ')');
      const char *ref = close ? strstr(in, ".yaml:") : NULL;
      if (ref && ref < close) {
        in = close + 1;
        continue;
      }
    }
    int hit = 0;
    for (size_t w = 0; w < sizeof words / sizeof words[0] && !hit; w++) {
      size_t len = strlen(words[w].from);
      if (strncmp(in, words[w].from, len) == 0) {
        size_t tl = strlen(words[w].to);
        if (k + tl + 1 >= n) break;
        memcpy(out + k, words[w].to, tl);
        k += tl;
        in += len;
        hit = 1;
      }
    }
    if (!hit) out[k++] = *in++;
  }
  out[k] = '\0';
}

static int ssm(soso_doc *d, const soso_assessment *a) {
  TRY(soso_doc_heading(d, 3, _("Is it modern small-scale mining?")));
  TRY(soso_doc_para(d, _("Modern small-scale mining (SSM, see the glossary) is defined by the "
                         "policy brief's eight criteria; each is checked against the site's "
                         "numbers.")));
  TRY(soso_doc_paraf(d, _("%zu of the policy brief's %zu criteria are met."), a->ssm_met, a->n_ssm));
  char (*items)[SOSO_REASON_MAX + 200] = calloc(a->n_ssm + 1, sizeof *items);
  const char **p = calloc(a->n_ssm + 1, sizeof *p);
  if (!items || !p) {
    free(items);
    free(p);
    return nomem();
  }
  for (size_t k = 0; k < a->n_ssm; k++) {
    const soso_ssm_criterion *c = &a->ssm[k];
    char why[SOSO_REASON_MAX];
    plain_reason(why, sizeof why, c->reason);
    snprintf(items[k], sizeof items[k], "%s - %s: %s",
             c->met == 1 ? _("Met") : c->met == 0 ? _("Not met") : _("Cannot tell"), c->text, why);
    p[k] = items[k];
  }
  int rc = soso_doc_bullets(d, p, a->n_ssm);
  free(items);
  free(p);
  return rc;
}

static int value(soso_doc *d, const rpt_site *s) {
  const soso_mine *m = soso_site_mine(s->site);
  const soso_factor *f = &m->pmodel.d.f[0];
  TRY(soso_doc_heading(d, 3, _("What the mine is worth, and when it should work")));
  char vo[96], vs[96], cap[96], flex[96], npv[96], cl[64], ro[64], ab[64], s0[64];
  rpt_fmt_money(vo, sizeof vo, s->v_open - m->capital_cost, m->money_unit);
  rpt_fmt_money(vs, sizeof vs, s->st.npv, m->money_unit);
  rpt_fmt_money(cap, sizeof cap, m->capital_cost, m->money_unit);
  rpt_fmt_money(flex, sizeof flex, s->v_open - s->v_static, m->money_unit);
  rpt_fmt_money(npv, sizeof npv, s->v_static - m->capital_cost, m->money_unit);
  rpt_fmt_count(s0, sizeof s0, f->s0);
  thr(cl, sizeof cl, s->th.close_below);
  thr(ro, sizeof ro, s->th.reopen_above);
  thr(ab, sizeof ab, s->th.abandon_open_below);
  TRY(soso_doc_paraf(d, _("At today's %s price of %s %s, after the investment of %s, the mine "
                     "is worth %s if it may close for a while and reopen as prices move (the "
                     "SOSO value), against %s for a fixed plan that always produces at full "
                     "rate (same risk-neutral prices; %s at the classical %.0f %% discount "
                     "rate). The flexibility to switch off and on is worth %s."),
                     f->name, s0, f->unit, cap, vo, npv, vs, 100.0 * m->discount_rate, flex));
  TRY(soso_doc_paraf(d, _("Policy today, with the full reserve: keep working while the price is "
                     "above %s %s; pause (care and maintenance, %.0f workers kept) below it; "
                     "reopen above %s %s; close for good below %s %s."), cl, f->unit,
                     m->care_crew, ro, f->unit, ab, f->unit));
  return soso_doc_figure(d, s->fig_policy, _("Policy map: the prices at which the mine should "
                         "pause, reopen or close for good as the reserve is used up, and its "
                         "value against the price today."));
}

static int jobs(soso_doc *d, const rpt *r, const rpt_site *s) {
  const soso_mine *m = soso_site_mine(s->site);
  TRY(soso_doc_heading(d, 3, _("Jobs over time")));
  char crew[32];
  rpt_fmt_count(crew, sizeof crew, m->operating_crew);
  const soso_ops_result *o = s->ops;
  char yrs[32], pz[32];
  soso_i18n_number(yrs, sizeof yrs, o->months_open.mean / 12.0, 1, 0);
  soso_i18n_number(pz, sizeof pz, o->switches.mean / 2.0, 1, 0);
  TRY(soso_doc_paraf(d, _("About %s people work at the mine while it is open (%.0f %% hired "
                     "locally). Over the scenarios it is open for %s years on average and "
                     "pauses about %s times. A worker hired at the start has a %.0f %% chance "
                     "of being laid off within a year.%s"),
                     crew, 100.0 * s->drv.local_hire_share, yrs, pz, 100.0 * o->p_layoff_12,
                     s->in_plan ? "" : _(" The district plan does not use this mine.")));
  (void)r;
  /* xgettext:no-c-format */
  return soso_doc_figure(d, s->fig_jobs, _("Employment fan chart: the median and the range "
                         "within which 90 % of the price scenarios fall, and the share of "
                         "scenarios in which the mine is open or paused."));
}

static int impacts(soso_doc *d, const rpt_site *s) {
  const soso_assessment *a = s->a;
  TRY(soso_doc_heading(d, 3, _("Opportunities and challenges")));
  char (*cells)[160] = calloc((a->n_dims + 1) * 4, sizeof *cells);
  const char **p = calloc((a->n_dims + 1) * 4, sizeof *p);
  if (!cells || !p) {
    free(cells);
    free(p);
    return nomem();
  }
  for (size_t k = 0; k < a->n_dims; k++) {
    const soso_dimension *dm = &a->dims[k];
    snprintf(cells[4 * k], 160, "%s", dm->name);
    /* The rules file rates each dimension as a benefit or a harm; where only the
     * other kind of finding was triggered, the label says so instead of implying a
     * harm (or a benefit) that no finding supports. */
    if (dm->direction > 0)
      snprintf(cells[4 * k + 1], 160, "%s", dm->n_opportunities == 0 && dm->n_challenges > 0
                                                ? _("benefit rated; only challenges found")
                                                : _("benefit"));
    else
      snprintf(cells[4 * k + 1], 160, "%s", dm->n_challenges == 0 && dm->n_opportunities > 0
                                                ? _("harm rated; only opportunities found")
                                                : _("harm"));
    snprintf(cells[4 * k + 2], 160, "%s", rpt_sig_name((int)dm->significance));
    snprintf(cells[4 * k + 3], 160, "%s", rpt_sig_name((int)dm->significance_after));
    for (int c = 0; c < 4; c++) p[4 * k + (size_t)c] = cells[4 * k + (size_t)c];
  }
  const char *hdr[] = {_("dimension"), _("rated as"), _("significance"), _("after measures")};
  char cap[256];
  snprintf(cap, sizeof cap, _("Significance for %s (magnitude x sensitivity, rules file)"),
           a->community_name);
  int rc = soso_doc_table(d, cap, 4, hdr, a->n_dims, p);
  free(cells);
  free(p);
  if (rc < 0) return rc;
  /* Opportunities first, then challenges, each with its dimension's significance. */
  for (int kind = 0; kind < 2 && rc == 0; kind++) {
    size_t n = 0;
    for (size_t k = 0; k < a->n_dims; k++)
      if (a->dims[k].significance >= SOSO_SIG_MODERATE)
        n += kind == 0 ? a->dims[k].n_opportunities : a->dims[k].n_challenges;
    if (n == 0) continue;
    char (*items)[512] = calloc(n, sizeof *items);
    const char **ip = calloc(n, sizeof *ip);
    if (!items || !ip) {
      free(items);
      free(ip);
      return nomem();
    }
    size_t i = 0;
    for (size_t k = 0; k < a->n_dims; k++) {
      const soso_dimension *dm = &a->dims[k];
      if (dm->significance < SOSO_SIG_MODERATE) continue;
      size_t m = kind == 0 ? dm->n_opportunities : dm->n_challenges;
      const soso_finding *fs = kind == 0 ? dm->opportunities : dm->challenges;
      for (size_t j = 0; j < m; j++, i++) {
        snprintf(items[i], sizeof items[i], "%s (%s, %s): %s", dm->name,
                 kind == 0 ? _("opportunity") : _("challenge"), rpt_sig_name((int)dm->significance),
                 fs[j].text);
        ip[i] = items[i];
      }
    }
    rc = soso_doc_heading(d, 3, kind == 0 ? _("Opportunities where the effect is significant")
                                          : _("Challenges where the effect is significant"));
    if (rc == 0) rc = soso_doc_bullets(d, ip, n);
    free(items);
    free(ip);
  }
  if (rc == 0)
    rc = soso_doc_figure(d, s->fig_impacts, _("Opportunities (+) and challenges (-) by "
                         "dimension, after the policy brief's Figure 2, with their significance "
                         "before and after management measures."));
  return rc;
}

int rpt_doc_site(soso_doc *d, const rpt *r, const rpt_site *s) {
  const char *name = soso_region_site_name(r->region, s->index);
  char h[256];
  snprintf(h, sizeof h, _("Site: %s"), name);
  TRY(soso_doc_heading(d, 2, h));
  if (!s->site || !s->a) {
    return soso_doc_callout(d, SOSO_CALLOUT_WARNING, _("Not assessed"),
                            _("No *.site.yaml file beside the region file lies near this site "
                            "(or no community file was found), so its value, jobs and impacts "
                            "are not assessed. It still counts in the district results."));
  }
  const soso_mine *m = soso_site_mine(s->site);
  char reserve[32], perm[32];
  rpt_fmt_count(reserve, sizeof reserve, m->reserve);
  rpt_fmt_count(perm, sizeof perm, m->capacity / m->period_years / 12.0);
  TRY(soso_doc_paraf(d, _("%s, %s, assessed for %s. Ore reserve about %s %s, mined at up to %s "
                     "%s a month. Files: %s, %s."), m->name,
                     s->drv.underground ? _("underground") : _("open pit"), s->a->community_name,
                     reserve, m->ore_unit, perm, m->ore_unit, base_of(s->site_path),
                     base_of(s->comm_path)));
  size_t n_as = 0;
  const char *files[3] = {s->site_path, m->path, s->comm_path};
  for (size_t i = 0; i < r->n_as; i++)
    for (int k = 0; k < 3; k++) {
      const char *base = strrchr(files[k], '/');
      if (strcmp(r->as[i].file, base ? base + 1 : files[k]) == 0) n_as++;
    }
  char note[256];
  snprintf(note, sizeof note, _("%zu settings in this site's files are assumptions (listed under "
           "Methods). Treat the numbers below as an illustration."), n_as);
  TRY(soso_doc_callout(d, SOSO_CALLOUT_ASSUMPTION, _("Assumed inputs"), note));
  TRY(ssm(d, s->a));
  TRY(value(d, s));
  TRY(jobs(d, r, s));
  return impacts(d, s);
}

int rpt_doc_closure(soso_doc *d, const rpt *r) {
  TRY(soso_doc_heading(d, 3, _("How each closure guarantee is sized")));
  size_t n = 0;
  for (size_t i = 0; i < r->n_sites; i++) n += r->sites[i].a != NULL;
  if (n == 0) return soso_doc_para(d, _("No site was assessed, so no guarantee is sized."));
  for (size_t i = 0; i < r->n_sites; i++) {
    const rpt_site *s = &r->sites[i];
    if (!s->a) continue;
    const soso_closure *c = &s->a->closure;
    /* numbers as the reader's language writes them; "; " between them, since a
     * decimal comma would make ", " ambiguous */
    char sched[1200] = "", num[32], top[32];
    for (size_t y = 0; y < c->n_schedule; y++) {
      size_t len = strlen(sched);
      soso_i18n_number(num, sizeof num, c->schedule_eur[y] / 1e6, 2, 0);
      snprintf(sched + len, sizeof sched - len, "%s%s", y ? "; " : "", num);
    }
    soso_i18n_number(top, sizeof top, c->liability_max_eur / 1e6, 2, 0);
    TRY(soso_doc_paraf(d, _("%s: %s. Liability at the end of each year from the first year of "
                            "work, in million EUR: %s. Largest %s million EUR in year %zu."),
                       soso_region_site_name(r->region, s->index), c->guarantee_rule, sched,
                       top, c->liability_max_year));
  }
  return 0;
}
