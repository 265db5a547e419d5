/* cmd_survey.c - `soso survey import|analyse|plan|synth|residents`: residents'
 * surveys and the social licence to operate (include/soso/survey.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/cli.h"
#include "soso/error.h"
#include "soso/afile.h"
#include "soso/impacts.h"
#include "soso/survey.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void usage(FILE *f) {
  fprintf(f,
          "usage: soso survey import FILE --codebook FILE --community NAME --wave W\n"
          "       soso survey analyse [--community NAME] [--wave W] [--format json|md]\n"
          "                           [--chart FILE] [--seed N] [--boot B] [--free-text]\n"
          "                           [--rules FILE] [--output FILE]\n"
          "       soso survey plan [--width W] [--conf C] [--sd S] [--deff D]\n"
          "                        [--population N] [--community NAME] [--format json|md]\n"
          "       soso survey residents --community NAME\n"
          "       soso survey synth --out DIR [--seed N] [--n N] [--missing P] [--no-tiny]\n\n"
          "Residents' surveys (KoboToolbox, LimeSurvey, SPSS, Stata exports) in the store:\n"
          "construct means with CIs, Cronbach's alpha with the Feldt interval, the social\n"
          "licence level (Thomson & Boutilier), the Moffat & Zhang path model with\n"
          "bootstrap intervals, comparisons between communities and waves. Groups of fewer\n"
          "than 5 respondents are suppressed everywhere; respondent ids are stored only as\n"
          "salted hashes; free text is redacted and shown only with --free-text.\n\n"
          "  import FILE      .csv, .xlsx, .ods (GDAL/OGR), .sav, .por, .dta (ReadStat)\n"
          "  --codebook FILE  items, constructs, scale, missing codes, weight (README.md)\n"
          "  --community, --wave  which survey the file is (replaces an earlier import)\n"
          "  analyse          --format md (default) or json; --chart Likert bars\n"
          "                   (.png/.svg/.pdf); --seed (default 42) and --boot (default\n"
          "                   1000) of the bootstrap; --rules: social licence levels from\n"
          "                   this rules file (default %s)\n"
          "  plan             sample size for a CI of full width W (default 0.3 points)\n"
          "                   from the pilot in the store, or from a stated --sd\n"
          "  residents        \"What residents told us\" (Markdown) for one community\n"
          "  synth            writes the SYNTHETIC Drina survey (codebook, Kobo and\n"
          "                   LimeSurvey CSVs, survey-truth.json) into DIR\n",
          soso_impacts_rules_default_path());
}

static int emit_json(json_t *j, const char *output) {
  soso_afile *af = NULL;
  FILE *f = stdout;
  if (output && soso_afile_open(&af, &f, output)) return cli_fail();
  int w = json_dumpf(j, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
  fputc('\n', f);
  if (w) {
    soso_afile_abort(af);
    soso_error_set(SOSO_EIO, "%s: write failed", output ? output : "stdout");
    return cli_fail();
  }
  if (af && soso_afile_commit(af)) return cli_fail();
  return CLI_OK;
}

enum { O_CODEBOOK = 1, O_COMMUNITY, O_WAVE, O_FORMAT, O_CHART, O_SEED, O_BOOT, O_FREE,
       O_OUTPUT, O_WIDTH, O_CONF, O_SD, O_DEFF, O_POP, O_OUT, O_N, O_MISSING, O_NOTINY,
       O_RULES, O_HELP };

int cmd_survey(cli_ctx *ctx, int argc, char **argv) {
  static const struct option opts[] = {
      {"codebook", required_argument, NULL, O_CODEBOOK},
      {"community", required_argument, NULL, O_COMMUNITY},
      {"wave", required_argument, NULL, O_WAVE},
      {"format", required_argument, NULL, O_FORMAT},
      {"chart", required_argument, NULL, O_CHART},
      {"seed", required_argument, NULL, O_SEED},
      {"boot", required_argument, NULL, O_BOOT},
      {"free-text", no_argument, NULL, O_FREE},
      {"output", required_argument, NULL, O_OUTPUT},
      {"width", required_argument, NULL, O_WIDTH},
      {"conf", required_argument, NULL, O_CONF},
      {"sd", required_argument, NULL, O_SD},
      {"deff", required_argument, NULL, O_DEFF},
      {"population", required_argument, NULL, O_POP},
      {"out", required_argument, NULL, O_OUT},
      {"n", required_argument, NULL, O_N},
      {"missing", required_argument, NULL, O_MISSING},
      {"no-tiny", no_argument, NULL, O_NOTINY},
      {"rules", required_argument, NULL, O_RULES},
      {"help", no_argument, NULL, O_HELP},
      {NULL, 0, NULL, 0}};
  if (argc < 2)
    return cli_usage("survey", "give a subcommand: import, analyse, plan, residents or synth");
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
    usage(stdout);
    return CLI_OK;
  }
  const char *sub = argv[1];
  if (!cli_is_choice(sub, "import|analyse|analyze|plan|residents|synth"))
    return cli_usage("survey", "unknown subcommand \"%s\" (import, analyse, plan, residents, "
                     "synth)", sub);
  const char *codebook = NULL, *community = NULL, *wave = NULL, *format = "md", *chart = NULL,
             *output = NULL, *outdir = NULL, *rules_path = soso_impacts_rules_default_path();
  long seed = -1, boot = 1000, n = 110;
  double width = 0.3, conf = 0.95, sd = 0, deff = 0, pop = 0, missing = 0.10;
  int free_text = 0, tiny = 1, c;
  optind = 2;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
    switch (c) {
    case O_CODEBOOK: codebook = optarg; break;
    case O_COMMUNITY: community = optarg; break;
    case O_WAVE: wave = optarg; break;
    case O_FORMAT: format = optarg; break;
    case O_CHART: chart = optarg; break;
    case O_OUTPUT: output = optarg; break;
    case O_OUT: outdir = optarg; break;
    case O_RULES: rules_path = optarg; break;
    case O_FREE: free_text = 1; break;
    case O_NOTINY: tiny = 0; break;
    case O_SEED:
      if (cli_parse_long("survey", "--seed", optarg, &seed)) return CLI_USAGE;
      if (seed < 0) return cli_usage("survey", "--seed: must be >= 0");
      break;
    case O_BOOT:
      if (cli_parse_long("survey", "--boot", optarg, &boot)) return CLI_USAGE;
      if (boot < 100 || boot > 100000) return cli_usage("survey", "--boot: 100 to 100000");
      break;
    case O_N:
      if (cli_parse_long("survey", "--n", optarg, &n)) return CLI_USAGE;
      if (n < 5 || n > 100000) return cli_usage("survey", "--n: 5 to 100000");
      break;
    case O_WIDTH:
      if (cli_parse_double("survey", "--width", optarg, &width)) return CLI_USAGE;
      if (!(width > 0)) return cli_usage("survey", "--width: must be > 0");
      break;
    case O_CONF:
      if (cli_parse_double("survey", "--conf", optarg, &conf)) return CLI_USAGE;
      if (!(conf > 0.5 && conf < 1)) return cli_usage("survey", "--conf: must be in (0.5, 1)");
      break;
    case O_SD:
      if (cli_parse_double("survey", "--sd", optarg, &sd)) return CLI_USAGE;
      if (!(sd > 0)) return cli_usage("survey", "--sd: must be > 0");
      break;
    case O_DEFF:
      if (cli_parse_double("survey", "--deff", optarg, &deff)) return CLI_USAGE;
      if (!(deff >= 1)) return cli_usage("survey", "--deff: must be >= 1");
      break;
    case O_POP:
      if (cli_parse_double("survey", "--population", optarg, &pop)) return CLI_USAGE;
      if (!(pop >= 1)) return cli_usage("survey", "--population: must be >= 1");
      break;
    case O_MISSING:
      if (cli_parse_double("survey", "--missing", optarg, &missing)) return CLI_USAGE;
      if (!(missing >= 0 && missing <= 0.5))
        return cli_usage("survey", "--missing: must be in [0, 0.5]");
      break;
    case O_HELP: usage(stdout); return CLI_OK;
    default: return cli_bad_option("survey", argc, argv);
    }
  }
  if (!cli_is_choice(format, "json|md"))
    return cli_usage("survey", "--format: \"%s\" is not json or md", format);

  if (strcmp(sub, "synth") == 0) {
    if (!outdir) return cli_usage("survey", "synth: --out DIR is required");
    if (optind != argc) return cli_usage("survey", "synth: unexpected argument \"%s\"", argv[optind]);
    soso_survey_synth_opts so = SOSO_SURVEY_SYNTH_OPTS_INIT;
    if (seed >= 0) so.seed = (uint64_t)seed;
    so.n_per_group = (size_t)n;
    so.missing = missing;
    so.tiny_group = tiny;
    mkdir(outdir, 0777); /* an existing folder is fine; any other problem shows at write */
    if (soso_survey_synth(outdir, &so)) return cli_fail();
    if (!ctx->quiet)
      fprintf(stderr, "soso survey synth: SYNTHETIC survey (seed %llu) written to %s\n",
              (unsigned long long)so.seed, outdir);
    return CLI_OK;
  }

  if (strcmp(sub, "import") == 0) {
    if (optind != argc - 1) return cli_usage("survey", "import: give exactly one FILE");
    if (!codebook || !community || !wave)
      return cli_usage("survey", "import: --codebook, --community and --wave are required");
    soso_survey_codebook *cb = NULL;
    soso_store *st = NULL;
    soso_survey_import_result res;
    soso_survey_import_opts io = SOSO_SURVEY_IMPORT_OPTS_INIT;
    io.community = community;
    io.wave = wave;
    if (soso_survey_codebook_load(&cb, codebook)) return cli_fail();
    if (cli_open_store(ctx, &st)) {
      soso_survey_codebook_free(cb);
      return CLI_ERR;
    }
    int rc = soso_survey_import(&res, st, argv[optind], cb, &io);
    soso_store_free(st);
    soso_survey_codebook_free(cb);
    if (rc) return cli_fail();
    if (!ctx->quiet)
      fprintf(stderr, "%s: %s, %s wave %s: %zu respondents, %zu answers (%zu missing), %zu "
              "columns not stored%s\n", argv[optind], res.format, community, wave, res.n_resp,
              res.n_answers, res.n_missing, res.n_dropped,
              res.replaced ? "; replaced the earlier import" : "");
    return CLI_OK;
  }

  if (optind != argc)
    return cli_usage("survey", "%s: unexpected argument \"%s\"", sub, argv[optind]);
  if (strcmp(sub, "residents") == 0 && !community)
    return cli_usage("survey", "residents: --community NAME is required");
  soso_store *st = NULL;
  if (cli_open_store(ctx, &st)) return CLI_ERR;
  int status = CLI_ERR;
  json_t *j = NULL;
  if (strcmp(sub, "residents") == 0) {
    char *text = NULL;
    if (soso_survey_residents_text(&text, st, community)) goto fail;
    printf("## What residents told us: %s\n\n%s\n", community, text);
    free(text);
    status = CLI_OK;
    goto done;
  }
  if (strcmp(sub, "plan") == 0) {
    soso_survey_plan_opts po = SOSO_SURVEY_PLAN_OPTS_INIT;
    po.width = width;
    po.conf = conf;
    po.sd = sd;
    po.deff = deff;
    po.population = pop;
    po.community = community;
    void *pj = NULL;
    if (soso_survey_plan(&pj, sd > 0 ? NULL : st, &po)) goto fail;
    j = pj;
    if (strcmp(format, "json") == 0) {
      status = emit_json(j, output);
      goto done;
    }
    printf("# Survey plan: respondents for a %.0f %% CI of full width %g scale points\n\n"
           "Basis: %s. n = (2 z sd / width)^2 x design effect%s.\n\n"
           "| community | construct | sd | design effect | pilot n | width now | n required |\n"
           "|---|---|---:|---:|---:|---:|---:|\n",
           100 * conf, width, json_string_value(json_object_get(j, "basis")),
           pop > 0 ? ", with the finite population correction" : "");
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(j, "plans"), i, r) {
      if (json_is_true(json_object_get(r, "suppressed"))) {
        printf("| %s | (pilot under 5 respondents: suppressed) | | | | | |\n",
               json_string_value(json_object_get(r, "community")));
        continue;
      }
      json_t *np = json_object_get(r, "n_pilot");
      printf("| %s | %s | %.2f | %.2f | %s%lld | ", json_string_value(json_object_get(r, "community")),
             json_string_value(json_object_get(r, "construct")),
             json_number_value(json_object_get(r, "sd")),
             json_number_value(json_object_get(r, "deff")), np ? "" : "-",
             np ? (long long)json_integer_value(np) : 0LL);
      if (np) printf("%.2f", json_number_value(json_object_get(r, "width_now")));
      printf(" | %lld |\n", (long long)json_integer_value(json_object_get(r, "n_required")));
    }
    status = CLI_OK;
    goto done;
  }
  /* analyse */
  {
    soso_survey_analyse_opts ao = SOSO_SURVEY_ANALYSE_OPTS_INIT;
    ao.community = community;
    ao.wave = wave;
    if (seed >= 0) ao.seed = (uint64_t)seed;
    ao.n_boot = (size_t)boot;
    ao.free_text = free_text;
    soso_rules *rules = NULL;
    if (soso_impacts_rules_load(&rules, rules_path)) goto fail;
    for (int l = 0; l < 4; l++) ao.level_min_share[l] = soso_impacts_rules_slo_min_share(rules, l);
    soso_impacts_rules_free(rules);
    void *aj = NULL;
    if (soso_survey_analyse(&aj, st, &ao)) goto fail;
    j = aj;
    if (chart && soso_survey_chart(j, chart)) goto fail;
    if (strcmp(format, "json") == 0) {
      status = emit_json(j, output);
      goto done;
    }
    soso_afile *af = NULL;
    FILE *f = stdout;
    if (output && soso_afile_open(&af, &f, output)) goto fail;
    if (soso_survey_markdown(f, j)) {
      soso_afile_abort(af);
      goto fail;
    }
    if (af && soso_afile_commit(af)) goto fail;
    status = CLI_OK;
    goto done;
  }
fail:
  status = cli_fail();
done:
  json_decref(j);
  soso_store_free(st);
  return status;
}
