/* cmd_region.c - `soso region REGION`: the joint Monte Carlo of a district of small
 * mines under one market, each deployment strategy side by side, the cumulative
 * significance at each community, and charts (include/soso/region.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/cli.h"
#include "soso/suggest.h"
#include "soso/error.h"
#include "soso/afile.h"
#include "soso/impacts.h"
#include "soso/region.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static void usage(FILE *f) {
  fprintf(f,
          "usage: soso region REGION [--format json|md] [--paths N] [--seed S]\n"
          "                   [--strategy all|concurrent|sequential|optimised] [--threads T]\n"
          "                   [--charts DIR] [--rules FILE] [--cumulative-rules FILE]\n"
          "                   [--boundaries FILE] [--output FILE]\n\n"
          "A district of small mines on one metal market: every site follows its policy on\n"
          "the same price paths; monthly jobs, wages, royalties and taxes, pressures (noise,\n"
          "dust, traffic, water) with distance decay, land not yet restored; crowding and\n"
          "concurrency near each community; district NPV; cumulative significance per\n"
          "community and valued component (IFC six steps); the one-plant sequence.\n\n"
          "  REGION                  region file (YAML; see README.md, \"soso region\")\n"
          "  --format F              json or md (default md)\n"
          "  --paths N               price paths (default 2000)\n"
          "  --seed S                seed of the price paths (default 1)\n"
          "  --strategy S            all (default: the three side by side) or one of them\n"
          "  --threads T             OpenMP threads (default: all; results do not depend on it)\n"
          "  --charts DIR            write employment, pressures, map and strategies charts (PNG)\n"
          "  --rules FILE            impacts rules with the significance matrix (default %s)\n"
          "  --cumulative-rules FILE bands of the cumulative indicators (default %s)\n"
          "  --boundaries FILE       country boundaries for the map (default %s)\n"
          "  --output FILE           write the report here instead of stdout\n",
          soso_impacts_rules_default_path(), soso_region_cumrules_default_path(),
          soso_region_default_boundaries());
}

static int charts(const char *dir, const soso_region *r, soso_region_result *const *res, size_t nr,
                  const char *boundaries) {
  if (mkdir(dir, 0777) != 0 && errno != EEXIST)
    return soso_error_set(SOSO_EIO, "%s: cannot create: %s", dir, strerror(errno));
  char path[1024];
  int rc = 0;
  for (size_t k = 0; k < nr && !rc; k++) {
    const char *s = soso_region_strategy_name(res[k]->strategy);
    snprintf(path, sizeof path, "%s/employment-%s.png", dir, s);
    rc = soso_region_chart_employment(r, res[k], path);
    snprintf(path, sizeof path, "%s/pressures-%s.png", dir, s);
    if (!rc) rc = soso_region_chart_pressures(r, res[k], path);
    snprintf(path, sizeof path, "%s/map-%s.png", dir, s);
    if (!rc) rc = soso_region_map(r, res[k], boundaries, path);
  }
  snprintf(path, sizeof path, "%s/strategies.png", dir);
  if (!rc && nr > 1) rc = soso_region_chart_strategies(r, res, nr, path);
  return rc;
}

static void progress(void *closure, const char *what, long done, long total) {
  cli_progress(closure, what, done, total);
}

int cmd_region(cli_ctx *ctx, int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "draft") == 0) return cmd_region_draft(ctx, argc - 1, argv + 1);
  static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
                                       {"paths", required_argument, NULL, 'n'},
                                       {"seed", required_argument, NULL, 's'},
                                       {"strategy", required_argument, NULL, 'S'},
                                       {"threads", required_argument, NULL, 't'},
                                       {"charts", required_argument, NULL, 'c'},
                                       {"rules", required_argument, NULL, 'r'},
                                       {"cumulative-rules", required_argument, NULL, 'u'},
                                       {"boundaries", required_argument, NULL, 'b'},
                                       {"output", required_argument, NULL, 'o'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  const char *format = "md", *strategy = "all", *chart_dir = NULL, *output = NULL;
  const char *rules_path = soso_impacts_rules_default_path(), *cum_path = soso_region_cumrules_default_path();
  const char *boundaries = soso_region_default_boundaries();
  long paths = 2000, seed = 1, threads = 0;
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
    switch (c) {
    case 'f': format = optarg; break;
    case 'n':
      if (cli_parse_long("region", "--paths", optarg, &paths)) return CLI_USAGE;
      break;
    case 's':
      if (cli_parse_long("region", "--seed", optarg, &seed)) return CLI_USAGE;
      break;
    case 'S': strategy = optarg; break;
    case 't':
      if (cli_parse_long("region", "--threads", optarg, &threads)) return CLI_USAGE;
      break;
    case 'c': chart_dir = optarg; break;
    case 'r': rules_path = optarg; break;
    case 'u': cum_path = optarg; break;
    case 'b': boundaries = optarg; break;
    case 'o': output = optarg; break;
    case 'h': usage(stdout); return CLI_OK;
    default: return cli_bad_option_in("region", argc, argv, opts);
    }
  }
  if (optind != argc - 1) return cli_usage("region", "give exactly one REGION file");
  char hint[80], brit[32];
  if (!cli_is_choice(format, "json|md"))
    return cli_usage("region", "--format: \"%s\" is not json or md%s", format,
                     cli_choice_hint(hint, sizeof hint, format, "json|md"));
  if (!cli_is_choice(strategy, "all|concurrent|sequential|optimised"))
    return cli_usage("region", "--strategy: \"%s\" is not all, concurrent, sequential or optimised%s",
                     strategy, cli_choice_hint(hint, sizeof hint, strategy,
                                               "all|concurrent|sequential|optimised"));
  strategy = soso_suggest_spelling_british(brit, sizeof brit, strategy); /* "optimized" */
  if (paths < 1 || paths > 10000000)
    return cli_usage("region", "--paths: %ld is outside 1 .. 10000000", paths);
  if (seed < 0) return cli_usage("region", "--seed: %ld must not be negative", seed);
  if (threads < 0 || threads > 1024)
    return cli_usage("region", "--threads: %ld is outside 0 .. 1024", threads);

  soso_region *r = NULL;
  soso_rules *rules = NULL;
  soso_cumrules *cum = NULL;
  soso_region_analysis *an = NULL;
  soso_afile *af = NULL;
  int status = CLI_ERR;
  soso_store *store = NULL; /* for price factors that say from_store */
  if (cli_open_store_for_files(ctx, &store) != CLI_OK) return CLI_ERR;
  int lrc = soso_region_load_ex(&r, argv[optind], store);
  soso_store_free(store);
  if (lrc || soso_impacts_rules_load(&rules, rules_path) ||
      soso_region_cumrules_load(&cum, cum_path))
    goto fail;
  soso_region_opts o = SOSO_REGION_OPTS_INIT;
  o.n_paths = (size_t)paths;
  o.seed = (uint64_t)seed;
  o.n_threads = (int)threads;
  for (int s = SOSO_STRATEGY_CONCURRENT; s <= SOSO_STRATEGY_OPTIMISED; s++)
    if (strcmp(strategy, soso_region_strategy_name((soso_strategy)s)) == 0) o.strategy = s;
  o.progress = progress;
  o.closure = ctx;
  if (soso_region_analyse(&an, r, rules, cum, &o)) goto fail;
  if (chart_dir && charts(chart_dir, r, an->results, an->n, boundaries)) goto fail;
  FILE *f = stdout;
  if (output && soso_afile_open(&af, &f, output)) goto fail;
  if (strcmp(format, "json") == 0 ? soso_region_json(r, an->results, an->n, soso_sink_stdio, f)
                                  : soso_region_markdown(r, an->results, an->n, soso_sink_stdio,
                                                         f)) {
    soso_error_set(SOSO_EIO, "%s: cannot write", output ? output : "stdout");
    goto fail;
  }
  if (af) {
    soso_afile *tmp = af;
    af = NULL;
    if (soso_afile_commit(tmp)) goto fail;
  }
  status = CLI_OK;
fail:
  if (status != CLI_OK) status = cli_fail();
  soso_afile_abort(af);
  soso_region_analysis_free(an);
  soso_region_cumrules_free(cum);
  soso_impacts_rules_free(rules);
  soso_region_free(r);
  return status;
}
