/* cmd_sweep.c - `soso sweep [FILTERS] --scenarios FILE --out RESULTS.gpkg`: every
 * screened deposit drafted, valued under every scenario, checkpointed in the store
 * and written to a GeoPackage and a viability map (include/soso/sweep.h). Run the
 * same command again after an interruption and it resumes. */
#define _GNU_SOURCE
#include "cli/cli.h"
#include "cli/screen_opts.h"
#include "soso/deposits.h"
#include "soso/error.h"
#include "soso/afile.h"
#include "soso/map.h"
#include "soso/sweep.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f) {
  fprintf(f, "usage: soso sweep [FILTERS] --scenarios FILE --out RESULTS.gpkg\n"
             "                  [--map MAP.png] [--threads T]\n\n"
             "Drafts a mine for every deposit that meets the filters (as `soso mine draft`),\n"
             "values it under every scenario of FILE (as `soso value`: grid for one price\n"
             "factor, least-squares Monte Carlo with the file's lsm_paths for several) and\n"
             "writes one row per deposit and scenario to the store (table sweep_result) and\n"
             "to the GeoPackage (layers sweep, viability, skipped). Deposits that cannot be\n"
             "drafted are listed with the reason. Results are checkpointed per deposit: the\n"
             "same command after an interruption resumes, with identical results.\n\n");
  screen_cli_help(f);
  fprintf(f, "Sweep:\n"
             "  --scenarios FILE   scenarios YAML (examples/sweep/scenarios.yaml)\n"
             "  --out FILE         GeoPackage (.gpkg), written whole or not at all\n"
             "  --map FILE         viability map of Europe, EPSG:3035 (.png, .svg, .pdf)\n"
             "  --trace FILE       CSV of who did each deposit and its seconds (benchmarks)\n"
             "  --threads T        OpenMP threads over deposits (default: all cores; under\n"
             "                     mpirun: per rank, default 1)\n"
             "Example:\n"
             "  soso sweep --bbox -10,35,35,70 --scenarios examples/sweep/scenarios.yaml \\\n"
             "             --out sweep.gpkg --map sweep.png\n"
             "On a cluster (built with Open MPI; examples/sweep/slurm-sweep.sh):\n"
             "  mpirun -n 64 soso sweep ... (the same options; rank 0 owns the store and\n"
             "  writes the outputs; results are identical for any number of ranks)\n");
}

static void progress(void *closure, size_t done, size_t total) {
  (void)closure;
  fprintf(stderr, "\rsoso sweep: %zu/%zu deposits (%.0f %%)", done, total,
          total ? 100.0 * (double)done / (double)total : 100.0);
  if (done == total) fputc('\n', stderr);
  fflush(stderr);
}

/* --trace FILE.csv: who did each deposit of this invocation and how long it took
 * (benchmarks: bench/sweep_mpi.sh). Not an output of the sweep; resumed deposits
 * have rank -1. */
static int write_trace(const char *path, const soso_deposits *set, const soso_sweep *w) {
  FILE *f = fopen(path, "w");
  if (!f) return soso_error_set(SOSO_EIO, "%s: cannot write the trace", path);
  fprintf(f, "deposit_idx,deposit,rank,seconds,cpu,wait,save,skipped\n");
  for (size_t i = 0; i < set->n; i++)
    fprintf(f, "%zu,%s,%d,%.6f,%.6f,%.6f,%.6f,%d\n", i, set->id[i], w->rank[i], w->seconds[i],
            w->cpu[i], w->wait[i], w->save[i], w->skipped[i] != NULL);
  if (fclose(f) != 0) return soso_error_set(SOSO_EIO, "%s: cannot write the trace", path);
  return 0;
}

