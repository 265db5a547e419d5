/* privacy.c - what keeps respondents unidentifiable: salted SHA-256 of their ids
 * (nettle) and redaction of names, e-mails and phone numbers in free text.
 *
 * Redaction is deliberately over-eager (a survey answer that loses a place name is
 * a smaller harm than one that names a neighbour): every e-mail-like token, every
 * run of 7 or more digits written with spaces, dashes, dots, slashes or brackets
 * (optionally after '+'), every word given in the row's name columns, and every run
 * of two or more capitalised words (Unicode letters, through utf8proc) is replaced
 * by "[e-mail]", "[phone]" or "[name]". A single capitalised word that is not in
 * the name columns is kept: it is usually a place or the company.
 */
#define _DEFAULT_SOURCE
#include "soso/error.h"
#include "survey/survey_int.h"

#include <ctype.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <utf8proc.h>

void sv_hash_id(char out[65], const char *salt, const char *id) {
  struct sha256_ctx c;
  uint8_t dig[SHA256_DIGEST_SIZE];
  sha256_init(&c);
  sha256_update(&c, strlen(salt), (const uint8_t *)salt);
  sha256_update(&c, 1, (const uint8_t *)":");
  sha256_update(&c, strlen(id), (const uint8_t *)id);
  sha256_digest(&c, sizeof dig, dig);
  for (size_t i = 0; i < sizeof dig; i++) snprintf(out + 2 * i, 3, "%02x", dig[i]);
}

int sv_new_salt(char out[33]) {
  unsigned char b[16];
  size_t got = 0;
  while (got < sizeof b) {
    ssize_t n = getrandom(b + got, sizeof b - got, 0);
    if (n <= 0) return soso_error_set(SOSO_EIO, "survey: no random bytes for the id salt");
    got += (size_t)n;
  }
  for (size_t i = 0; i < sizeof b; i++) snprintf(out + 2 * i, 3, "%02x", b[i]);
  return SOSO_OK;
}

/* A growing output string. */
typedef struct sbuf {
  char *s;
  size_t n, cap;
  int oom;
} sbuf;

static void put(sbuf *b, const char *s, size_t n) {
  if (b->oom) return;
  if (b->n + n + 1 > b->cap) {
    size_t nc = (b->n + n + 1) * 2;
    char *p = realloc(b->s, nc);
    if (!p) {
      b->oom = 1;
      return;
    }
    b->s = p;
    b->cap = nc;
  }
  memcpy(b->s + b->n, s, n);
  b->n += n;
  b->s[b->n] = '\0';
}

/* Pass 1: phone numbers. */
static char *redact_phones(const char *s) {
  sbuf b = {0};
  put(&b, "", 0);
  for (const char *p = s; *p;) {
    int start = (*p == '+' && isdigit((unsigned char)p[1])) || isdigit((unsigned char)*p);
    int prev_ok = p == s || !isalnum((unsigned char)p[-1]);
    if (start && prev_ok) {
      const char *q = p;
      int digits = 0;
      const char *last = p;
      while (*q && (isdigit((unsigned char)*q) || strchr("+ -./()", *q))) {
        if (isdigit((unsigned char)*q)) {
          digits++;
          last = q;
        }
        q++;
      }
      if (digits >= 7) {
        put(&b, "[phone]", 7);
        p = last + 1;
        continue;
      }
    }
    put(&b, p, 1);
    p++;
  }
  return b.oom ? (free(b.s), NULL) : b.s;
}

/* Is the word (bytes w..w+n) capitalised: an upper-case letter then a lower-case one? */
static int capitalised(const char *w, size_t n) {
  utf8proc_int32_t c1 = -1, c2 = -1;
  utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)w, (utf8proc_ssize_t)n, &c1);
  if (k <= 0 || c1 < 0) return 0;
  if ((size_t)k >= n) return 0;
  if (utf8proc_iterate((const utf8proc_uint8_t *)w + k, (utf8proc_ssize_t)n - k, &c2) <= 0)
    return 0;
  return utf8proc_category(c1) == UTF8PROC_CATEGORY_LU &&
         utf8proc_category(c2) == UTF8PROC_CATEGORY_LL;
}

