/* cmd_region_draft.c - `soso region draft DISTRICT_ID [--out DIR]`. */
#include "cli/cli.h"

int cmd_region_draft(cli_ctx *ctx, int argc, char **argv) {
  (void)ctx;
  (void)argc;
  (void)argv;
  fprintf(stderr, "soso region draft: not yet\n");
  return CLI_ERR;
}
