/* fuzz_site.c - libFuzzer harness: a site YAML file through soso_site_load (the files it
 * names resolve to copies of examples/drina beside it). */
#include "fuzz_common.h"

#include "soso/site.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_file("input.site.yaml", data, size);
  soso_site *x = NULL;
  soso_site_load(&x, path);
  soso_site_free(x);
  return 0;
}