/* Draws the viability map: the deposits coloured by share class. */
static int draw_map(const char *path, soso_deposits *set, const soso_sweep *w) {
  static const soso_map_class k_cls[] = {
      {"all", "worth opening in every scenario", {0.0, 0.45, 0.20}},
      {"most", "in half or more", {0.55, 0.80, 0.30}},
      {"some", "in fewer than half", {0.95, 0.65, 0.10}},
      {"none", "in none", {0.80, 0.15, 0.10}},
      {"skip", "not drafted (see skipped)", {0.6, 0.6, 0.6}}};
  const char **keep = set->main;
  const char **main = calloc(set->n ? set->n : 1, sizeof *main);
  if (!main) return soso_error_set(SOSO_ENOMEM, "out of memory");
  for (size_t i = 0; i < set->n; i++) {
    double s = soso_sweep_share(w, i);
    main[i] = isnan(s) ? "skip" : s >= 1 ? "all" : s >= 0.5 ? "most" : s > 0 ? "some" : "none";
  }
  char boundaries[4096], sub[160];
  snprintf(boundaries, sizeof boundaries, "%s/%s", cli_data_dir(), SOSO_MAP_BOUNDARIES);
  snprintf(sub, sizeof sub, "%zu deposits, %zu scenarios; share of scenarios with flexible NPV > 0",
           set->n, w->n_scenarios);
  soso_map_opts mo = SOSO_MAP_OPTS_INIT;
  mo.title = "Where could a small mine pay?";
  mo.subtitle = sub;
  mo.boundaries = boundaries;
  mo.classes = k_cls;
  mo.n_classes = sizeof k_cls / sizeof k_cls[0];
  mo.class_heading = "Worth opening (flexible NPV > 0)";
  set->main = main;
  int rc = soso_map_draw(path, set, NULL, &mo);
  set->main = keep;
  free(main);
  return rc;
}

static int sweep_lead(cli_ctx *ctx, soso_screen_opts *opts_in, const char *scen,
                      const char *out, const char *map, const char *trace,
                      soso_sweep_opts *so_in, int size);

int cmd_sweep(cli_ctx *ctx, int argc, char **argv) {
  static const struct option k_opts[] = {SCREEN_LONG_OPTIONS,
                                         {"scenarios", required_argument, NULL, 's'},
                                         {"out", required_argument, NULL, 'o'},
                                         {"map", required_argument, NULL, 'm'},
                                         {"threads", required_argument, NULL, 't'},
                                         {"stop-after", required_argument, NULL, 'x'},
                                         {"trace", required_argument, NULL, 'r'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
  const char *cmd = "sweep", *scen = NULL, *out = NULL, *map = NULL, *trace = NULL;
  screen_cli sc;
  screen_cli_init(&sc);
  soso_sweep_opts so = SOSO_SWEEP_OPTS_INIT;
  long v = 0;
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "h", k_opts, NULL)) != -1) {
    if (c >= SCREEN_OPT_BASE) {
      if (screen_cli_option(&sc, cmd, c, optarg)) return CLI_USAGE;
      continue;
    }
    switch (c) {
      case 's': scen = optarg; break;
      case 'o': out = optarg; break;
      case 'm': map = optarg; break;
      case 't':
        if (cli_parse_long(cmd, "--threads", optarg, &v)) return CLI_USAGE;
        if (v < 1 || v > 1024) return cli_usage(cmd, "--threads: %s is not 1..1024", optarg);
        so.n_threads = (int)v;
        break;
      case 'x': /* testing: stop after N new deposits, as if killed */
        if (cli_parse_long(cmd, "--stop-after", optarg, &v)) return CLI_USAGE;
        if (v < 1) return cli_usage(cmd, "--stop-after: %s is less than 1", optarg);
        so.stop_after = (size_t)v;
        break;
      case 'r': trace = optarg; break;
      case 'h': usage(stdout); return CLI_OK;
      default: return cli_bad_option(cmd, argc, argv);
    }
  }
  if (optind < argc) return cli_usage(cmd, "unexpected argument \"%s\"", argv[optind]);
  if (!scen) return cli_usage(cmd, "--scenarios FILE is required");
  if (!out) return cli_usage(cmd, "--out FILE is required");
  char ext[16];
  soso_afile_path_ext(out, ext, sizeof ext);
  if (strcmp(ext, "gpkg") != 0) return cli_usage(cmd, "--out %s: use a .gpkg name", out);
  if (map) {
    soso_afile_path_ext(map, ext, sizeof ext);
    if (strcmp(ext, "png") && strcmp(ext, "svg") && strcmp(ext, "pdf"))
      return cli_usage(cmd, "--map %s: use .png, .svg or .pdf", map);
  }
  soso_screen_opts opts;
  int rc = screen_cli_finish(&sc, cmd, &opts);
  if (rc) return rc;
  /* Under mpirun: ranks other than 0 only value what rank 0 deals them. */
  int rank = 0, size = 1, launched = 0;
  if (soso_sweep_mpi_init(&rank, &size, &launched)) return cli_fail();
  if (rank > 0) {
    so.data_dir = cli_data_dir();
    rc = soso_sweep_mpi_work(&so) ? cli_fail() : CLI_OK;
    soso_sweep_mpi_finalize();
    return rc;
  }
  so.mpi = launched;
  rc = sweep_lead(ctx, &opts, scen, out, map, trace, &so, size);
  soso_sweep_mpi_cancel(); /* rank 0 failed before the run: release the others */
  soso_sweep_mpi_finalize();
  return rc;
}

