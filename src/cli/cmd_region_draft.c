/* cmd_region_draft.c - `soso region draft DISTRICT_ID [--out DIR]`: the district
 * DISTRICT_ID of `soso districts` (same screening filters, --eps-km and
 * --min-deposits) as a folder holding one drafted mine file per deposit and a
 * region file naming them (include/soso/draft.h). Deposits that cannot be drafted
 * (no tonnage, no priced commodity) are listed and left out. Every file is
 * checked by its loader before the folder is complete; a file is written to a
 * temporary name and renamed.
 */
#define _GNU_SOURCE
#include "cli/cli.h"
#include "cli/screen_opts.h"
#include "soso/districts.h"
#include "soso/draft.h"
#include "soso/error.h"
#include "soso/region.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage(FILE *f) {
  fprintf(f,
          "usage: soso region draft DISTRICT_ID [FILTERS] [--eps-km KM] [--min-deposits N]\n"
          "                         [--out DIR] [--radius-km KM] [--max-communities N]\n\n"
          "Drafts the district DISTRICT_ID of `soso districts` run with the same filters:\n"
          "one mine file per deposit (as `soso mine draft`), and DIR/region.yaml with one\n"
          "site per mine, the communities within --radius-km (default 10) of a site from\n"
          "the places layer data/places/places_europe.csv (GeoNames, CC BY 4.0), and their\n"
          "unemployment baselines from the Eurostat NUTS 2 panel (../shared/data/regions,\n"
          "or $SOSO_NUTS2_PANEL). --out defaults to district-ID. Every number not from\n"
          "public data is marked `# assumption`. Then: soso region DIR/region.yaml\n\n");
  screen_cli_help(f);
}

/* file-name slug of a deposit name */
static void slug(char *out, size_t n, const char *name, size_t k) {
  size_t j = 0;
  for (const char *p = name; *p && j + 1 < n - 8; p++) {
    unsigned char c = (unsigned char)*p;
    if (isalnum(c))
      out[j++] = (char)tolower(c);
    else if (j > 0 && out[j - 1] != '-')
      out[j++] = '-';
  }
  while (j > 0 && out[j - 1] == '-') j--;
  if (j == 0) j = (size_t)snprintf(out, n, "site");
  snprintf(out + j, n - j, "-%zu", k + 1);
}

static int write_text(const char *path, const char *text) {
  char tmp[1200];
  snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
  FILE *f = fopen(tmp, "w");
  if (!f) return soso_error_set(SOSO_EIO, "%s: cannot write: %s", path, strerror(errno));
  int bad = fputs(text, f) < 0;
  bad |= fclose(f) != 0;
  if (bad || rename(tmp, path) != 0) {
    unlink(tmp);
    return soso_error_set(SOSO_EIO, "%s: cannot write", path);
  }
  return 0;
}

