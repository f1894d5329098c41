/*
** csv.c: an RFC 4180 reader (see csv.h for what it accepts and refuses).
*/
#include "csv.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void csv_init(CsvReader *r, const char *z, size_t n) {
  memset(r, 0, sizeof *r);
  r->z = z;
  r->n = n;
  /* Excel's "CSV UTF-8" starts with a byte order mark; it is not part of
  ** the first column's name. */
  if (n >= 3 && memcmp(z, "\xEF\xBB\xBF", 3) == 0) r->i = 3;
}

void csv_free(CsvReader *r) {
  buf_free(&r->store);
  free(r->aOff);
  free(r->az);
  r->aOff = NULL;
  r->az = NULL;
  r->nField = r->capField = 0;
}

/* Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. */
int csv_utf8_valid(const unsigned char *p, size_t n) {
  size_t i = 0;
  while (i < n) {
    /* Most text is ASCII: pass it eight bytes at a time. */
    while (i + 8 <= n) {
      uint64_t w;
      memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    unsigned c = p[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    int len;
    unsigned min, cp;
    if ((c & 0xE0) == 0xC0) len = 2, min = 0x80, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0) len = 3, min = 0x800, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0) len = 4, min = 0x10000, cp = c & 0x07;
    else return 0;
    if (i + (size_t)len > n) return 0;
    for (int k = 1; k < len; k++) {
      if ((p[i + (size_t)k] & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (p[i + (size_t)k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    i += (size_t)len;
  }
  return 1;
}

static void end_field(CsvReader *r, size_t start) {
  if (r->nField == r->capField) {
    r->capField = r->capField ? r->capField * 2 : 32;
    r->aOff = xrealloc(r->aOff, (size_t)r->capField * sizeof *r->aOff);
    r->az = xrealloc(r->az, (size_t)r->capField * sizeof *r->az);
  }
  r->aOff[r->nField++] = start;
  buf_putc(&r->store, 0);
}

static int fail(CsvReader *r, const char *zWhy) {
  snprintf(r->zErr, sizeof r->zErr, "row %d: %s", r->record, zWhy);
  return -1;
}

int csv_read(CsvReader *r, char ***pazField, int *pnField) {
  if (r->i >= r->n) return 0;
  const char *z = r->z;
  size_t n = r->n, i = r->i;
  r->record++;
  r->nField = 0;
  buf_reset(&r->store);
  /* The store must exist even for a record of one empty field. */
  buf_append(&r->store, "", 0);
  for (;;) {
    size_t start = r->store.n;
    if (i < n && z[i] == '"') {
      i++;
      for (;;) {
        if (i >= n) return fail(r, "a quoted field is not closed: a quote (\") is missing");
        char c = z[i];
        if (c == 0) return fail(r, "the file contains a NUL byte: it is not a text CSV file");
        if (c == '"') {
          if (i + 1 < n && z[i + 1] == '"') {
            buf_putc(&r->store, '"');
            i += 2;
            continue;
          }
          i++;
          break;
        }
        buf_putc(&r->store, c);
        i++;
      }
      if (i < n && z[i] != ',' && z[i] != '\r' && z[i] != '\n') {
        return fail(r, "text follows a closing quote: a quote inside a field must be doubled (\"\")");
      }
    } else {
      size_t j = i;
      while (j < n && z[j] != ',' && z[j] != '\r' && z[j] != '\n') {
        if (z[j] == '"') {
          return fail(r, "a quote (\") inside a field that is not in quotes: put the field in "
                         "quotes and double the quote");
        }
        if (z[j] == 0) return fail(r, "the file contains a NUL byte: it is not a text CSV file");
        j++;
      }
      buf_append(&r->store, z + i, j - i);
      i = j;
    }
    if (!csv_utf8_valid((const unsigned char *)r->store.z + start, r->store.n - start)) {
      return fail(r, "the text is not UTF-8: save the file as \"CSV UTF-8\"");
    }
    end_field(r, start);
    if (i < n && z[i] == ',') {
      i++;
      continue;
    }
    /* CRLF, LF or a lone CR (old Mac spreadsheets) ends the record. */
    if (i < n && z[i] == '\r') {
      i++;
      if (i < n && z[i] == '\n') i++;
    } else if (i < n && z[i] == '\n') {
      i++;
    }
    break;
  }
  r->i = i;
  for (int k = 0; k < r->nField; k++) {
    r->az[k] = r->store.z + r->aOff[k];
    /* Oversight's own exports come back: '=x is the =x they wrote. */
    csv_unguard(r->az[k]);
  }
  *pazField = r->az;
  *pnField = r->nField;
  return 1;
}

int csv_read_file(const char *zPath, Buf *pOut, char **pzErr) {
  *pzErr = NULL;
  FILE *f = fopen(zPath, "rb");
  if (!f) {
    *pzErr = xmprintf("cannot open %s: %s", zPath, strerror(errno));
    return -1;
  }
  char a[65536];
  size_t k;
  buf_reset(pOut);
  while ((k = fread(a, 1, sizeof a, f)) > 0) buf_append(pOut, a, k);
  int bad = ferror(f);
  fclose(f);
  if (bad) {
    *pzErr = xmprintf("cannot read %s", zPath);
    return -1;
  }
  if (!pOut->z) buf_append(pOut, "", 0);
  return 0;
}

/* ---- Checking an imported row ---------------------------------------------- */

void csv_row_err(Buf *err, const char *fmt, ...) {
  if (err->n) buf_puts(err, "; ");
  va_list ap;
  va_start(ap, fmt);
  buf_vprintf(err, fmt, ap);
  va_end(ap);
}

int csv_read_header(CsvReader *rd, const char *const *azCol, int nCol, int *aMap, int nMax,
                    const char *zDoc, Buf *pReport) {
  char **az;
  int nf, rc = csv_read(rd, &az, &nf);
  if (rc < 0) {
    buf_printf(pReport, "%s\n", rd->zErr);
    return -1;
  }
  if (rc == 0 || (nf == 1 && !*csv_trim(az[0]))) {
    buf_printf(pReport, "row 1: the file is empty: the first row must name the columns (see %s)\n", zDoc);
    return -1;
  }
  if (nf > nMax) {
    buf_printf(pReport, "row 1: %d columns; the file should have %d (see %s)\n", nf, nCol, zDoc);
    return -1;
  }
  int *aSeen = xcalloc((size_t)nCol, sizeof *aSeen);
  Buf bad = {0};
  for (int i = 0; i < nf; i++) {
    char *z = csv_trim(az[i]);
    int c = -1;
    for (int k = 0; k < nCol; k++) {
      if (strcasecmp(z, azCol[k]) == 0) c = k;
    }
    if (c < 0) csv_row_err(&bad, "unknown column \"%s\"", z);
    else if (aSeen[c]++) csv_row_err(&bad, "column %s appears twice", azCol[c]);
    aMap[i] = c;
  }
  for (int k = 0; k < nCol; k++) {
    if (!aSeen[k]) csv_row_err(&bad, "missing column %s", azCol[k]);
  }
  if (bad.n) buf_printf(pReport, "row 1: %s (see %s)\n", bad.z, zDoc);
  int ret = bad.n ? -1 : nf;
  buf_free(&bad);
  free(aSeen);
  return ret;
}

char *csv_trim(char *z) {
  while (isspace((unsigned char)*z)) z++;
  size_t n = strlen(z);
  while (n && isspace((unsigned char)z[n - 1])) z[--n] = 0;
  return z;
}

Date csv_row_date(Buf *err, const char *zCol, const char *z, int required, Date today) {
  Date d;
  if (!*z) {
    if (required) csv_row_err(err, "%s is empty: enter a date as YYYY-MM-DD", zCol);
    return DATE_NONE;
  }
  if (date_parse(z, &d) != 0) {
    csv_row_err(err, "%s must be a date as YYYY-MM-DD, not \"%s\"", zCol, z);
    return DATE_NONE;
  }
  if (today != DATE_NONE && d > today) {
    char zT[11];
    csv_row_err(err, "%s (%s) is after today (%s)", zCol, z, date_iso(today, zT));
  }
  return d;
}

int csv_read_header_or_older(CsvReader *rd, const char *z, size_t n, const char *const *azCol, int nCol, int nOld,
                             int *aMap, int nMax, const char *zDoc, Buf *pReport) {
  Buf first = {0};
  int nHeader = csv_read_header(rd, azCol, nCol, aMap, nMax, zDoc, &first);
  if (nHeader < 0) {
    csv_free(rd);
    csv_init(rd, z, n);
    Buf old = {0};
    nHeader = csv_read_header(rd, azCol, nOld, aMap, nMax, zDoc, &old);
    buf_free(&old);
    if (nHeader < 0) {
      buf_append(pReport, first.z ? first.z : "", first.n);
      csv_free(rd);
    }
  }
  buf_free(&first);
  return nHeader;
}
