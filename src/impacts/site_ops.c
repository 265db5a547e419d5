/* site_ops.c - site drivers from the operations simulation of the SOSO engine
 * (include/soso/ops.h): expected open share, restarts, spells, layoffs,
 * royalties and the long temporary closure the guarantee must cover.
 *
 * Invariants: only the fields of a finished soso_ops_result are read (no call into
 * the simulation); every derived number is an expectation over the simulated
 * real-world paths and the basis string names paths and seed. Formulas are
 * documented at soso_site_drivers_from_ops in include/soso/site.h.
 */
#include "soso/site.h"
#include "soso/error.h"

#include <math.h>
#include <stdio.h>

int soso_site_drivers_from_ops(soso_site_drivers *o, const soso_site *s,
                               const soso_ops_result *r) {
  int rc = soso_site_drivers_static(o, s);
  if (rc) return rc;
  if (!r || r->n_months == 0 || r->n_paths == 0 || !r->share_open || !r->share_closed)
    return soso_error_set(SOSO_EUSAGE, "site drivers: empty operations result");
  double open = 0.0, active = 0.0;
  for (size_t t = 0; t < r->n_months; t++) {
    open += r->share_open[t];
    active += r->share_open[t] + r->share_closed[t];
  }
  if (!(active > 0))
    return soso_error_set(SOSO_EDATA, "site drivers: the simulated mine is never active "
                          "(abandoned at once on every path)");
  double eur = soso_site_eur_per_money_unit(s);
  o->from_operations = 1;
  o->life_years = active / 12.0;
  o->months_open_share = open / active;
  o->restarts_per_year = 0.5 * r->switches.mean / o->life_years;
  o->mean_spell_months = r->open_spell.n ? r->open_spell.mean : 12.0 * o->life_years;
  o->layoff_probability = r->p_layoff_12;
  o->temp_closure_years = r->closed_spell.n ? r->closed_spell.q[4] / 12.0 : 0.0;
  o->royalties_eur_year = r->royalties.mean / o->life_years * eur;
  snprintf(o->basis, sizeof o->basis,
           "operations simulation (SOSO engine): %zu real-world price paths over %zu months, "
           "seed %llu; expected %.1f active years, open %.0f %% of them, %.2f restarts a year",
           r->n_paths, r->n_months, (unsigned long long)r->seed, o->life_years,
           100.0 * o->months_open_share, o->restarts_per_year);
  return SOSO_OK;
}
