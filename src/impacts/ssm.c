/* ssm.c - "is it modern small-scale mining?" and closure from day one.
 *
 * The SSM check tests the planned operation against the IMP@CT brief's definition,
 * one criterion per rules-file entry, each met (1), not met (0) or undecidable (-1,
 * an input is missing), with the deciding numbers and thresholds. The closure
 * guarantee follows the Extractive Waste Directive 2006/21/EC Art. 14 and Decision
 * 2009/335/EC as the published estimators apply it (reference README section 8): the
 * cost for an independent third party at the site's worst disturbed state,
 *   G = C_direct (1 + indirect + contingency) + C_care,year x T_permit
 *       + C_monitoring,year x T_monitoring,
 * with the shares and periods of the rules file. It is deterministic given the plan:
 * the simulated pause length is reported beside it, never added to it.
 */
#include "impacts/impacts_int.h"
#include "core/i18n_int.h"
#include "soso/i18n.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void describe(char *buf, size_t n, const rule_cond *c, const soso_indicator *inds,
                     const char *rp, const char *sep) {
  char t[SOSO_REASON_MAX];
  impacts_cond_describe(t, sizeof t, c, inds, rp);
  impacts_append(buf, n, "%s%s%s", sep, c->ind >= 0 && !inds[c->ind].available ? "unknown: " :
                 impacts_cond_holds(c, inds) ? "holds: " : "FAILS: ", t);
}

void impacts_ssm_check(soso_assessment *a, const soso_rules *rules) {
  a->n_ssm = rules->n_ssm;
  a->ssm_met = 0;
  for (size_t i = 0; i < rules->n_ssm; i++) {
    const rule_ssm *r = &rules->ssm[i];
    soso_ssm_criterion *o = &a->ssm[i];
    o->id = r->id;
    o->text = r->text;
    o->reason[0] = '\0';
    int all = 1, any = r->c.n_any == 0, unknown = 0;
    const char *sep = "";
    for (size_t k = 0; k < r->c.n_all; k++) {
      if (!a->ind[r->c.all[k].ind].available) unknown = 1;
      else if (!impacts_cond_holds(&r->c.all[k], a->ind)) all = 0;
      describe(o->reason, sizeof o->reason, &r->c.all[k], a->ind, rules->path, sep);
      sep = "; ";
    }
    for (size_t k = 0; k < r->c.n_any; k++) {
      if (impacts_cond_holds(&r->c.any[k], a->ind)) any = 1;
      describe(o->reason, sizeof o->reason, &r->c.any[k], a->ind, rules->path,
               k == 0 && r->c.n_all ? "; any of: " : k == 0 ? "any of: " : "; ");
    }
    if (!all || (!any && !unknown)) o->met = 0;
    else if (unknown) o->met = -1;
    else o->met = any ? 1 : 0;
    if (o->met == 1) a->ssm_met++;
  }
}

/* "3.00 million EUR" / "40 thousand EUR" for the guarantee formula. */
static void meur(char *buf, size_t n, double v) {
  char x[32], u[48];
  int mil = fabs(v) >= 1e6;
  soso_i18n_number(x, sizeof x, mil ? v / 1e6 : v / 1e3, mil ? 2 : 0, 0);
  snprintf(u, sizeof u, mil ? _("million %s") : _("thousand %s"), "EUR");
  snprintf(buf, n, "%s %s", x, u);
}

/* v with d decimals in the reader's language (decimal comma in bs/hr/sr). */
static const char *num(char *buf, size_t n, double v, int d) {
  soso_i18n_number(buf, n, v, d, 0);
  return buf;
}

/* The liability schedule on the site's own timeline: operating years 1..n_op (the
 * static plan's life, reserve / yearly ore, so the schedule does not depend on price
 * paths), then the closure works, then monitoring. Disturbance grows from
 * fixed_share to 1 over the life; works remove it linearly; care and maintenance is
 * owed only while the mine may still pause; monitoring is owed until it is done. */
static void schedule(soso_closure *o, const soso_site_drivers *d, double fixed) {
  double life = d->ore_per_year_t > 0 ? d->reserve_t / d->ore_per_year_t : d->life_years;
  if (!(life > 0)) life = 1.0;
  size_t n_op = (size_t)ceil(life - 1e-9);
  double rem = d->closure_years > 0 ? d->closure_years : 1.0;
  size_t n_rem = (size_t)ceil(rem - 1e-9);
  size_t n_mon = (size_t)ceil(o->monitoring_years - 1e-9);
  double works = o->direct_cost_eur + o->indirect_eur + o->contingency_eur;
  size_t n = 0;
  for (size_t y = 1; y <= n_op && n < SOSO_CLOSURE_YEARS_MAX; y++) {
    double share = fixed + (1.0 - fixed) * fmin(1.0, (double)y / life);
    o->schedule_eur[n++] = share * works + o->care_eur + o->monitoring_eur;
  }
  for (size_t k = 1; k <= n_rem && n < SOSO_CLOSURE_YEARS_MAX; k++)
    o->schedule_eur[n++] = fmax(0.0, 1.0 - (double)k / rem) * works + o->monitoring_eur;
  for (size_t k = 1; k <= n_mon && n < SOSO_CLOSURE_YEARS_MAX; k++)
    o->schedule_eur[n++] = fmax(0.0, o->monitoring_years - (double)k) * o->monitoring_eur_year;
  o->n_schedule = n;
  o->liability_max_eur = 0.0;
  o->liability_max_year = 0;
  for (size_t y = 0; y < n; y++)
    if (o->schedule_eur[y] > o->liability_max_eur) {
      o->liability_max_eur = o->schedule_eur[y];
      o->liability_max_year = y + 1;
    }
}

