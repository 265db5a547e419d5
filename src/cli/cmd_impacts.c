/* cmd_impacts.c - `soso impacts SITE --community FILE`: the screening social
 * impact assessment of one site (include/soso/impacts.h), as JSON or Markdown, with
 * an optional Figure-2-style chart.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/cli.h"
#include "soso/error.h"
#include "soso/afile.h"
#include "soso/impacts.h"
#include "soso/survey.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *f) {
  fprintf(f,
          "usage: soso impacts SITE --community FILE [--format json|md] [--chart FILE]\n"
          "                    [--rules FILE] [--output FILE]\n"
          "                    [--simulate PATHS [--years Y] [--seed N]]\n"
          "                    [--survey [--survey-wave W]]\n\n"
          "Screening social impact assessment of one small mine for one community: the\n"
          "policy brief's nine dimensions plus uncertainty, fears and aspirations, each\n"
          "with magnitude, direction, sensitivity and significance before and after\n"
          "measures, the opportunities and challenges that apply, and the reason for\n"
          "every rating; the modern-SSM check; closure and the financial guarantee; the\n"
          "socio-economic numbers (input-output spill-overs as an upper bound).\n\n"
          "  SITE               site file (YAML) naming its mine file\n"
          "  --community FILE   community file (YAML)\n"
          "  --format F         json or md (default md)\n"
          "  --chart FILE       Figure-2-style chart (.png, .svg or .pdf)\n"
          "  --rules FILE       rules file (default %s)\n"
          "  --output FILE      write the assessment here instead of stdout\n"
          "  --simulate PATHS   drivers from the SOSO operations simulation over PATHS\n"
          "                     real-world price paths (default 0: the static plan)\n"
          "  --years Y          simulated years (default: the mine's decision horizon)\n"
          "  --seed N           random seed of the simulation (default 42)\n"
          "  --survey           use the residents' survey of the community in the store\n"
          "                     (--db; soso survey import): sets the sensitivity rules on\n"
          "                     residents_* indicators, with the evidence in the reasons\n"
          "  --survey-wave W    that wave (default: the latest)\n",
          soso_impacts_rules_default_path());
}

int cmd_impacts(cli_ctx *ctx, int argc, char **argv) {
  static const struct option opts[] = {{"community", required_argument, NULL, 'c'},
                                       {"format", required_argument, NULL, 'f'},
                                       {"chart", required_argument, NULL, 'g'},
                                       {"rules", required_argument, NULL, 'r'},
                                       {"output", required_argument, NULL, 'o'},
                                       {"simulate", required_argument, NULL, 's'},
                                       {"years", required_argument, NULL, 'y'},
                                       {"seed", required_argument, NULL, 'e'},
                                       {"survey", no_argument, NULL, 'S'},
                                       {"survey-wave", required_argument, NULL, 'W'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  const char *community = NULL, *format = "md", *chart = NULL, *output = NULL;
  const char *survey_wave = NULL;
  int use_survey = 0;
  const char *rules_path = soso_impacts_rules_default_path();
  long paths = 0, seed = 42;
  double years = 0.0;
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
    switch (c) {
    case 'c': community = optarg; break;
    case 'f': format = optarg; break;
    case 'g': chart = optarg; break;
    case 'r': rules_path = optarg; break;
    case 'o': output = optarg; break;
    case 's':
      if (cli_parse_long("impacts", "--simulate", optarg, &paths)) return CLI_USAGE;
      if (paths < 0 || paths == 1 || paths > 1000000)
        return cli_usage("impacts", "--simulate: %ld paths (use 0, or 2 to 1000000)", paths);
      break;
    case 'y':
      if (cli_parse_double("impacts", "--years", optarg, &years)) return CLI_USAGE;
      if (!(years > 0 && years <= 200))
        return cli_usage("impacts", "--years: %g is not in (0, 200]", years);
      break;
    case 'e':
      if (cli_parse_long("impacts", "--seed", optarg, &seed)) return CLI_USAGE;
      if (seed < 0) return cli_usage("impacts", "--seed: must be >= 0");
      break;
    case 'S': use_survey = 1; break;
    case 'W': survey_wave = optarg; use_survey = 1; break;
    case 'h': usage(stdout); return CLI_OK;
    default: return cli_bad_option_in("impacts", argc, argv, opts);
    }
  }
  if (optind != argc - 1) return cli_usage("impacts", "give exactly one SITE file");
  if (!community) return cli_usage("impacts", "--community FILE is required");
  if (!cli_is_choice(format, "json|md"))
    return cli_usage("impacts", "--format: \"%s\" is not json or md", format);
  if (chart) {
    char ext[16];
    soso_afile_path_ext(chart, ext, sizeof ext);
    if (!cli_is_choice(ext, "png|svg|pdf"))
      return cli_usage("impacts", "--chart: \"%s\" must end in .png, .svg or .pdf", chart);
  }
  const char *site_path = argv[optind];

  soso_rules *rules = NULL;
  soso_site *site = NULL;
  soso_community *comm = NULL;
  soso_assessment *a = NULL;
  soso_afile *af = NULL;
  int status = CLI_ERR;
  soso_store *store = NULL; /* for price factors that say from_store */
  if (cli_open_store_for_files(ctx, &store) != CLI_OK) return CLI_ERR;
  int lrc = soso_site_load_ex(&site, site_path, store);
  soso_store_free(store);
  if (lrc || soso_impacts_rules_load(&rules, rules_path) || soso_community_load(&comm, community))
    goto fail;
  if (use_survey) {
    soso_store *st = NULL;
    if (cli_open_store(ctx, &st)) goto done_err;
    int src = soso_survey_evidence_load(&comm->residents, st, comm->name, survey_wave);
    soso_store_free(st);
    if (src) goto fail;
    if (!comm->residents.present && !ctx->quiet)
      fprintf(stderr, "soso impacts: no residents' survey of %s (with 5 or more respondents) in "
              "%s\n", comm->name, ctx->db_path);
  }
  soso_impacts_opts io = SOSO_IMPACTS_OPTS_INIT;
  io.n_paths = (size_t)paths;
  io.years = years;
  io.seed = (uint64_t)seed;
  if (paths > 0 && ctx->progress) fprintf(stderr, "simulating %ld price paths ...\n", paths);
  if (soso_impacts_run(&a, site, comm, rules, &io)) goto fail;
  if (chart && soso_impacts_chart(a, chart)) goto fail;
  FILE *f = stdout;
  if (output && soso_afile_open(&af, &f, output)) goto fail;
  if (strcmp(format, "json") == 0 ? soso_impacts_json(a, soso_sink_stdio, f)
                                  : soso_impacts_markdown(a, soso_sink_stdio, f)) {
    soso_error_set(SOSO_EIO, "%s: write failed", output ? output : "stdout");
    goto fail;
  }
  if (af) {
    soso_afile *tmp = af;
    af = NULL;
    if (soso_afile_commit(tmp)) goto fail;
  }
  status = CLI_OK;
  goto done;
fail:
  status = cli_fail();
  goto done;
done_err:
  status = CLI_ERR;
done:
  soso_afile_abort(af);
  soso_impacts_assessment_free(a);
  soso_community_free(comm);
  soso_site_free(site);
  soso_impacts_rules_free(rules);
  return status;
}
