/* fuzz_mine.c - libFuzzer harness: a mine YAML file through soso_mine_load (the files it
 * names resolve to copies of examples/drina beside it). */
#include "fuzz_common.h"

#include "soso/mine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_file("input.mine.yaml", data, size);
  soso_mine *x = NULL;
  soso_mine_load(&x, path);
  soso_mine_free(x);
  return 0;
}
