/* region_analyse.c - the region stage's one entry point: the strategies on one set
 * of paths, each with its cumulative significance (include/soso/region.h). */
#include "soso/error.h"
#include "soso/region.h"

#include <stdlib.h>

void soso_region_analysis_free(soso_region_analysis *a) {
  if (!a) return;
  for (size_t k = 0; k < a->n; k++) soso_region_result_free(a->results[k]);
  free(a);
}

int soso_region_analyse(soso_region_analysis **out, const soso_region *region,
                        const soso_rules *rules, const soso_cumrules *cr,
                        const soso_region_opts *o) {
  *out = NULL;
  if (!region || !rules || !cr || !o)
    return soso_error_set(SOSO_EUSAGE, "region: bad arguments");
  if (o->strategy != 0 && (o->strategy < SOSO_STRATEGY_CONCURRENT ||
                           o->strategy > SOSO_STRATEGY_OPTIMISED))
    return soso_error_set(SOSO_EUSAGE, "region: unknown strategy %d", o->strategy);
  soso_region_analysis *a = calloc(1, sizeof *a);
  if (!a) return soso_error_set(SOSO_ENOMEM, "out of memory");
  long total = o->strategy ? 1 : 3;
  int rc = 0;
  for (int s = SOSO_STRATEGY_CONCURRENT; s <= SOSO_STRATEGY_OPTIMISED && rc == 0; s++) {
    if (o->strategy != 0 && o->strategy != s) continue;
    if (o->progress) o->progress(o->closure, soso_region_strategy_name((soso_strategy)s), (long)a->n,
                                 total);
    rc = soso_region_run(&a->results[a->n], region, (soso_strategy)s, o);
    if (rc == 0) a->n++;
    if (rc == 0) rc = soso_region_cumulative(a->results[a->n - 1], region, rules, cr);
  }
  if (rc) {
    soso_region_analysis_free(a);
    return rc;
  }
  if (o->progress) o->progress(o->closure, "region", total, total);
  *out = a;
  return 0;
}
