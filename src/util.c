/*
** util.c: allocation, string buffers and fatal errors.
*/
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static NORETURN void out_of_memory(size_t n) {
  fprintf(stderr, "oversight: out of memory (asked for %zu bytes)\n", n);
  abort();
}

void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) out_of_memory(n);
  return p;
}

void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p) out_of_memory(n * size);
  return p;
}

void *xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p) out_of_memory(n);
  return p;
}

char *xstrdup(const char *z) {
  size_t n = strlen(z) + 1;
  char *p = xmalloc(n);
  memcpy(p, z, n);
  return p;
}

char *xmprintf(const char *fmt, ...) {
  Buf b = {0};
  va_list ap;
  va_start(ap, fmt);
  buf_vprintf(&b, fmt, ap);
  va_end(ap);
  return buf_take(&b);
}

void fatal(const char *fmt, ...) {
  va_list ap;
  fflush(stdout);
  fputs("oversight: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  exit(1);
}

static void buf_grow(Buf *b, size_t extra) {
  size_t need = b->n + extra + 1;
  if (need <= b->cap) return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need) cap *= 2;
  b->z = xrealloc(b->z, cap);
  b->cap = cap;
}

void buf_reserve(Buf *b, size_t extra) {
  size_t need = b->n + extra + 1;
  if (need <= b->cap) return;
  b->z = xrealloc(b->z, need);
  b->cap = need;
}

void buf_append(Buf *b, const char *z, size_t n) {
  buf_grow(b, n);
  if (n) memcpy(b->z + b->n, z, n);   /* z may be NULL when n is 0 */
  b->n += n;
  b->z[b->n] = 0;
}

void buf_puts(Buf *b, const char *z) { buf_append(b, z, strlen(z)); }

void buf_putc(Buf *b, char c) { buf_append(b, &c, 1); }

void buf_vprintf(Buf *b, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0) fatal("buf_vprintf: bad format \"%s\"", fmt);
  buf_grow(b, (size_t)n);
  vsnprintf(b->z + b->n, (size_t)n + 1, fmt, ap);
  b->n += (size_t)n;
}

void buf_printf(Buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  buf_vprintf(b, fmt, ap);
  va_end(ap);
}

/* Does z begin, after any quotes, with a character a spreadsheet may take
** as the start of a formula? = + - @ do in Excel, LibreOffice and Google
** Sheets; some skip a leading tab or CR first. The quotes are skipped so
** that a value already beginning '= gets one more, and csv_unguard() can
** always take exactly one off. */
static int csv_formula_like(const char *z) {
  while (*z == '\'') z++;
  return *z && strchr("=+-@\t\r", *z) != NULL;
}

void buf_csv_cell(Buf *b, const char *z, CsvCell kind) {
  if (!z) z = "";
  int guard = kind == CSV_TEXT && csv_formula_like(z);
  if (!strpbrk(z, ",\"\r\n")) {
    if (guard) buf_putc(b, '\'');
    buf_puts(b, z);
    return;
  }
  buf_putc(b, '"');
  if (guard) buf_putc(b, '\'');
  for (; *z; z++) {
    if (*z == '"') buf_putc(b, '"');
    buf_putc(b, *z);
  }
  buf_putc(b, '"');
}

void csv_unguard(char *z) {
  if (z[0] == '\'' && csv_formula_like(z)) memmove(z, z + 1, strlen(z));
}

void buf_pad(Buf *b, const char *z, int width) {
  int n = 0;
  for (const unsigned char *p = (const unsigned char *)z; *p; p++) {
    if ((*p & 0xc0) != 0x80) n++;   /* count lead bytes only */
  }
  buf_puts(b, z);
  for (; n < width; n++) buf_putc(b, ' ');
}

void buf_reset(Buf *b) {
  b->n = 0;
  if (b->z) b->z[0] = 0;
}

void buf_free(Buf *b) {
  free(b->z);
  b->z = NULL;
  b->n = b->cap = 0;
}

char *buf_take(Buf *b) {
  char *z = b->z ? b->z : xstrdup("");
  b->z = NULL;
  b->n = b->cap = 0;
  return z;
}

int parse_int(const char *z, long lo, long hi, long *out) {
  if (!z || !*z) return -1;
  char *end;
  errno = 0;
  long v = strtol(z, &end, 10);
  if (errno || *end || v < lo || v > hi) return -1;
  /* strtol accepts leading spaces and '+': a count typed as " 5" is not. */
  if (z[0] == ' ' || z[0] == '+') return -1;
  *out = v;
  return 0;
}

int parse_double(const char *z, double lo, double hi, double *out) {
  if (!z || !*z || z[0] == ' ') return -1;
  char *end;
  errno = 0;
  double v = strtod(z, &end);
  if (errno || *end || !isfinite(v) || v < lo || v > hi) return -1;
  *out = v;
  return 0;
}
