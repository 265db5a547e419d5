/* fuzz_region.c - libFuzzer harness: a region YAML file through soso_region_load (the files it
 * names resolve to copies of examples/drina beside it). */
#include "fuzz_common.h"

#include "soso/region.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_file("input.region.yaml", data, size);
  soso_region *x = NULL;
  soso_region_load(&x, path);
  soso_region_free(x);
  return 0;
}
