/* assess.c - applies the rules to the indicators: per dimension magnitude,
 * direction, sensitivity, significance before and after measures, opportunities,
 * challenges and measures, each with its reason (see include/soso/impacts.h).
 *
 * Invariants: every rating's reason names the deciding number and the rule's line
 * in the rules file; significance always comes from the matrix of the rules file
 * (reference README section 5); measures do not stack (the strongest single step
 * that applies is credited) and only move the magnitude in the dimension's
 * favourable direction.
 */
#include "impacts/impacts_int.h"
#include "soso/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void soso_impacts_assessment_free(soso_assessment *a) {
  if (!a) return;
  free(a->ind);
  free(a);
}

const soso_indicator *soso_impacts_assessment_indicator(const soso_assessment *a, const char *name) {
  for (size_t i = 0; i < a->n_ind; i++)
    if (strcmp(a->ind[i].name, name) == 0) return &a->ind[i];
  return NULL;
}

const soso_dimension *soso_impacts_assessment_dimension(const soso_assessment *a, const char *id) {
  for (size_t i = 0; i < a->n_dims; i++)
    if (strcmp(a->dims[i].id, id) == 0) return &a->dims[i];
  return NULL;
}

static const char *base_name(const char *p) {
  const char *s = strrchr(p, '/');
  return s ? s + 1 : p;
}

/* Rates one scale; writes the reason. */
static soso_level rate(const rule_scale *s, const soso_indicator *inds, const char *rp,
                       char *reason, size_t n) {
  soso_level lv = s->def;
  const rule_cond *decider = NULL;
  size_t n_hold = 0;
  for (size_t i = 0; i < s->n; i++)
    if (impacts_cond_holds(&s->rules[i], inds)) {
      n_hold++;
      if (s->rules[i].result > lv || (!decider && s->rules[i].result == lv)) {
        if (s->rules[i].result > lv || !decider) decider = &s->rules[i];
        lv = s->rules[i].result;
      }
    }
  char c[SOSO_REASON_MAX];
  reason[0] = '\0';
  if (decider && decider->result >= s->def) {
    impacts_cond_describe(c, sizeof c, decider, inds, rp);
    impacts_append(reason, n, "%s: %s", soso_impacts_level_name(lv), c);
    /* Other criteria that hold (on other indicators: lower steps of the same
     * indicator's ladder add nothing). */
    const char *sep = "; also holding: ";
    for (size_t i = 0; n_hold > 1 && i < s->n; i++)
      if (&s->rules[i] != decider && s->rules[i].ind != decider->ind &&
          impacts_cond_holds(&s->rules[i], inds)) {
        impacts_cond_describe(c, sizeof c, &s->rules[i], inds, rp);
        impacts_append(reason, n, "%s%s -> %s", sep, c, soso_impacts_level_name(s->rules[i].result));
        sep = "; ";
      }
  } else {
    impacts_append(reason, n, "%s: default (%s:%d), no rule raises it", soso_impacts_level_name(lv),
                   base_name(rp), s->def_line);
    /* Show the nearest-miss number so a reader sees what was checked. */
    if (s->n) {
      impacts_cond_describe(c, sizeof c, &s->rules[s->n - 1], inds, rp);
      impacts_append(reason, n, " (checked e.g. %s: does not hold)", c);
    }
  }
  /* Survey evidence behind any rule of this scale, held or not, once per indicator. */
  for (size_t i = 0; i < s->n; i++) {
    int id = s->rules[i].ind, first = 1;
    for (size_t k = 0; k < i; k++) first &= s->rules[k].ind != id;
    if (!first || !k_impacts_ind[id].evidence || !inds[id].available) continue;
    char v[96];
    impacts_ind_format(v, sizeof v, &inds[id]);
    const char *ev = strstr(inds[id].derivation, "; ");
    impacts_append(reason, n, "; residents said: %s = %s (%s)", inds[id].name, v,
                   ev ? ev + 2 : inds[id].derivation);
  }
  return lv;
}

static int conds_hold(const rule_conds *w, const soso_indicator *inds) {
  for (size_t i = 0; i < w->n_all; i++)
    if (!impacts_cond_holds(&w->all[i], inds)) return 0;
  if (w->n_any == 0) return 1;
  for (size_t i = 0; i < w->n_any; i++)
    if (impacts_cond_holds(&w->any[i], inds)) return 1;
  return 0;
}

