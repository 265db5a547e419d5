/* render_md.c - the assessment as a practitioner's screening report in Markdown.
 *
 * Order: what was assessed and on what basis; a summary table of the ten
 * dimensions; the modern-SSM check; each dimension with its indicators, ratings and
 * reasons, opportunities, challenges and measures; closure from day one; the
 * socio-economic numbers with the input-output upper bound; the limits of a
 * screening. Every number printed comes from the assessment; nothing is restated
 * by hand.
 */
#include "impacts/impacts_int.h"
#include "core/sink_int.h"
#include "soso/error.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *yes_no(int met) { return met < 0 ? "cannot tell" : met ? "yes" : "no"; }

static void val(char *b, size_t n, const soso_assessment *a, const char *name) {
  const soso_indicator *x = soso_impacts_assessment_indicator(a, name);
  if (x) impacts_ind_format(b, n, x);
  else snprintf(b, n, "?");
}

static void money(char *b, size_t n, double v) {
  soso_indicator x = {.name = "", .unit = "EUR", .value = v, .available = isfinite(v)};
  impacts_ind_format(b, n, &x);
}

static void summary(FILE *f, const soso_assessment *a) {
  fprintf(f, "## Summary\n\n"
             "| # | Dimension | +/- | Magnitude | Sensitivity | Significance | After measures |\n"
             "|---|---|---|---|---|---|---|\n");
  for (size_t i = 0; i < a->n_dims; i++) {
    const soso_dimension *d = &a->dims[i];
    fprintf(f, "| %zu | %s | %s | %s | %s | **%s** | %s |\n", i + 1, d->name,
            d->direction > 0 ? "+" : "-", soso_impacts_level_name(d->magnitude),
            soso_impacts_level_name(d->sensitivity), soso_impacts_significance_name(d->significance),
            soso_impacts_significance_name(d->significance_after));
  }
  char lj[64], sh[64], wr[64], lr[64], ur[64];
  val(lj, sizeof lj, a, "local_jobs");
  val(sh, sizeof sh, a, "local_jobs_share_of_unemployed");
  val(wr, sizeof wr, a, "wage_ratio");
  val(lr, sizeof lr, a, "local_public_revenue_eur_year");
  val(ur, sizeof ur, a, "unemployment_rate");
  fprintf(f, "\nSignificance comes from the magnitude x sensitivity matrix of the rules file "
             "(reference: standard EIA/SIA practice); major and moderate are significant. "
             "A positive dimension rated major is a major *benefit*. In short: %s for local "
             "people (%s of the unemployed, at %s unemployment), mine wages at %s, "
             "and local public revenue of %s.\n\n", lj, sh, ur, wr, lr);
}

static void ssm(FILE *f, const soso_assessment *a) {
  fprintf(f, "## Is it modern small-scale mining?\n\n"
             "%zu of %zu criteria of the IMP@CT definition are met. Thresholds are the rules "
             "file's; those marked \"assumption\" are this project's screening choices, not "
             "sourced limits.\n\n| Criterion | Met | Deciding numbers |\n|---|---|---|\n",
          a->ssm_met, a->n_ssm);
  for (size_t i = 0; i < a->n_ssm; i++)
    fprintf(f, "| %s | %s | %s |\n", a->ssm[i].text, yes_no(a->ssm[i].met), a->ssm[i].reason);
  fprintf(f, "\n");
}

static void dimension(FILE *f, const soso_assessment *a, size_t k) {
  const soso_dimension *d = &a->dims[k];
  fprintf(f, "### %zu. %s (%s)\n\n", k + 1, d->name,
          d->direction > 0 ? "benefit" : "adverse impact");
  fprintf(f, "| Indicator | Value | Derivation |\n|---|---|---|\n");
  for (size_t i = 0; i < d->n_indicators; i++) {
    const soso_indicator *x = &a->ind[d->indicators[i]];
    char v[96];
    impacts_ind_format(v, sizeof v, x);
    fprintf(f, "| %s | %s | %s |\n", x->name, v, x->derivation);
  }
  fprintf(f, "\n- **Magnitude** %s\n- **Sensitivity** %s\n- **Significance** %s\n"
             "- **After measures** %s\n\n",
          d->magnitude_reason, d->sensitivity_reason, d->significance_reason,
          d->significance_after_reason);
  if (d->n_opportunities) {
    fprintf(f, "Opportunities:\n\n");
    for (size_t i = 0; i < d->n_opportunities; i++)
      fprintf(f, "- %s. *Why here:* %s\n", d->opportunities[i].text, d->opportunities[i].reason);
    fprintf(f, "\n");
  }
  if (d->n_challenges) {
    fprintf(f, "Challenges:\n\n");
    for (size_t i = 0; i < d->n_challenges; i++)
      fprintf(f, "- %s. *Why here:* %s\n", d->challenges[i].text, d->challenges[i].reason);
    fprintf(f, "\n");
  }
  if (d->n_measures) {
    fprintf(f, "Measures:\n\n");
    for (size_t i = 0; i < d->n_measures; i++) {
      const soso_measure_use *m = &d->measures[i];
      fprintf(f, "- [%s%s] %s. %s\n", m->hierarchy, m->policy ? ", policy recommendation" : "",
              m->text, m->reason);
    }
    fprintf(f, "\n");
  }
}

