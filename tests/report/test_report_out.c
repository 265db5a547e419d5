/* test_report_out.c - the report's output folder, all or nothing (report_out.h):
 * a new folder is removed again on failure; an existing one gets the new files
 * only at publish, keeps files the report does not write, and loses the staging
 * folder; staging folders of dead processes (kill -9) are removed by the next
 * report. The failure paths in between (every allocation, file call and rename)
 * are swept by tests/core/test_faults_report.c.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "report/report_out.h"
#include "soso/error.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char g_dir[256];

static int exists(const char *path) {
  struct stat st;
  return lstat(path, &st) == 0;
}

static void put(const char *dir, const char *name, const char *text) {
  char p[600];
  assert_true(snprintf(p, sizeof p, "%s/%s", dir, name) < (int)sizeof p);
  FILE *f = fopen(p, "wb");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static int has(const char *dir, const char *name, const char *text) {
  char p[600], buf[256] = "";
  assert_true(snprintf(p, sizeof p, "%s/%s", dir, name) < (int)sizeof p);
  FILE *f = fopen(p, "rb");
  if (!f) return 0;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = '\0';
  fclose(f);
  return strcmp(buf, text) == 0;
}

/* Entries of dir whose name starts with prefix. */
static int count(const char *dir, const char *prefix) {
  DIR *d = opendir(dir);
  assert_non_null(d);
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
  closedir(d);
  return n;
}

static int setup(void **state) {
  (void)state;
  snprintf(g_dir, sizeof g_dir, "%s/report_out_%ld", SOSO_BINARY_DIR, (long)getpid());
  return mkdir(g_dir, 0777);
}

static int teardown(void **state) {
  (void)state;
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
  return system(cmd) == 0 ? 0 : -1;
}

static void test_new_folder(void **state) {
  (void)state;
  char out[300];
  snprintf(out, sizeof out, "%s/new", g_dir);
  rpt_out o;
  assert_int_equal(rpt_out_begin(&o, out), SOSO_OK);
  assert_true(exists(o.stage));
  assert_non_null(strstr(o.stage, "/.soso-report.tmp-"));
  put(o.stage, "report.html", "half");
  rpt_out_abort(&o); /* a failure: the folder this run made is gone */
  assert_false(exists(out));
  rpt_out_abort(NULL);

  assert_int_equal(rpt_out_begin(&o, out), SOSO_OK);
  char fig[600];
  snprintf(fig, sizeof fig, "%s/figures", o.stage);
  assert_int_equal(mkdir(fig, 0777), 0);
  put(o.stage, "report.html", "new");
  put(fig, "a.png", "A");
  assert_int_equal(rpt_out_publish(&o), SOSO_OK);
  rpt_out_abort(&o); /* after publish: nothing to undo */
  assert_true(has(out, "report.html", "new"));
  assert_true(has(out, "figures/a.png", "A"));
  assert_int_equal(count(out, ".soso-report"), 0);
}

static void test_existing_folder(void **state) {
  (void)state;
  char out[300], fig[600];
  snprintf(out, sizeof out, "%s/old", g_dir);
  snprintf(fig, sizeof fig, "%s/figures", out);
  assert_int_equal(mkdir(out, 0777), 0);
  assert_int_equal(mkdir(fig, 0777), 0);
  put(out, "report.html", "old");
  put(out, "notes.txt", "mine");
  put(fig, "a.png", "oldA");
  put(fig, "z.png", "oldZ");

  rpt_out o;
  assert_int_equal(rpt_out_begin(&o, out), SOSO_OK);
  put(o.stage, "report.html", "new");
  rpt_out_abort(&o); /* a failure: the previous report stays whole */
  assert_true(exists(out));
  assert_true(has(out, "report.html", "old"));
  assert_true(has(fig, "a.png", "oldA"));
  assert_int_equal(count(out, ".soso-report"), 0);

  assert_int_equal(rpt_out_begin(&o, out), SOSO_OK);
  char sfig[600];
  snprintf(sfig, sizeof sfig, "%s/figures", o.stage);
  assert_int_equal(mkdir(sfig, 0777), 0);
  put(o.stage, "report.html", "new");
  put(sfig, "a.png", "A");
  put(sfig, "b.png", "B");
  assert_int_equal(rpt_out_publish(&o), SOSO_OK);
  assert_true(has(out, "report.html", "new"));
  assert_true(has(fig, "a.png", "A"));
  assert_true(has(fig, "b.png", "B"));
  /* files the report does not write are never touched */
  assert_true(has(out, "notes.txt", "mine"));
  assert_true(has(fig, "z.png", "oldZ"));
  assert_int_equal(count(out, ".soso-report"), 0);
}

/* kill -9 during a report leaves its staging folder; the next report into the
 * same folder removes it (its pid is gone), and never one of a live process. */
static void test_stale(void **state) {
  (void)state;
  char out[300], dead[600], live[600];
  snprintf(out, sizeof out, "%s/stale", g_dir);
  assert_int_equal(mkdir(out, 0777), 0);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) _exit(0);
  int st;
  assert_int_equal(waitpid(pid, &st, 0), pid);
  snprintf(dead, sizeof dead, "%s/.soso-report.tmp-%ld-abcdef", out, (long)pid);
  snprintf(live, sizeof live, "%s/.soso-report.tmp-%ld-abcdef", out, (long)getppid());
  assert_int_equal(mkdir(dead, 0777), 0);
  assert_int_equal(mkdir(live, 0777), 0);
  char fig[700];
  snprintf(fig, sizeof fig, "%s/figures", dead);
  assert_int_equal(mkdir(fig, 0777), 0);
  put(fig, "x.png", "X");
  put(dead, ".report.pdf.tmp-1-2", "half");
  rpt_out o;
  assert_int_equal(rpt_out_begin(&o, out), SOSO_OK);
  assert_false(exists(dead));
  assert_true(exists(live));
  rpt_out_abort(&o);
  assert_int_equal(count(out, ".soso-report"), 1);
}

static void test_errors(void **state) {
  (void)state;
  char out[300];
  snprintf(out, sizeof out, "%s/no/such/parent", g_dir);
  rpt_out o;
  assert_true(rpt_out_begin(&o, out) < 0);
  assert_non_null(strstr(soso_error_last(), "no/such/parent: cannot create"));
  assert_null(strchr(soso_error_last(), '\n'));
  rpt_out_abort(&o);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_new_folder),
      cmocka_unit_test(test_existing_folder),
      cmocka_unit_test(test_stale),
      cmocka_unit_test(test_errors),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
