/*
** ssda903_xml.c: the XML form of the SSDA903 return (one file holding every
** table), read into the same tables as the CSV files.
**
** The peer validator turns the XML into tables in a particular way, and the
** rules' results depend on it, so this reader gives exactly the rows the
** peer gets (docs/ssda903-xml.md describes the form):
**   - each element under the root is one child and gives one Header row;
**   - the child's values are its leaf elements (those with no element
**     inside them), anywhere below it, by tag; CHILDID is CHILD and PL is
**     PLACE; where a tag occurs more than once, the last one counts;
**   - each EPISODE under the child, and each AREVIEW, AMISSING, OC2,
**     PERMANENCE and AD_PLACED under its HEADER, gives one row of its table
**     from its own leaves, any column it lacks taken from the child's
**     values (so an episode without URN gets the child's last URN);
**   - a child with a UASC, IN_TOUCH or DATE_INT value (even blank space)
**     gives one UASC, OC3 or AD1 row; its UASC value is Header's UASC.
** An empty element (<MOTHER />) is a blank cell.
**
** The file comes from a case system and may be hostile, so nothing outside
** it is read: no DTD at all (a DOCTYPE is refused, which also rules out
** entity expansion bombs), no network, libxml2's default size and depth
** limits. It is read as a stream, one child at a time, so a return of
** 100,000 children never needs its whole tree in memory.
*/
#include "ssda903.h"

#include <libxml/xmlreader.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The columns of the tables the XML carries, each name once: a child's
** values are held by these keys. */
#define MAX_KEY 96
typedef struct Keys {
  const char *az[MAX_KEY];   /* sorted, for bsearch */
  int n;
  int aCol[T_COUNT][16];     /* table column -> key */
} Keys;

/* One element's values: for each key, an offset into the text buffer, or
** -1 if the tag is there but holds no text, or -2 if the tag is not there. */
enum { V_NONE = -1, V_ABSENT = -2 };
typedef struct Vals { int a[MAX_KEY]; } Vals;

/* A leaf's tag -> key, remembered by the name's address: libxml2 keeps one
** copy of each name per file, so a return's few dozen tags hit every time
** and a million leaves need no search. The name is kept to check a hit. */
typedef struct TagSlot { const xmlChar *p; char z[24]; int key; } TagSlot;
#define TAG_SLOT_BITS 9
#define N_TAG_SLOT (1 << TAG_SLOT_BITS)

typedef struct XmlCtx {
  Return903 *r;
  TagSlot aSlot[N_TAG_SLOT];
  const char *zName;
  Keys k;
  Buf text;          /* the current child's leaf texts, NUL-separated */
  Buf err;           /* the parser's first error */
  int errLine;
  int lineShift;     /* lines skipped before the XML declaration */
} XmlCtx;