static void closure(FILE *f, const soso_assessment *a) {
  const soso_closure *c = &a->closure;
  char cc[64], g[64], care[64];
  money(cc, sizeof cc, c->closure_cost_eur);
  money(g, sizeof g, c->guarantee_eur);
  money(care, sizeof care, c->care_cost_eur_year);
  fprintf(f, "## Closure from day one\n\n"
             "| Item | Value |\n|---|---|\n"
             "| Closure and rehabilitation cost | %s |\n"
             "| Care and maintenance while temporarily closed | %s per year |\n"
             "| Financial guarantee the authority should hold | **%s** |\n"
             "| Jobs lost at closure | %.0f (of which local %.0f) |\n"
             "| Expected operating life | %.1f years |\n"
             "| Remediation duration | %.1f years |\n"
             "| Post-closure land use | %s |\n\n"
             "Guarantee sizing: %s\n\nLiability schedule (end of each year of the site's "
             "own timeline, EUR): ",
          cc, care, g, c->jobs_lost, c->local_jobs_lost, c->life_years, c->remediation_years,
          c->land_use, c->guarantee_rule);
  for (size_t y = 0; y < c->n_schedule; y++)
    fprintf(f, "%s%zu: %.0f", y ? ", " : "", y + 1, c->schedule_eur[y]);
  fprintf(f, "; maximum %.0f in year %zu.\n\n%s\n\n", c->liability_max_eur,
          c->liability_max_year, c->notes);
}

static void econ(FILE *f, const soso_assessment *a) {
  const soso_econ_summary *e = &a->econ;
  char s1[64], s2[64], s3[64], s4[64], s5[64], s6[64];
  val(s1, sizeof s1, a, "local_jobs_share_of_unemployed");
  val(s2, sizeof s2, a, "mine_wage_eur");
  val(s3, sizeof s3, a, "average_wage_eur");
  val(s4, sizeof s4, a, "wage_ratio");
  val(s5, sizeof s5, a, "royalties_eur_year");
  val(s6, sizeof s6, a, "local_public_revenue_eur_year");
  fprintf(f, "## Socio-economic numbers\n\n"
             "- Direct local jobs as a share of the local unemployed: %s\n"
             "- Mine wage %s against the local average %s (ratio %s)%s\n"
             "- Royalties %s; local public revenue (local share of royalties + local taxes) %s\n",
          s1, s2, s3, s4,
          soso_impacts_assessment_indicator(a, "wage_ratio")->available &&
                  soso_impacts_assessment_indicator(a, "wage_ratio")->value >= 1.5
              ? " - **widening-gap warning**: the brief cautions that SSM wages can widen the "
                "gap between groups in a low-income region"
              : "",
          s5, s6);
  if (e->have_io) {
    char ii[64], ni[64];
    money(ii, sizeof ii, e->io.indirect_income);
    money(ni, sizeof ni, e->io.induced_income);
    fprintf(f, "- Input-output spill-overs (**upper bound**): %.0f indirect and %.0f induced "
               "jobs; indirect income %s and induced income %s a year. %s\n",
            e->io.indirect_jobs, e->io.induced_jobs, ii, ni, e->io_note);
  } else {
    fprintf(f, "- %s\n", e->io_note);
  }
  fprintf(f, "\n");
}

static int render_md(FILE *f, const void *arg) {
  const soso_assessment *a = arg;
  fprintf(f, "# Screening social impact assessment: %s for %s\n\n", a->site_name,
          a->community_name);
  fprintf(f, "This is a screening-level assessment after the IMP@CT policy brief's nine "
             "dimensions of social impact of small-scale mining, plus Vanclay's \"uncertainty, "
             "fears and aspirations\". Each rating gives the number and the rule behind it "
             "(rules file: `%s`), so that a regulator, municipality or operator can check it "
             "line by line. It does not replace a full EIA/SIA with field work.\n\n"
             "Operations basis: %s.\n\n", a->rules_path, a->basis);
  summary(f, a);
  ssm(f, a);
  fprintf(f, "## Dimensions\n\n");
  for (size_t i = 0; i < a->n_dims; i++) dimension(f, a, i);
  closure(f, a);
  econ(f, a);
  fprintf(f, "## Limits of this screening\n\n"
             "- Thresholds and texts are editable judgements in the rules file; those not "
             "sourced are labelled assumptions.\n"
             "- Ratings take the most severe criterion; measures are credited one step at most "
             "and only if they are actually implemented and monitored.\n"
             "- Minor impacts can matter again when several small mines affect one community "
             "(cumulative impacts: `soso region`).\n"
             "- Input-output spill-overs are upper bounds (fixed coefficients, no capacity "
             "limits).\n");
  return ferror(f) ? soso_error_set(SOSO_EIO, "markdown: write failed") : SOSO_OK;
}

int soso_impacts_markdown(const soso_assessment *a, soso_write_fn write, void *closure) {
  return soso__sink_render(render_md, a, write, closure);
}
