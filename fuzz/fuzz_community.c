/* fuzz_community.c - libFuzzer harness: a community YAML file through soso_community_load (the files it
 * names resolve to copies of examples/drina beside it). */
#include "fuzz_common.h"

#include "soso/community.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_file("input.community.yaml", data, size);
  soso_community *x = NULL;
  soso_community_load(&x, path);
  soso_community_free(x);
  return 0;
}