static int cmp_key(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int key_of(const Keys *k, const char *zTag) {
  if (strcmp(zTag, "CHILDID") == 0) zTag = "CHILD";
  else if (strcmp(zTag, "PL") == 0) zTag = "PLACE";
  const char **p = bsearch(&zTag, k->az, (size_t)k->n, sizeof(char *), cmp_key);
  return p ? (int)(p - k->az) : -1;
}

static void keys_init(Keys *k) {
  k->n = 0;
  for (int t = 0; t < T_COUNT; t++) {
    int nCol = t == T_HEADER ? a903nCol[t] + 1 : a903nCol[t];
    for (int c = 0; c < nCol; c++) {
      int seen = 0;
      for (int i = 0; i < k->n && !seen; i++) seen = strcmp(k->az[i], aa903Col[t][c]) == 0;
      if (!seen && k->n < MAX_KEY) k->az[k->n++] = aa903Col[t][c];
    }
  }
  qsort(k->az, (size_t)k->n, sizeof(char *), cmp_key);
  for (int t = 0; t < T_COUNT; t++) {
    int nCol = t == T_HEADER ? a903nCol[t] + 1 : a903nCol[t];
    for (int c = 0; c < nCol; c++) k->aCol[t][c] = key_of(k, aa903Col[t][c]);
  }
}

static int leaf_key(XmlCtx *x, const xmlChar *zName) {
  /* Fibonacci hashing spreads the names, which sit close together. */
  TagSlot *t = &x->aSlot[(uint64_t)(uintptr_t)zName * 0x9E3779B97F4A7C15u >> (64 - TAG_SLOT_BITS)];
  if (t->p == zName && strcmp(t->z, (const char *)zName) == 0) return t->key;
  int key = key_of(&x->k, (const char *)zName);
  if (strlen((const char *)zName) < sizeof(t->z)) {
    t->p = zName;
    strcpy(t->z, (const char *)zName);
    t->key = key;
  }
  return key;
}

static int is_tag(const xmlNode *p, const char *zTag) {
  return p->type == XML_ELEMENT_NODE && strcmp((const char *)p->name, zTag) == 0;
}

static int has_element_child(const xmlNode *p) {
  for (const xmlNode *c = p->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE) return 1;
  return 0;
}

/* Record the leaf elements at and below p into v, in document order (so the
** last of a tag wins). Depth is bounded by libxml2's nesting limit. */
static void collect(XmlCtx *x, const xmlNode *p, Vals *v) {
  if (p->type != XML_ELEMENT_NODE) return;
  if (has_element_child(p)) {
    for (const xmlNode *c = p->children; c; c = c->next) collect(x, c, v);
    return;
  }
  int key = leaf_key(x, p->name);
  if (key < 0) return;
  size_t start = x->text.n;
  for (const xmlNode *c = p->children; c; c = c->next)
    if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
      buf_puts(&x->text, (const char *)c->content);
  if (x->text.n == start) {
    v->a[key] = V_NONE;
    return;
  }
  buf_putc(&x->text, 0);
  v->a[key] = (int)start;
}

static void vals_clear(Vals *v) {
  for (int i = 0; i < MAX_KEY; i++) v->a[i] = V_ABSENT;
}

/* Add a row of table t from v, falling back to the child's values in base
** (NULL for the child's own rows). */
static void add_row(XmlCtx *x, int t, const Vals *v, const Vals *base, int line) {
  const char *azCell[16];
  int nCol = x->r->a[t].nCol;
  for (int c = 0; c < nCol; c++) {
    int key = x->k.aCol[t][c];
    int off = key < 0 ? V_ABSENT : v->a[key];
    if (off == V_ABSENT && base) off = base->a[key];
    azCell[c] = off >= 0 ? x->text.z + off : "";
  }
  r903_add_row(x->r, t, azCell, line);
}

static int line_of(const XmlCtx *x, const xmlNode *p) { return (int)xmlGetLineNo(p) + x->lineShift; }

static void add_child(XmlCtx *x, const xmlNode *pChild) {
  Vals base, v;
  buf_reset(&x->text);
  vals_clear(&base);
  collect(x, pChild, &base);
  int line = line_of(x, pChild);
  add_row(x, T_HEADER, &base, NULL, line);
  static const struct { int t; const char *zKey; } aMarker[] = {
    {T_UASC, "UASC"}, {T_OC3, "IN_TOUCH"}, {T_AD1, "DATE_INT"},
  };
  for (size_t i = 0; i < sizeof(aMarker) / sizeof(aMarker[0]); i++)
    if (base.a[key_of(&x->k, aMarker[i].zKey)] >= 0) add_row(x, aMarker[i].t, &base, NULL, line);
  static const struct { int t; const char *zTag; } aNested[] = {
    {T_REVIEWS, "AREVIEW"}, {T_MISSING, "AMISSING"}, {T_OC2, "OC2"},
    {T_PREVPERM, "PERMANENCE"}, {T_PLACED, "AD_PLACED"},
  };
  for (const xmlNode *p = pChild->children; p; p = p->next) {
    if (is_tag(p, "EPISODE")) {
      vals_clear(&v);
      collect(x, p, &v);
      add_row(x, T_EPISODES, &v, &base, line_of(x, p));
    } else if (is_tag(p, "HEADER")) {
      for (const xmlNode *q = p->children; q; q = q->next)
        for (size_t i = 0; i < sizeof(aNested) / sizeof(aNested[0]); i++)
          if (is_tag(q, aNested[i].zTag)) {
            vals_clear(&v);
            collect(x, q, &v);
            add_row(x, aNested[i].t, &v, &base, line_of(x, q));
          }
    }
  }
}

static void on_error(void *pArg, xmlErrorPtr e) {
  XmlCtx *x = pArg;
  if (x->err.n || !e || e->level < XML_ERR_ERROR) return;
  const char *zMsg = e->message ? e->message : "not well-formed XML";
  size_t n = strlen(zMsg);
  while (n > 0 && (zMsg[n - 1] == '\n' || zMsg[n - 1] == ' ')) n--;
  buf_append(&x->err, zMsg, n);
  x->errLine = e->line > 0 ? e->line + x->lineShift : 0;
}

/* The line of a DOCTYPE in the prolog (after the declaration, comments and
** processing instructions), or 0. Checked before libxml2 sees the file, so
** that not even an internal subset is parsed. */
static int doctype_line(const char *z, size_t n) {
  size_t i = 0;
  int line = 1;
  for (;;) {
    while (i < n && (z[i] == ' ' || z[i] == '\t' || z[i] == '\r' || z[i] == '\n')) {
      if (z[i] == '\n') line++;
      i++;
    }
    if (n - i >= 9 && memcmp(z + i, "<!DOCTYPE", 9) == 0) return line;
    const char *zClose;
    if (n - i >= 2 && memcmp(z + i, "<?", 2) == 0) zClose = "?>";
    else if (n - i >= 4 && memcmp(z + i, "<!--", 4) == 0) zClose = "-->";
    else return 0;
    size_t m = strlen(zClose), j = i + 2;
    while (j + m <= n && memcmp(z + j, zClose, m) != 0) j++;
    if (j + m > n) return 0;
    const char *pEnd = z + j;
    for (const char *q = z + i; q < pEnd; q++)
      if (*q == '\n') line++;
    i = (size_t)(pEnd - z) + strlen(zClose);
  }
}

/* The tables the XML form carries (not SWEpisodes or DoLo). */
static const int aXmlTable[] = {T_HEADER, T_EPISODES, T_REVIEWS, T_UASC, T_OC2, T_OC3,
                                T_AD1, T_PLACED, T_PREVPERM, T_MISSING};
#define N_XML_TABLE ((int)(sizeof(aXmlTable) / sizeof(aXmlTable[0])))

/* Where libxml2 reads the document from: the text already in memory, then
** (for a file) the rest of the file, so a large return is never held whole. */
typedef struct Source {
  const char *z;
  size_t n, i;
  FILE *f;
} Source;

static int source_read(void *pCtx, char *zBuf, int len) {
  Source *s = pCtx;
  if (len <= 0) return 0;
  if (s->i < s->n) {
    size_t k = s->n - s->i < (size_t)len ? s->n - s->i : (size_t)len;
    memcpy(zBuf, s->z + s->i, k);
    s->i += k;
    return (int)k;
  }
  if (!s->f) return 0;
  size_t k = fread(zBuf, 1, (size_t)len, s->f);
  return k == 0 && ferror(s->f) ? -1 : (int)k;
}

static int source_close(void *pCtx) {
  (void)pCtx;
  return 0;
}

/* Read the XML whose first n bytes are z and whose rest, if f is not NULL,
** is still to be read from f. */
static int add_xml(Return903 *r, const char *zName, const char *z, size_t n, FILE *f, Buf *pErr) {
  XmlCtx x;
  memset(&x, 0, sizeof(x));
  x.r = r;
  x.zName = zName;
  keys_init(&x.k);
  /* A byte-order mark or blank lines before the declaration would make
  ** libxml2 refuse the file; a council's export tool may well add them. */
  if (n >= 3 && memcmp(z, "\xEF\xBB\xBF", 3) == 0) z += 3, n -= 3;
  while (n > 0 && (*z == ' ' || *z == '\t' || *z == '\r' || *z == '\n')) {
    if (*z == '\n') x.lineShift++;
    z++, n--;
  }
  for (int i = 0; i < N_XML_TABLE; i++)
    if (r->a[aXmlTable[i]].present) {
      buf_printf(pErr, "%s: the XML holds the whole return, but a %s file was given too (%s); give either the XML or the CSV files\n",
                 zName, az903Table[aXmlTable[i]], r->a[aXmlTable[i]].zFile);
      return -1;
    }
  int docLine = doctype_line(z, n);
  if (docLine) {
    buf_printf(pErr, "%s line %d: the file has a DOCTYPE, which a return never needs; it is refused so that "
               "nothing outside the file is read\n", zName, docLine + x.lineShift);
    return -1;
  }
  xmlInitParser();
  Source src = {z, n, 0, f};
  xmlTextReaderPtr rd =
    xmlReaderForIO(source_read, source_close, &src, NULL, NULL, XML_PARSE_NONET | XML_PARSE_BIG_LINES);
  if (!rd) {
    buf_printf(pErr, "%s: cannot start reading the XML\n", zName);
    return -1;
  }
  xmlTextReaderSetStructuredErrorHandler(rd, on_error, &x);
  int nChild = 0, bad = 0;
  int rc = xmlTextReaderRead(rd);
  while (rc == 1) {
    int type = xmlTextReaderNodeType(rd);
    if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
      buf_printf(pErr, "%s line %d: the file has a DOCTYPE, which a return never needs; it is refused so that "
                 "nothing outside the file is read\n", zName, xmlTextReaderGetParserLineNumber(rd) + x.lineShift);
      bad = 1;
      break;
    }
    if (type != XML_READER_TYPE_ELEMENT || xmlTextReaderDepth(rd) != 1) {
      rc = xmlTextReaderRead(rd);
      continue;
    }
    xmlNodePtr p = xmlTextReaderExpand(rd);
    if (!p) {
      rc = -1;
      break;
    }
    if (!is_tag(p, "CHILD")) {
      buf_printf(pErr, "%s line %d: <%s> where a <CHILD> was expected: each element inside <%s> is one child\n",
                 zName, line_of(&x, p), (const char *)p->name, p->parent ? (const char *)p->parent->name : "the root");
      bad = 1;
      break;
    }
    add_child(&x, p);
    nChild++;
    /* On past the child's subtree, which the reader then frees. */
    rc = xmlTextReaderNext(rd);
  }
  if (!bad && rc < 0) {
    int line = x.errLine ? x.errLine : xmlTextReaderGetParserLineNumber(rd) + x.lineShift;
    if (x.err.n) buf_printf(pErr, "%s line %d: the XML is not well formed: %s\n", zName, line, x.err.z);
    else buf_printf(pErr, "%s line %d: the XML is not well formed\n", zName, line);
    bad = 1;
  }
  if (!bad && nChild == 0) {
    buf_printf(pErr, "%s: the XML holds no <CHILD> elements, so there is nothing to check\n", zName);
    bad = 1;
  }
  xmlFreeTextReader(rd);
  buf_free(&x.text);
  buf_free(&x.err);
  if (bad) return -1;
  for (int i = 0; i < N_XML_TABLE; i++) {
    T903 *tb = &r->a[aXmlTable[i]];
    tb->present = 1;
    tb->zFile = xstrdup(zName);
  }
  r903_xml_sets_uasc(r);
  return 0;
}

int r903_add_xml(Return903 *r, const char *zName, const char *z, size_t n, Buf *pErr) {
  return add_xml(r, zName, z, n, NULL, pErr);
}

int r903_add_xml_file(Return903 *r, const char *zName, const char *zHead, size_t nHead, FILE *f, Buf *pErr) {
  return add_xml(r, zName, zHead, nHead, f, pErr);
}