void impacts_closure(soso_closure *o, const soso_site_drivers *d, const soso_rules *r) {
  memset(o, 0, sizeof *o);
  o->closure_cost_eur = d->closure_cost_eur;
  o->care_cost_eur_year = d->care_cost_eur_year;
  /* The permit's cap, not the simulated spell: the guarantee must not move with the
   * seed, and a pause longer than the permit allows ends in closure, which the
   * direct works already cover. */
  o->temp_closure_years = r->temp_years;
  o->care_years_cap = r->temp_years;
  o->simulated_pause_years = d->temp_closure_years; /* 0 for the static plan */
  o->third_party_premium = r->premium;
  o->contingency = r->contingency;
  o->fixed_share = r->fixed_share;
  o->direct_cost_eur = d->closure_cost_eur;
  o->indirect_eur = o->direct_cost_eur * r->premium;
  o->contingency_eur = o->direct_cost_eur * r->contingency;
  o->care_eur = o->care_cost_eur_year * o->care_years_cap;
  int pond = d->tailings == SOSO_TAILINGS_POND;
  o->monitoring_eur_year = r->monitoring_eur_year;
  o->monitoring_years = pond ? r->monitoring_years_pond : r->monitoring_years;
  o->monitoring_eur = o->monitoring_eur_year * o->monitoring_years;
  o->guarantee_eur = o->direct_cost_eur + o->indirect_eur + o->contingency_eur + o->care_eur +
                     o->monitoring_eur;
  schedule(o, d, r->fixed_share);
  char dc[96], wk[96], ca[96], cy[96], my[96], mo[96], g[96];
  meur(dc, sizeof dc, o->direct_cost_eur);
  meur(wk, sizeof wk, o->direct_cost_eur + o->indirect_eur + o->contingency_eur);
  meur(cy, sizeof cy, o->care_cost_eur_year);
  meur(ca, sizeof ca, o->care_eur);
  meur(my, sizeof my, o->monitoring_eur_year);
  meur(mo, sizeof mo, o->monitoring_eur);
  meur(g, sizeof g, o->guarantee_eur);
  char ip[16], cp[16], yc[16], ym[16];
  num(ip, sizeof ip, r->premium, 2);
  num(cp, sizeof cp, r->contingency, 2);
  num(yc, sizeof yc, o->care_years_cap, 1);
  num(ym, sizeof ym, o->monitoring_years, 0);
  /* In the language of the run (soso_i18n_setup; English unless a report chose one). */
  snprintf(o->guarantee_rule, sizeof o->guarantee_rule,
           _("third-party works at the worst disturbed state %s x (1 + indirect costs %s + "
             "contingency %s) = %s; + care and maintenance %s a year x %s years of "
             "temporary closure the permit allows = %s; + monitoring after closure %s a year "
             "x %s years%s = %s; guarantee %s (Extractive Waste Directive 2006/21/EC Art. 14, "
             "Decision 2009/335/EC; shares and periods are assumptions of the rules file%s%s)"),
           dc, ip, cp, wk, cy, yc, ca, my, ym, pond ? _(" (tailings pond)") : "", mo, g,
           r->guarantee_note ? "; " : "", r->guarantee_note ? r->guarantee_note : "");
  o->jobs_lost = d->direct_jobs;
  o->local_jobs_lost = d->direct_jobs * d->local_hire_share;
  o->remediation_years = d->closure_years;
  o->life_years = d->life_years;
  o->land_use[0] = '\0';
  for (size_t i = 0; i < d->n_land_use; i++)
    impacts_append(o->land_use, sizeof o->land_use, "%s%s", i ? "; " : "", d->land_use[i]);
  if (d->n_land_use == 0)
    impacts_append(o->land_use, sizeof o->land_use, "%s",
                   _("not stated in the site file: agree them with the community before "
                     "permitting"));
  o->notes[0] = '\0';
  if (d->tailings == SOSO_TAILINGS_POND)
    impacts_append(o->notes, sizeof o->notes, "%s ",
                   _("A tailings pond needs long-term stability and water monitoring after "
                     "closure: keep part of the guarantee until it is proven stable."));
  if (o->simulated_pause_years > o->care_years_cap) {
    char py[16];
    num(py, sizeof py, o->simulated_pause_years, 1);
    impacts_append(o->notes, sizeof o->notes,
                   _("In 5 %% of the price scenarios the mine pauses for %s years or "
                     "more, longer than the %s years the guarantee covers: the permit should "
                     "require closure when a pause reaches that limit. "),
                   py, yc);
  }
  char lj[16], ly[16];
  impacts_append(o->notes, sizeof o->notes,
                 _("Plan the social side of closure (loss of %s local jobs after about %s "
                   "years) from day one, as the brief recommends."),
                 num(lj, sizeof lj, o->local_jobs_lost, 0), num(ly, sizeof ly, o->life_years, 1));
}
