/* cmd_econ.c - `soso econ multipliers TABLE`: the Leontief inverse and the Type I
 * / Type II output, income and employment multipliers of a regional input-output
 * table (include/soso/io.h). Results are upper bounds.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/cli.h"
#include "soso/io.h"
#include "soso/error.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *f) {
  fprintf(f,
          "usage: soso econ multipliers TABLE [--format json|table]\n\n"
          "Input-output analysis of a regional table (CSV): technical coefficients A,\n"
          "Leontief inverse L = (I - A)^-1 (GSL LU), L f (must reproduce total output),\n"
          "Type I output multipliers (column sums of L), and with a households row and\n"
          "column Type II multipliers; with an employment row, employment multipliers.\n"
          "All results are an UPPER BOUND: fixed coefficients, no capacity limits.\n\n"
          "TABLE layout ('#' comment lines allowed):\n"
          "  sector,S1,...,Sn[,households],final_demand,total_output\n"
          "  S1,z11,...,z1n[,C1],f1,x1          (one row per sector, column order)\n"
          "  households,W1,...,Wn[,,,XH]        (optional: labour income by sector)\n"
          "  employment,J1,...,Jn[,,,]          (optional: jobs by sector)\n\n"
          "  --format F   json or table (default table)\n");
}

static void print_table(const soso_io_table *t, const soso_io_result *r) {
  size_t n = r->n;
  printf("Leontief inverse L = (I - A)^-1 (upper bound: fixed coefficients, no capacity "
         "limits)\n%-16s", "");
  for (size_t j = 0; j < n; j++) printf(" %12s", soso_io_table_sector(t, j));
  printf("\n");
  for (size_t i = 0; i < n; i++) {
    printf("%-16s", soso_io_table_sector(t, i));
    for (size_t j = 0; j < n; j++) printf(" %12.6f", r->L[i * n + j]);
    printf("\n");
  }
  printf("\n%-16s %12s %12s %12s %12s %12s %12s\n", "sector", "L f", "output I", "output II",
         "income I", "jobs I", "jobs II");
  for (size_t j = 0; j < n; j++) {
    printf("%-16s %12.4f %12.6f", soso_io_table_sector(t, j), r->x_check[j], r->output_type1[j]);
    if (r->output_type2) printf(" %12.6f", r->output_type2[j]);
    else printf(" %12s", "-");
    if (r->income_type1) printf(" %12.6f", r->income_type1[j]);
    else printf(" %12s", "-");
    if (r->emp_type1) printf(" %12.6g", r->emp_type1[j]);
    else printf(" %12s", "-");
    if (r->emp_type2) printf(" %12.6g", r->emp_type2[j]);
    else printf(" %12s", "-");
    printf("\n");
  }
}

int cmd_econ(cli_ctx *ctx, int argc, char **argv) {
  (void)ctx;
  static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
    usage(stdout);
    return CLI_OK;
  }
  if (argc < 2) return cli_usage("econ", "give a subcommand: multipliers");
  if (strcmp(argv[1], "multipliers") != 0)
    return cli_usage("econ", "unknown subcommand '%s' (try multipliers)", argv[1]);
  argc--;
  argv++;
  const char *format = "table";
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
    switch (c) {
    case 'f': format = optarg; break;
    case 'h': usage(stdout); return CLI_OK;
    default:
      return cli_usage("econ multipliers", "unknown or incomplete option '%s'", argv[optind - 1]);
    }
  }
  if (optind != argc - 1) return cli_usage("econ multipliers", "give exactly one TABLE file");
  if (!cli_is_choice(format, "json|table"))
    return cli_usage("econ multipliers", "--format: \"%s\" is not json or table", format);
  soso_io_table *t = NULL;
  soso_io_result *r = NULL;
  if (soso_io_table_load(&t, argv[optind]) || soso_io_analyse(&r, t)) {
    soso_io_table_free(t);
    return cli_fail();
  }
  if (strcmp(format, "json") == 0) {
    if (soso_io_json(t, r, argv[optind], soso_sink_stdio, stdout) < 0) {
      soso_io_result_free(r);
      soso_io_table_free(t);
      return cli_fail();
    }
  } else {
    print_table(t, r);
  }
  soso_io_result_free(r);
  soso_io_table_free(t);
  return CLI_OK;
}
