/* impacts_run.c - the impacts stage's one entry point (soso_impacts_run in
 * include/soso/impacts.h): drivers from the static plan or the SOSO engine, the
 * site's input-output table, then the assessment. `soso impacts` and the report
 * both call it, so the orchestration is written once. */
#include "soso/error.h"
#include "soso/impacts.h"

#include <stdio.h>
#include <string.h>

int soso_impacts_run(soso_assessment **out, const soso_site *site,
                     const soso_community *community, const soso_rules *rules,
                     const soso_impacts_opts *o) {
  *out = NULL;
  soso_impacts_opts def = SOSO_IMPACTS_OPTS_INIT;
  if (!o) o = &def;
  if (!site || !community || !rules || o->n_paths == 1)
    return soso_error_set(SOSO_EUSAGE, "impacts: bad arguments");
  soso_site_drivers drv;
  soso_ops_result *own = NULL;
  soso_io_table *table = NULL;
  char method[128] = "";
  const soso_ops_result *ops = o->ops;
  int rc = 0;
  if (!ops && o->n_paths > 0) {
    soso_ops_opts oo = SOSO_OPS_OPTS_INIT;
    oo.n_paths = o->n_paths;
    oo.years = o->years > 0 ? o->years : soso_site_mine(site)->horizon_years;
    oo.seed = o->seed;
    oo.n_threads = o->n_threads;
    rc = soso_site_operations(&own, site, &oo, method, sizeof method);
    ops = own;
  } else if (ops && o->method) {
    snprintf(method, sizeof method, "%s", o->method);
  }
  if (rc == 0 && ops) {
    rc = soso_site_drivers_from_ops(&drv, site, ops);
    size_t len = strlen(drv.basis);
    if (rc == 0 && method[0])
      snprintf(drv.basis + len, sizeof drv.basis - len, "; policy by %s", method);
  } else if (rc == 0) {
    rc = soso_site_drivers_static(&drv, site);
  }
  if (rc == 0 && drv.io_table) rc = soso_io_table_load(&table, drv.io_table);
  if (rc == 0) rc = soso_impacts_assess(out, rules, &drv, community, table);
  soso_io_table_free(table);
  soso_ops_result_free(own);
  return rc;
}
