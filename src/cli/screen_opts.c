/* screen_opts.c - the screening filters as command-line options (see
 * screen_opts.h); the parsing itself is soso_deposits_screen_opts_set() in the library, so
 * that options and the presets file read the same way. */
#include "cli/screen_opts.h"
#include "cli/cli.h"
#include "soso/data.h"
#include "soso/error.h"
#include "soso/afile.h"

#include <stdlib.h>
#include <errno.h>
#include <string.h>

static const char *const k_keys[] = {"commodity", "min-grade", "max-ore-mt", "min-ore-mt",
                                     "status",    "country",   "bbox",       "crm",
                                     "min-eq",    "name",      "preset",     "keep-duplicates"};

const char *cli_data_dir(void) { return soso_data_dir_builtin(); }

void screen_cli_init(screen_cli *sc) { memset(sc, 0, sizeof *sc); }

int screen_cli_option(screen_cli *sc, const char *cmd, int c, const char *arg) {
  if (c < SCREEN_OPT_BASE || c >= SCREEN_OPT_END)
    return cli_usage(cmd, "internal: option %d is not a filter", c);
  const char *key = k_keys[c - SCREEN_OPT_BASE];
  if (c == SCREEN_OPT_PRESET) {
    sc->preset = arg;
    return 0;
  }
  if (c == SCREEN_OPT_KEEP_DUPLICATES) {
    sc->keep_duplicates = 1;
    return 0;
  }
  soso_screen_opts probe;
  soso_deposits_screen_opts_init(&probe);
  if (soso_deposits_screen_opts_set(&probe, key, arg) < 0) return cli_usage(cmd, "--%s", soso_error_last());
  if (sc->n == SCREEN_CLI_MAX) return cli_usage(cmd, "too many filter options");
  sc->opt[sc->n] = c;
  sc->arg[sc->n] = arg;
  sc->n++;
  return 0;
}

int screen_cli_finish(const screen_cli *sc, const char *cmd, soso_screen_opts *out) {
  soso_deposits_screen_opts_init(out);
  if (sc->preset) {
    int rc = soso_deposits_screen_preset_apply(out, cli_data_dir(), sc->preset);
    if (rc == SOSO_ENOTFOUND) return cli_usage(cmd, "--%s", soso_error_last());
    if (rc < 0) {
      fprintf(stderr, "soso %s: %s\n", cmd, soso_error_last());
      return CLI_ERR;
    }
  }
  for (size_t k = 0; k < sc->n; k++)
    if (soso_deposits_screen_opts_set(out, k_keys[sc->opt[k] - SCREEN_OPT_BASE], sc->arg[k]) < 0)
      return cli_usage(cmd, "--%s", soso_error_last());
  out->keep_duplicates = sc->keep_duplicates;
  return 0;
}

void screen_cli_help(FILE *f) {
  fprintf(f,
          "Filters (all given must hold; lists match any item):\n"
          "  --commodity LIST      has any of these commodities (zn,pb or Zinc,Lead)\n"
          "  --min-grade C=V,...   every listed grade at least V (%% for base metals,\n"
          "                        g/t for precious metals: au, ag, pt, pd, ...)\n"
          "  --min-ore-mt X        ore tonnage at least X Mt (unknown tonnage fails)\n"
          "  --max-ore-mt X        ore tonnage at most X Mt (unknown tonnage fails)\n"
          "  --status LIST         mine, past_mine, deposit, prospect, occurrence\n"
          "  --country LIST        ISO 3166-1 alpha-2 codes or names (RS,BA,Serbia)\n"
          "  --bbox W,S,E,N        minlon,minlat,maxlon,maxlat in degrees (WGS84)\n"
          "  --crm YEAR            a commodity is on the EU CRM list of YEAR\n"
          "                        (2011, 2014, 2017, 2020, 2023; 2024 = CRMA strategic)\n"
          "  --min-eq C=V          metal-equivalent grade at least V in C's unit, from\n"
          "                        the prices and recoveries of data/metal_equivalents.csv\n"
          "  --name TEXT           the name contains TEXT, compared without accents and\n"
          "                        case (trepca finds Trep\xc4\x8d" "a)\n"
          "  --preset NAME         filters of a preset in data/presets.yaml (e.g. figure1);\n"
          "                        the other options given refine it\n"
          "  --keep-duplicates     keep records of different sources with the same name\n"
          "                        within 1 km (by default they count once: the record\n"
          "                        with the most information, the others' ids in `also`)\n");
}

soso_deposits_format screen_cli_out_format(const char *out, soso_deposits_format fmt,
                                           int fmt_given) {
  if (!out || fmt_given) return fmt;
  char ext[16];
  soso_afile_path_ext(out, ext, sizeof ext);
  if (strcmp(ext, "csv") == 0) return SOSO_FMT_CSV;
  if (strcmp(ext, "json") == 0) return SOSO_FMT_JSON;
  if (strcmp(ext, "geojson") == 0) return SOSO_FMT_GEOJSON;
  return fmt;
}

int screen_cli_emit(const char *out, int (*write)(FILE *fp, const void *closure),
                    const void *closure) {
  if (!out) return write(stdout, closure) < 0 ? cli_fail() : CLI_OK;
  soso_afile *af = NULL;
  FILE *fp = NULL;
  if (soso_afile_open(&af, &fp, out) < 0) return cli_fail();
  errno = 0;
  if (write(fp, closure) < 0) {
    /* name the file and the reason (a full disk said only "cannot write CSV") */
    int e = errno;
    char msg[512];
    snprintf(msg, sizeof msg, "%s", soso_error_last());
    soso_error_set(SOSO_EIO, "%s: %s: %s", out, msg, e ? strerror(e) : "write error");
    soso_afile_abort(af);
    return cli_fail();
  }
  return soso_afile_commit(af) < 0 ? cli_fail() : CLI_OK;
}

int screen_cli_screen(const cli_ctx *ctx, const soso_screen_opts *opts, soso_deposits **out) {
  *out = NULL;
  soso_store *store = NULL;
  int rc = cli_open_store_read(ctx, &store);
  if (rc != CLI_OK) return rc;
  if (soso_deposits_screen_run(out, store, opts, cli_data_dir()) < 0) rc = cli_fail();
  else if ((*out)->n == 0 && !ctx->quiet) {
    /* an empty result explains itself, on stderr: stdout stays the documented
     * (empty) table, CSV, JSON array or GeoJSON collection */
    char *why = NULL;
    if (soso_deposits_screen_explain(&why, store, opts, cli_data_dir()) == 0) fputs(why, stderr);
    else soso_error_clear();
    free(why);
  }
  soso_store_free(store);
  return rc;
}

int screen_cli_district_opt(const char *cmd, int c, const char *arg, double *eps,
                            size_t *minpts) {
  if (c == 'e') {
    if (cli_parse_double(cmd, "--eps-km", arg, eps)) return CLI_USAGE;
    if (!(*eps > 0)) return cli_usage(cmd, "--eps-km: %s is not a positive distance", arg);
    return 0;
  }
  long v = 0;
  if (cli_parse_long(cmd, "--min-deposits", arg, &v)) return CLI_USAGE;
  if (v < 1) return cli_usage(cmd, "--min-deposits: %s is less than 1", arg);
  *minpts = (size_t)v;
  return 0;
}