/* "triggered by: a; b" listing the conditions that hold. */
static void describe_trigger(char *buf, size_t n, const rule_conds *w, const soso_indicator *inds,
                             const char *rp) {
  char c[SOSO_REASON_MAX];
  if (w->n_all + w->n_any == 0) {
    impacts_append(buf, n, " [applies to every site]");
    return;
  }
  impacts_append(buf, n, " [triggered by:");
  const char *sep = " ";
  for (size_t i = 0; i < w->n_all; i++) {
    impacts_cond_describe(c, sizeof c, &w->all[i], inds, rp);
    impacts_append(buf, n, "%s%s", sep, c);
    sep = "; ";
  }
  for (size_t i = 0; i < w->n_any; i++)
    if (impacts_cond_holds(&w->any[i], inds)) {
      impacts_cond_describe(c, sizeof c, &w->any[i], inds, rp);
      impacts_append(buf, n, "%s%s", sep, c);
      sep = "; ";
    }
  impacts_append(buf, n, "]");
}

static void findings(soso_finding *out, size_t *n_out, const rule_item *items, size_t n,
                     const soso_indicator *inds, const char *rp) {
  *n_out = 0;
  for (size_t i = 0; i < n; i++) {
    if (!conds_hold(&items[i].when, inds)) continue;
    soso_finding *f = &out[(*n_out)++];
    f->id = items[i].id;
    f->text = items[i].text;
    impacts_fill_template(f->reason, sizeof f->reason, items[i].reason, inds);
    describe_trigger(f->reason, sizeof f->reason, &items[i].when, inds, rp);
  }
}

static void assess_dim(soso_dimension *o, const rule_dim *r, const soso_indicator *inds,
                       const soso_rules *rules) {
  const char *rp = rules->path;
  o->id = r->id;
  o->name = r->name;
  o->direction = r->direction;
  snprintf(o->direction_reason, sizeof o->direction_reason,
           "%s: the rules file rates %s as %s (%s:%d)", r->direction > 0 ? "+" : "-", r->id,
           r->direction > 0 ? "a benefit to the community" : "an adverse impact to be managed",
           base_name(rp), r->line);
  for (size_t i = 0; i < r->n_ind; i++) o->indicators[i] = (size_t)r->ind[i];
  o->n_indicators = r->n_ind;
  o->magnitude = rate(&r->magnitude, inds, rp, o->magnitude_reason, sizeof o->magnitude_reason);
  o->sensitivity =
      rate(&r->sensitivity, inds, rp, o->sensitivity_reason, sizeof o->sensitivity_reason);
  o->significance = soso_impacts_rules_significance(rules, o->magnitude, o->sensitivity);
  snprintf(o->significance_reason, sizeof o->significance_reason,
           "%s: matrix(magnitude %s, sensitivity %s) (%s)%s", soso_impacts_significance_name(o->significance),
           soso_impacts_level_name(o->magnitude), soso_impacts_level_name(o->sensitivity),
           soso_impacts_rules_matrix_origin(rules),
           soso_impacts_rules_is_significant(rules, o->significance) ? "; significant" : "; not significant");
  findings(o->opportunities, &o->n_opportunities, r->opp, r->n_opp, inds, rp);
  findings(o->challenges, &o->n_challenges, r->chal, r->n_chal, inds, rp);

  /* Measures: the strongest single favourable step counts. */
  int best = 0;
  const rule_item *best_m = NULL;
  o->n_measures = 0;
  for (size_t i = 0; i < r->n_meas; i++) {
    const rule_item *m = &r->meas[i];
    if (!conds_hold(&m->when, inds)) continue;
    soso_measure_use *u = &o->measures[o->n_measures++];
    u->id = m->id;
    u->hierarchy = m->hierarchy;
    u->text = m->text;
    u->policy = m->policy;
    u->steps = m->steps;
    impacts_fill_template(u->reason, sizeof u->reason, m->reason, inds);
    describe_trigger(u->reason, sizeof u->reason, &m->when, inds, rp);
    int favourable = r->direction > 0 ? m->steps : -m->steps;
    if (favourable > best) {
      best = favourable;
      best_m = m;
    }
  }
  int after = (int)o->magnitude + (best_m ? best_m->steps : 0);
  if (after < 0) after = 0;
  if (after > 3) after = 3;
  o->magnitude_after = (soso_level)after;
  o->significance_after = soso_impacts_rules_significance(rules, o->magnitude_after, o->sensitivity);
  o->significance_after_reason[0] = '\0';
  if (best_m && o->magnitude_after != o->magnitude)
    impacts_append(o->significance_after_reason, sizeof o->significance_after_reason,
                   "%s: magnitude %s -> %s by measure %s (%s, %+d step; %s:%d; measures do not "
                   "stack)", soso_impacts_significance_name(o->significance_after),
                   soso_impacts_level_name(o->magnitude), soso_impacts_level_name(o->magnitude_after), best_m->id,
                   best_m->hierarchy, best_m->steps, base_name(rp), best_m->line);
  else
    impacts_append(o->significance_after_reason, sizeof o->significance_after_reason,
                   "%s: magnitude stays %s (%s)", soso_impacts_significance_name(o->significance_after),
                   soso_impacts_level_name(o->magnitude),
                   best_m ? "already at the end of the scale"
                          : "no measure with a credited step applies");
  impacts_append(o->significance_after_reason, sizeof o->significance_after_reason,
                 "; matrix(magnitude %s, sensitivity %s)", soso_impacts_level_name(o->magnitude_after),
                 soso_impacts_level_name(o->sensitivity));
}

