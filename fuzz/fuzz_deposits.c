/* fuzz_deposits.c - libFuzzer harness: a deposit CSV (wide or long layout; the
 * two harnesses share this code and differ in seeds and dictionary) imported into
 * an in-memory store with soso_deposits_import, once strict and once --skip-bad. */
#include "fuzz_common.h"

#include "soso/deposits.h"
#include "soso/error.h"
#include "soso/store.h"

static soso_store *g_store;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!g_store && soso_store_open(&g_store, ":memory:") < 0) abort();
  const char *path = fuzz_file("input.csv", data, size);
  for (int skip = 0; skip < 2; skip++) {
    soso_import_opts o = SOSO_IMPORT_OPTS_INIT;
    o.skip_bad = skip;
    soso_import_report rep;
    soso_deposits_import(&rep, g_store, path, &o);
    soso_deposits_import_report_clear(&rep);
  }
  /* keep the store small over millions of inputs */
  if (soso_store_exec(g_store, "DELETE FROM deposit_commodity; DELETE FROM deposit; "
                               "DELETE FROM import_batch;") < 0)
    abort();
  return 0;
}
