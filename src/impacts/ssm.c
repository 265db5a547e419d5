/* ssm.c - "is it modern small-scale mining?" and closure from day one.
 *
 * The SSM check tests the planned operation against the IMP@CT brief's definition,
 * one criterion per rules-file entry, each met (1), not met (0) or undecidable (-1,
 * an input is missing), with the deciding numbers and thresholds. The closure
 * guarantee follows the Extractive Waste Directive 2006/21/EC Art. 14 (enough for
 * an independent third party to rehabilitate, temporary closures included) with the
 * sizing rule of the rules file:
 *   G = (C_closure (1 + premium) + C_care,year x T_temporary) (1 + contingency).
 */
#include "impacts/impacts_int.h"

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

void impacts_closure(soso_closure *o, const soso_site_drivers *d, const soso_rules *r) {
  memset(o, 0, sizeof *o);
  o->closure_cost_eur = d->closure_cost_eur;
  o->care_cost_eur_year = d->care_cost_eur_year;
  int from_ops = d->temp_closure_years > 0;
  o->temp_closure_years = from_ops ? d->temp_closure_years : r->temp_years;
  o->third_party_premium = r->premium;
  o->contingency = r->contingency;
  o->guarantee_eur = (o->closure_cost_eur * (1.0 + r->premium) +
                      o->care_cost_eur_year * o->temp_closure_years) * (1.0 + r->contingency);
  snprintf(o->guarantee_rule, sizeof o->guarantee_rule,
           "(closure %.0f EUR x (1 + third-party premium %.2f) + care and maintenance %.0f "
           "EUR/year x temporary closure %.1f years [%s]) x (1 + contingency %.2f) = %.0f EUR "
           "(Extractive Waste Directive 2006/21/EC Art. 14; premium and contingency are "
           "assumptions of the rules file%s%s)",
           o->closure_cost_eur, r->premium, o->care_cost_eur_year, o->temp_closure_years,
           from_ops ? "from the operations simulation" : "rules-file default: assumption",
           r->contingency, o->guarantee_eur, r->guarantee_note ? "; " : "",
           r->guarantee_note ? r->guarantee_note : "");
  o->jobs_lost = d->direct_jobs;
  o->local_jobs_lost = d->direct_jobs * d->local_hire_share;
  o->remediation_years = d->closure_years;
  o->life_years = d->life_years;
  o->land_use[0] = '\0';
  for (size_t i = 0; i < d->n_land_use; i++)
    impacts_append(o->land_use, sizeof o->land_use, "%s%s", i ? "; " : "", d->land_use[i]);
  if (d->n_land_use == 0)
    impacts_append(o->land_use, sizeof o->land_use, "not stated in the site file: agree them "
                   "with the community before permitting");
  o->notes[0] = '\0';
  if (d->tailings == SOSO_TAILINGS_POND)
    impacts_append(o->notes, sizeof o->notes, "A tailings pond needs long-term stability and "
                   "water monitoring after closure: keep part of the guarantee until it is "
                   "proven stable. ");
  if (!d->from_operations)
    impacts_append(o->notes, sizeof o->notes, "Static plan: temporary (SOSO) closures are not "
                   "simulated, so the temporary-closure allowance is the rules' default. ");
  impacts_append(o->notes, sizeof o->notes, "Plan the social side of closure (loss of %.0f "
                 "local jobs after about %.1f years) from day one, as the brief recommends.",
                 o->local_jobs_lost, o->life_years);
}
