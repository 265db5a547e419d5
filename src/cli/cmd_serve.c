/* cmd_serve.c - `soso serve REGION`: the community meeting's web app on this laptop
 * (include/soso/serve.h). Runs until interrupted (Ctrl-C or SIGTERM).
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/cli.h"
#include "soso/error.h"
#include "soso/serve.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f) {
  fprintf(f,
          "usage: soso serve REGION [--listen ADDR:PORT] [--lang L] [--paths N] [--seed S]\n"
          "                  [--jobs N] [--rate R] [--max-body BYTES]\n\n"
          "A local web app for the community meeting: the district map, a page per\n"
          "community and per site, the strategies side by side, what-ifs recomputed on\n"
          "the spot, and residents' comments and survey answers kept in the store.\n\n"
          "  REGION             region file (YAML; see README.md, \"soso region\")\n"
          "  --listen ADDR:PORT where to listen (default 127.0.0.1:8080; loopback only unless\n"
          "                     you say otherwise; elsewhere the facilitator pages need the\n"
          "                     token printed at start, or $SOSO_SERVE_TOKEN)\n"
          "  --lang L           the page's default language: en, bs, hr, sr, sr@latin (default en)\n"
          "  --paths N          price paths of every run (default 500)\n"
          "  --seed S           seed of the base case and default of what-ifs (default 1)\n"
          "  --jobs N           what-if jobs run at once (default 2)\n"
          "  --rate R           posts per second per session (an address gets 10x; default 20)\n"
          "  --max-body BYTES   largest request body (default 65536)\n"
          "The store (--db) keeps comments and answers.\n");
}

static void progress(void *cl, const char *stage, long done, long total) {
  cli_progress((const cli_ctx *)cl, stage, done, total);
}

int cmd_serve(cli_ctx *ctx, int argc, char **argv) {
  static const struct option opts[] = {{"listen", required_argument, NULL, 'l'},
                                       {"lang", required_argument, NULL, 'L'},
                                       {"paths", required_argument, NULL, 'n'},
                                       {"seed", required_argument, NULL, 's'},
                                       {"jobs", required_argument, NULL, 'j'},
                                       {"rate", required_argument, NULL, 'r'},
                                       {"max-body", required_argument, NULL, 'b'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  soso_serve_opts o = SOSO_SERVE_OPTS_INIT;
  long paths = 500, seed = 1, jobs = 2, max_body = 65536;
  double rate = 20.0;
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
    switch (c) {
    case 'l': o.listen = optarg; break;
    case 'L': o.lang = optarg; break;
    case 'n':
      if (cli_parse_long("serve", "--paths", optarg, &paths)) return CLI_USAGE;
      break;
    case 's':
      if (cli_parse_long("serve", "--seed", optarg, &seed)) return CLI_USAGE;
      break;
    case 'j':
      if (cli_parse_long("serve", "--jobs", optarg, &jobs)) return CLI_USAGE;
      break;
    case 'r':
      if (cli_parse_double("serve", "--rate", optarg, &rate)) return CLI_USAGE;
      break;
    case 'b':
      if (cli_parse_long("serve", "--max-body", optarg, &max_body)) return CLI_USAGE;
      break;
    case 'h': usage(stdout); return CLI_OK;
    default: return cli_bad_option("serve", argc, argv);
    }
  }
  if (optind != argc - 1) return cli_usage("serve", "give exactly one REGION file");
  if (paths < 10 || paths > 100000) return cli_usage("serve", "--paths: %ld is outside 10 .. 100000", paths);
  if (seed < 0) return cli_usage("serve", "--seed: %ld must not be negative", seed);
  if (jobs < 1 || jobs > 64) return cli_usage("serve", "--jobs: %ld is outside 1 .. 64", jobs);
  if (!(rate > 0 && rate <= 100000)) return cli_usage("serve", "--rate: %g is outside (0, 100000]", rate);
  if (max_body < 1024 || max_body > 16777216)
    return cli_usage("serve", "--max-body: %ld is outside 1024 .. 16777216", max_body);
  o.region_path = argv[optind];
  o.db_path = ctx->db_path;
  o.n_paths = (size_t)paths;
  o.seed = (uint64_t)seed;
  o.max_jobs = (int)jobs;
  o.rate_per_s = rate;
  o.rate_burst = rate * 10.0;
  const char *tok = getenv("SOSO_SERVE_TOKEN");
  if (tok && *tok) o.token = tok;
  o.progress = progress;
  o.closure = ctx;

  /* Block the stop signals before the server's threads start, so only sigwait sees them. */
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  signal(SIGPIPE, SIG_IGN);

  soso_serve *srv = NULL;
  if (soso_serve_new(&srv, &o)) return cli_fail();
  const char *host = o.listen ? o.listen : "127.0.0.1:8080";
  const char *colon = strrchr(host, ':');
  printf("soso serve: http://%.*s:%u/ (%s)\n", (int)(colon - host), host, soso_serve_port(srv),
         soso_serve_is_loopback(srv) ? "this computer only" : "reachable from the network");
  printf("soso serve: facilitator token %s%s\n", soso_serve_token(srv),
         soso_serve_is_loopback(srv) ? " (not needed on this computer)" : "");
  printf("soso serve: stop with Ctrl-C\n");
  fflush(stdout);
  int sig = 0;
  sigwait(&set, &sig);
  soso_serve_free(srv);
  if (!ctx->quiet) fprintf(stderr, "soso serve: stopped\n");
  return CLI_OK;
}
