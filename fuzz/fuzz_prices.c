/* fuzz_prices.c - libFuzzer harness: a monthly price file (wide Pink Sheet or long
 * layout) through the parser behind `soso prices import`. */
#include "fuzz_common.h"

#include "market/prices_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_file("prices.csv", data, size);
  soso__pfile f;
  if (soso__pfile_read(&f, path) == 0) soso__pfile_free(&f);
  return 0;
}