/* Word core: strips leading/trailing ASCII punctuation. */
static void core(const char *w, size_t n, size_t *a, size_t *z) {
  *a = 0;
  *z = n;
  while (*a < *z && ispunct((unsigned char)w[*a]) && w[*a] != '[') (*a)++;
  while (*z > *a && ispunct((unsigned char)w[*z - 1]) && w[*z - 1] != ']') (*z)--;
}

static int is_given_name(const char *w, size_t n, const char *const *names, size_t nn) {
  for (size_t i = 0; i < nn; i++) {
    const char *nm = names[i];
    /* each word of the name column counts */
    for (const char *p = nm; p && *p;) {
      while (*p == ' ') p++;
      const char *e = p;
      while (*e && *e != ' ') e++;
      size_t len = (size_t)(e - p);
      if (len >= 2 && len == n && strncasecmp(p, w, n) == 0) return 1;
      p = e;
    }
  }
  return 0;
}

typedef struct tok {
  const char *p; /* token start */
  size_t n;      /* token length (no spaces) */
  size_t a, z;   /* word core within the token */
  int cap;       /* capitalised core */
  int email;     /* e-mail-like core */
} tok;

static int email_like(const char *w, size_t n) {
  const char *at = memchr(w, '@', n);
  if (!at || at == w) return 0;
  size_t rest = n - (size_t)(at - w);
  return memchr(at, '.', rest) != NULL;
}

char *sv_redact(const char *s, const char *const *names, size_t n_names) {
  char *ph = redact_phones(s ? s : "");
  if (!ph) return NULL;
  size_t cap = 16, nt = 0;
  tok *t = malloc(cap * sizeof *t);
  sbuf b = {0};
  put(&b, "", 0);
  for (const char *p = ph; t && *p;) {
    while (*p && isspace((unsigned char)*p)) p++;
    if (!*p) break;
    const char *e = p;
    while (*e && !isspace((unsigned char)*e)) e++;
    if (nt == cap) {
      tok *nt2 = realloc(t, 2 * cap * sizeof *t);
      if (!nt2) {
        free(t);
        t = NULL;
        break;
      }
      t = nt2;
      cap *= 2;
    }
    tok *k = &t[nt++];
    k->p = p;
    k->n = (size_t)(e - p);
    core(p, k->n, &k->a, &k->z);
    size_t wn = k->z - k->a;
    k->email = wn && email_like(p + k->a, wn);
    k->cap = wn && !k->email &&
             (is_given_name(p + k->a, wn, names, n_names) || capitalised(p + k->a, wn));
    p = e;
  }
  if (!t) {
    free(ph);
    free(b.s);
    return NULL;
  }
  const char *out_from = ph; /* text not yet copied */
  for (size_t i = 0; i < nt; i++) {
    tok *k = &t[i];
    size_t wn = k->z - k->a;
    int given = wn && is_given_name(k->p + k->a, wn, names, n_names);
    /* a run of capitalised words, joined by single spaces, inner punctuation ending it */
    size_t j = i;
    while (k->cap && j + 1 < nt && t[j].z == t[j].n && t[j + 1].cap && t[j + 1].a == 0 &&
           t[j + 1].p == t[j].p + t[j].n + 1)
      j++;
    if (k->email || given || j > i) {
      put(&b, out_from, (size_t)(k->p + k->a - out_from));
      put(&b, k->email ? "[e-mail]" : "[name]", k->email ? 8 : 6);
      out_from = t[j].p + t[j].z;
      i = j;
    }
  }
  put(&b, out_from, strlen(out_from));
  free(t);
  free(ph);
  return b.oom ? (free(b.s), NULL) : b.s;
}
