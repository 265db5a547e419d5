/* fuzz_io_table.c - libFuzzer harness: a regional input-output table (CSV). */
#include "fuzz_common.h"

#include "soso/io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_file("io.csv", data, size);
  soso_io_table *t = NULL;
  soso_io_table_load(&t, path);
  soso_io_table_free(t);
  return 0;
}