int cmd_region_draft(cli_ctx *ctx, int argc, char **argv) {
  static const struct option k_opts[] = {SCREEN_LONG_OPTIONS,
                                         {"eps-km", required_argument, NULL, 'e'},
                                         {"min-deposits", required_argument, NULL, 'm'},
                                         {"out", required_argument, NULL, 'o'},
                                         {"radius-km", required_argument, NULL, 'r'},
                                         {"max-communities", required_argument, NULL, 'c'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
  const char *cmd = "region draft";
  screen_cli sc;
  screen_cli_init(&sc);
  double eps = 20.0, radius = 10.0;
  long minpts = 2, maxc = 8, id = 0;
  const char *dir = NULL;
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "h", k_opts, NULL)) != -1) {
    if (c >= SCREEN_OPT_BASE) {
      if (screen_cli_option(&sc, cmd, c, optarg)) return CLI_USAGE;
      continue;
    }
    switch (c) {
    case 'e':
      if (cli_parse_double(cmd, "--eps-km", optarg, &eps)) return CLI_USAGE;
      if (!(eps > 0)) return cli_usage(cmd, "--eps-km: %s is not a positive distance", optarg);
      break;
    case 'm':
      if (cli_parse_long(cmd, "--min-deposits", optarg, &minpts)) return CLI_USAGE;
      if (minpts < 1) return cli_usage(cmd, "--min-deposits: %s is less than 1", optarg);
      break;
    case 'r':
      if (cli_parse_double(cmd, "--radius-km", optarg, &radius)) return CLI_USAGE;
      if (!(radius > 0 && radius <= 100))
        return cli_usage(cmd, "--radius-km: %s is not in (0, 100]", optarg);
      break;
    case 'c':
      if (cli_parse_long(cmd, "--max-communities", optarg, &maxc)) return CLI_USAGE;
      if (maxc < 1 || maxc > 64) return cli_usage(cmd, "--max-communities: %s is not 1..64", optarg);
      break;
    case 'o': dir = optarg; break;
    case 'h': usage(stdout); return CLI_OK;
    default: return cli_bad_option(cmd, argc, argv);
    }
  }
  if (optind != argc - 1) return cli_usage(cmd, "expected one DISTRICT_ID (see soso districts)");
  if (cli_parse_long(cmd, "DISTRICT_ID", argv[optind], &id)) return CLI_USAGE;
  if (id < 1) return cli_usage(cmd, "DISTRICT_ID: %s is not a district number", argv[optind]);
  char defdir[64];
  snprintf(defdir, sizeof defdir, "district-%ld", id);
  if (!dir) dir = defdir;
  soso_screen_opts opts;
  int rc = screen_cli_finish(&sc, cmd, &opts);
  if (rc) return rc;
  if (access(ctx->db_path, F_OK) != 0) {
    fprintf(stderr, "soso: %s: no such store (import deposits and prices first, or pass --db)\n",
            ctx->db_path);
    return CLI_ERR;
  }
  soso_deposits *set = NULL;
  soso_districts *ds = NULL;
  soso_store *store = NULL;
  soso_draft_site *sites = NULL;
  char **files = NULL;
  size_t nsites = 0, nfiles = 0;
  const soso_district *d = NULL;
  char *text = NULL;
  int status = CLI_ERR;
  if ((rc = screen_cli_screen(ctx, &opts, &set)) != CLI_OK) return rc;
  if (soso_districts_of_set(&ds, set, eps, (size_t)minpts) < 0) goto fail;
  d = soso_districts_get(ds, (size_t)id - 1);
  if (!d) {
    fprintf(stderr, "soso region draft: no district %ld (soso districts with these filters finds "
                    "%zu)\n", id, soso_districts_count(ds));
    goto done;
  }
  if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
    fprintf(stderr, "soso region draft: %s: cannot create: %s\n", dir, strerror(errno));
    goto done;
  }
  if (cli_open_store(ctx, &store) != CLI_OK) goto done;
  sites = calloc(d->n, sizeof *sites);
  files = calloc(d->n, sizeof *files);
  if (!sites || !files) {
    soso_error_set(SOSO_ENOMEM, "out of memory");
    goto fail;
  }
  soso_draft_opts dopt = SOSO_DRAFT_OPTS_INIT;
  dopt.data_dir = cli_data_dir();
  for (size_t k = 0; k < d->n; k++) {
    size_t i = d->members[k];
    soso_draft_info info;
    if (soso_draft_mine(&text, &info, store, set->id[i], &dopt)) {
      fprintf(stderr, "soso region draft: %s left out: %s\n", set->id[i], soso_error_last());
      continue;
    }
    char name[96], path[1100];
    slug(name, sizeof name, info.name, k);
    files[nsites] = malloc(strlen(name) + 16);
    if (!files[nsites]) {
      soso_error_set(SOSO_ENOMEM, "out of memory");
      goto fail;
    }
    nfiles = nsites + 1;
    snprintf(files[nsites], strlen(name) + 16, "%s.mine.yaml", name);
    snprintf(path, sizeof path, "%s/%s", dir, files[nsites]);
    if (cli_write_checked_mine(path, text, store)) goto fail;
    free(text);
    text = NULL;
    soso_draft_site *s = &sites[nsites++];
    s->name = set->name[i][0] ? set->name[i] : set->id[i];
    s->deposit = set->id[i];
    s->mine_file = files[nsites - 1];
    s->lat = set->lat[i];
    s->lon = set->lon[i];
    s->tpd = info.tpd;
  }
  if (nsites == 0) {
    fprintf(stderr, "soso region draft: no deposit of district %ld could be drafted\n", id);
    goto done;
  }
  /* Site names must be unique in a region file. */
  for (size_t a = 0; a < nsites; a++)
    for (size_t b = 0; b < a; b++)
      if (strcmp(sites[a].name, sites[b].name) == 0) sites[a].name = sites[a].deposit;
  soso_draft_region_opts ro = SOSO_DRAFT_REGION_OPTS_INIT;
  ro.radius_km = radius;
  ro.max_communities = (size_t)maxc;
  ro.data_dir = cli_data_dir();
  /* The panel is shared data, never copied into the repository: $SOSO_NUTS2_PANEL,
   * else ../shared beside the project (the data folder's grandparent). */
  char panel[1024];
  const char *env = getenv("SOSO_NUTS2_PANEL");
  if (env && *env)
    snprintf(panel, sizeof panel, "%s", env);
  else
    snprintf(panel, sizeof panel, "%s/../../shared/data/regions/eurostat_nuts2_panel_2007_2018.csv",
             cli_data_dir());
  ro.panel = access(panel, R_OK) == 0 ? panel : NULL;
  if (!ro.panel && !ctx->quiet)
    fprintf(stderr, "soso region draft: no Eurostat NUTS 2 panel at %s: baselines left for the "
                    "user (set SOSO_NUTS2_PANEL)\n", panel);
  char title[160];
  snprintf(title, sizeof title, "District %ld (%s%s)", id, sites[0].name,
           nsites > 1 ? " and others" : "");
  if (soso_draft_region(&text, title, sites, nsites, &ro)) goto fail;
  char rpath[1100];
  snprintf(rpath, sizeof rpath, "%s/region.yaml", dir);
  if (write_text(rpath, text)) goto fail;
  soso_region *r = NULL;
  if (soso_region_load_ex(&r, rpath, store)) goto fail;
  soso_region_free(r);
  if (!ctx->quiet)
    fprintf(stderr, "%s: %zu site%s, %zu deposit%s left out; then: soso region %s\n", rpath,
            nsites, nsites == 1 ? "" : "s", d->n - nsites, d->n - nsites == 1 ? "" : "s", rpath);
  status = CLI_OK;
  goto done;
fail:
  status = cli_fail();
done:
  free(text);
  for (size_t k = 0; k < nfiles; k++) free(files[k]);
  free(files);
  free(sites);
  soso_store_free(store);
  soso_districts_free(ds);
  soso_deposits_free(set);
  return status;
}
