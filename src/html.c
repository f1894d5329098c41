/*
** html.c: the escaping printf that all HTML is written with.
*/
#include "html.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void html_escape(Buf *b, const char *z) {
  if (!z) return;
  const char *run = z;
  for (; *z; z++) {
    const char *e = NULL;
    switch (*z) {
      case '&': e = "&amp;"; break;
      case '<': e = "&lt;"; break;
      case '>': e = "&gt;"; break;
      case '"': e = "&quot;"; break;
      case '\'': e = "&#39;"; break;
      default: continue;
    }
    buf_append(b, run, (size_t)(z - run));
    buf_puts(b, e);
    run = z + 1;
  }
  buf_append(b, run, (size_t)(z - run));
}

void url_escape(Buf *b, const char *z) {
  static const char hex[] = "0123456789ABCDEF";
  for (; z && *z; z++) {
    unsigned char c = (unsigned char)*z;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
        c == '-' || c == '_' || c == '.' || c == '~') {
      buf_putc(b, (char)c);
    } else {
      buf_putc(b, '%');
      buf_putc(b, hex[c >> 4]);
      buf_putc(b, hex[c & 15]);
    }
  }
}

void html_raw(Buf *b, const char *zTrusted) { buf_puts(b, zTrusted); }

void html_vprintf(Buf *b, const char *zFmt, va_list ap) {
  const char *run = zFmt;
  for (const char *p = zFmt; *p; p++) {
    if (*p != '%') continue;
    buf_append(b, run, (size_t)(p - run));
    p++;
    char z[32];
    switch (*p) {
      case 'h': html_escape(b, va_arg(ap, const char *)); break;
      case 'u': url_escape(b, va_arg(ap, const char *)); break;
      case 'd': buf_printf(b, "%d", va_arg(ap, int)); break;
      case 'D': buf_puts(b, date_long((Date)va_arg(ap, int), z)); break;
      case 'I': buf_puts(b, date_iso((Date)va_arg(ap, int), z)); break;
      case '%': buf_putc(b, '%'); break;
      case 'l':
        if (p[1] == 'd') {
          p++;
          buf_printf(b, "%ld", va_arg(ap, long));
        } else if (p[1] == 'l' && p[2] == 'd') {
          p += 2;
          buf_printf(b, "%lld", va_arg(ap, long long));
        } else {
          fatal("html_printf: unknown conversion in \"%s\"", zFmt);
        }
        break;
      default: fatal("html_printf: unknown conversion %%%c in \"%s\"", *p ? *p : '0', zFmt);
    }
    run = p + 1;
  }
  buf_puts(b, run);
}

void html_printf(Buf *b, const char *zFmt, ...) {
  va_list ap;
  va_start(ap, zFmt);
  html_vprintf(b, zFmt, ap);
  va_end(ap);
}
