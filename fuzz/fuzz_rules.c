/* fuzz_rules.c - libFuzzer harness: a rules YAML file through soso_impacts_rules_load (the files it
 * names resolve to copies of examples/drina beside it). */
#include "fuzz_common.h"

#include "soso/impacts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_file("input.rules.yaml", data, size);
  soso_rules *x = NULL;
  soso_impacts_rules_load(&x, path);
  soso_impacts_rules_free(x);
  return 0;
}
