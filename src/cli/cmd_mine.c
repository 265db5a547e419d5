/* cmd_mine.c - `soso mine draft DEPOSIT_ID [--out FILE]`: a mine file drafted
 * from a stored deposit (include/soso/draft.h). The text is checked by the mine
 * loader against the same store before it is written, and a file is written
 * atomically (temporary name, then rename). */
#define _GNU_SOURCE
#include "cli/cli.h"
#include "cli/screen_opts.h"
#include "soso/draft.h"
#include "soso/error.h"
#include "soso/mine.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char k_help[] =
    "usage: soso mine draft DEPOSIT_ID [--out FILE] [--rule long-ug|taylor]\n"
    "                      [--window FROM..TO]\n\n"
    "Writes a mine file for a stored deposit (soso deposits show ID): reserve and\n"
    "grades from the deposit; capacity by Long's (2009) underground elasticity 0.56\n"
    "(--rule long-ug, default) or Taylor's (1977) rule (--rule taylor); costs from a\n"
    "power-law cost model in capacity (form of Camm 1991, USBM IC 9298); one price\n"
    "factor per graded commodity with a stored series, `from_store` over --window\n"
    "(default 1990-01..latest). Every number not from the deposit is marked\n"
    "`# assumption` with its source. Value it with `soso value FILE` (one factor) or\n"
    "`soso value FILE --method lsm` (several).\n";

int cli_write_checked_mine(const char *path, const char *text, soso_store *store) {
  size_t n = strlen(path) + 16;
  char *tmp = malloc(n);
  if (!tmp) return soso_error_set(SOSO_ENOMEM, "out of memory");
  snprintf(tmp, n, "%s.tmp%ld", path, (long)getpid());
  FILE *f = fopen(tmp, "w");
  int rc = 0;
  if (!f) {
    rc = soso_error_set(SOSO_EIO, "%s: cannot write", path);
  } else {
    int bad = fputs(text, f) < 0;
    bad |= fclose(f) != 0;
    soso_mine *m = NULL;
    if (bad)
      rc = soso_error_set(SOSO_EIO, "%s: cannot write", path);
    else
      rc = soso_mine_load_ex(&m, tmp, store);
    soso_mine_free(m);
    if (!rc && rename(tmp, path) != 0) rc = soso_error_set(SOSO_EIO, "%s: cannot write", path);
    if (rc) unlink(tmp);
  }
  free(tmp);
  return rc;
}

static int mine_draft(cli_ctx *ctx, int argc, char **argv) {
  static const struct option opts[] = {{"out", required_argument, NULL, 'o'},
                                       {"rule", required_argument, NULL, 'r'},
                                       {"window", required_argument, NULL, 'w'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  const char *cmd = "mine draft", *out = NULL;
  soso_draft_opts o = SOSO_DRAFT_OPTS_INIT;
  o.data_dir = cli_data_dir();
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "o:r:w:h", opts, NULL)) != -1) {
    switch (c) {
    case 'h': fputs(k_help, stdout); return CLI_OK;
    case 'o': out = optarg; break;
    case 'r':
      if (strcmp(optarg, "long-ug") == 0) o.rule = SOSO_DRAFT_LONG_UG;
      else if (strcmp(optarg, "taylor") == 0) o.rule = SOSO_DRAFT_TAYLOR;
      else return cli_usage(cmd, "--rule: \"%s\" is not long-ug or taylor", optarg);
      break;
    case 'w': o.window = optarg; break;
    default: return cli_bad_option(cmd, argc, argv);
    }
  }
  if (optind != argc - 1) return cli_usage(cmd, "expected one DEPOSIT_ID");
  if (access(ctx->db_path, F_OK) != 0) {
    fprintf(stderr, "soso: %s: no such store (import deposits and prices first, or pass --db)\n",
            ctx->db_path);
    return CLI_ERR;
  }
  soso_store *store = NULL;
  if (cli_open_store(ctx, &store) != CLI_OK) return CLI_ERR;
  char *text = NULL;
  soso_draft_info info;
  int rc = soso_draft_mine(&text, &info, store, argv[optind], &o);
  if (!rc && out) rc = cli_write_checked_mine(out, text, store);
  int status = CLI_OK;
  if (rc) {
    status = cli_fail();
  } else if (out) {
    if (!ctx->quiet)
      fprintf(stderr, "%s: %s, reserve %.0f t, %.0f t/day, life %.1f years, %d price "
                      "factor%s%s\n",
              out, info.name, info.reserve_t, info.tpd, info.life_years, info.n_factors,
              info.n_factors == 1 ? "" : "s",
              info.n_factors > 1 ? " (value with --method lsm)" : "");
  } else {
    fputs(text, stdout);
  }
  free(text);
  soso_store_free(store);
  return status;
}

int cmd_mine(cli_ctx *ctx, int argc, char **argv) {
  if (argc < 2) return cli_usage("mine", "give a subcommand: draft");
  const char *sub = argv[1];
  if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
    fputs(k_help, stdout);
    return CLI_OK;
  }
  if (strcmp(sub, "draft") == 0) return mine_draft(ctx, argc - 1, argv + 1);
  return cli_usage("mine", "unknown subcommand '%s'", sub);
}