/* The sweep on one process, or as rank 0 of an MPI run. */
static int sweep_lead(cli_ctx *ctx, soso_screen_opts *opts_in, const char *scen,
                      const char *out, const char *map, const char *trace,
                      soso_sweep_opts *so_in, int size) {
  soso_screen_opts opts = *opts_in;
  soso_sweep_opts so = *so_in;
  int rc = CLI_OK;
  soso_sweep_scenarios *scs = NULL;
  if (soso_sweep_scenarios_load(&scs, scen)) return cli_fail();
  if (access(ctx->db_path, F_OK) != 0) {
    fprintf(stderr, "soso: %s: no such store (import deposits and prices first, or pass --db)\n",
            ctx->db_path);
    soso_sweep_scenarios_free(scs);
    return CLI_ERR;
  }
  soso_deposits *set = NULL;
  if ((rc = screen_cli_screen(ctx, &opts, &set)) != CLI_OK) {
    soso_sweep_scenarios_free(scs);
    return rc;
  }
  soso_store *store = NULL;
  soso_sweep *w = NULL;
  char mpi_note[48];
  snprintf(mpi_note, sizeof mpi_note, " (%d MPI rank%s)", size, size == 1 ? "" : "s");
  (void)size;
  so.data_dir = cli_data_dir();
  if (ctx->progress) so.progress = progress;
  if (cli_open_store(ctx, &store) != CLI_OK) {
    rc = CLI_ERR;
  } else if (soso_sweep_run(&w, store, set->id, set->n, scs, &so) ||
             soso_sweep_gpkg(out, w, set, scs) || (map && draw_map(map, set, w)) ||
             (trace && write_trace(trace, set, w))) {
    rc = cli_fail();
  } else {
    for (size_t i = 0; i < set->n; i++)
      if (w->skipped[i]) fprintf(stderr, "soso sweep: skipped %s: %s\n", set->id[i], w->skipped[i]);
    if (!ctx->quiet)
      fprintf(stderr,
              "soso sweep: %zu deposits (%zu resumed from the store), %zu scenarios, %zu "
              "results, %zu skipped; run %s -> %s%s\n",
              set->n, w->n_resumed, w->n_scenarios, w->n_rows, w->n_skipped, w->key, out,
              so.mpi ? mpi_note : "");
    if (!ctx->quiet && so.mpi)
      fprintf(stderr, "soso sweep: %d MPI ranks; the store copy (%.1f MB) sent in %.3f s\n", size,
                      (double)w->copy_bytes / 1e6, w->copy_seconds);
  }
  soso_sweep_free(w);
  soso_store_free(store);
  soso_deposits_free(set);
  soso_sweep_scenarios_free(scs);
  return rc;
}