int soso_impacts_assess(soso_assessment **out, const soso_rules *rules,
                        const soso_site_drivers *d, const soso_community *c,
                        const soso_io_table *table) {
  *out = NULL;
  if (!(d->direct_jobs >= 0) || !(d->local_hire_share >= 0 && d->local_hire_share <= 1) ||
      !(d->months_open_share >= 0 && d->months_open_share <= 1))
    return soso_error_set(SOSO_EUSAGE, "impacts: site drivers out of range");
  soso_assessment *a = calloc(1, sizeof *a);
  if (!a) return soso_error_set(SOSO_ENOMEM, "out of memory");
  a->ind = calloc(IND_COUNT, sizeof *a->ind);
  if (!a->ind) {
    free(a);
    return soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  a->n_ind = IND_COUNT;
  snprintf(a->site_name, sizeof a->site_name, "%s", d->name ? d->name : "site");
  snprintf(a->community_name, sizeof a->community_name, "%s", c->name ? c->name : "community");
  snprintf(a->basis, sizeof a->basis, "%s", d->basis);
  snprintf(a->rules_path, sizeof a->rules_path, "%s", rules->path);

  const soso_io_site *io = NULL;
  if (table) {
    long j = d->io_sector ? soso_io_table_find(table, d->io_sector) : -1;
    if (j < 0) {
      soso_impacts_assessment_free(a);
      return soso_error_set(SOSO_EDATA, "impacts: io_sector \"%s\" is not a sector of the "
                            "regional table", d->io_sector ? d->io_sector : "(none)");
    }
    soso_io_result *res = NULL;
    int rc = soso_io_analyse(&res, table);
    if (rc) {
      soso_impacts_assessment_free(a);
      return rc;
    }
    double wage = d->wage_eur_month > 0 ? d->wage_eur_month : 0.0;
    soso_io_site_effects(&a->econ.io, res, (size_t)j, d->direct_jobs,
                         12.0 * wage * d->direct_jobs * d->months_open_share,
                         d->revenue_eur_year * d->months_open_share);
    soso_io_result_free(res);
    a->econ.have_io = 1;
    io = &a->econ.io;
    snprintf(a->econ.io_note, sizeof a->econ.io_note,
             "UPPER BOUND from %s, sector %s: input-output models assume fixed coefficients, "
             "no capacity limits and that all induced demand is met in the region; multiplier "
             "ratios applied to the site's own jobs, wages and output",
             d->io_table ? d->io_table : "the regional table", d->io_sector);
  } else {
    snprintf(a->econ.io_note, sizeof a->econ.io_note,
             "no regional input-output table given (site file: econ.table): indirect and "
             "induced effects not estimated");
  }
  impacts_indicators(a->ind, d, c, io, rules);
  for (size_t i = 0; i < rules->n_dims; i++) assess_dim(&a->dims[i], &rules->dims[i], a->ind, rules);
  a->n_dims = rules->n_dims;
  impacts_ssm_check(a, rules);
  impacts_closure(&a->closure, d, rules);
  *out = a;
  return SOSO_OK;
}
