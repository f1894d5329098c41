/*
** listing.h: a long list on a page (issue 17): sorted by the column the
** reader picks, cut into pages of LIST_PAGE rows, its downloads whole.
** The list is an RTable built once from every row its filters let
** through; the page draws one page of it, with a sort link in each
** column's heading (aria-sort on the one sorted by) and the GOV.UK
** pagination component under it. The links keep the filters, and the
** downloads (download_links keeps the page's query) keep filters and sort.
*/
#ifndef OVERSIGHT_LISTING_H
#define OVERSIGHT_LISTING_H

#include "reports.h"
#include "util.h"

#define LIST_PAGE 50

typedef struct Listing {
  int sortCol;        /* the column sorted by, or -1: the table's own order */
  int desc;           /* 1: descending */
  int page;           /* 1-based, within 1..nPage */
  int nPage;          /* at least 1 */
  int first, last;    /* the rows shown: [first, last) */
} Listing;

/* The sort asked for: zSort names a column by its CSV name (a column only
** pages show, or any other name, is the table's own order), zOrder "desc"
** or anything else for ascending. Either may be NULL. */
void listing_sort_parse(Listing *l, const RTable *t, const char *zSort, const char *zOrder);

/* Sort t's rows by column col, keeping the order of equal rows: dates and
** numbers by value (no date last), text ignoring case and accents, but
** text whose every cell carries a rank in v (a status, by urgency) by that. */
void rtable_sort(RTable *t, int col, int desc);

/* Page zPage (a number; anything else is page 1, past the end the last
** page) of nRow rows, perPage to a page: sets page, nPage, first, last. */
void listing_paginate(Listing *l, int nRow, int perPage, const char *zPage);

/* The page numbers the pagination shows for page of nPage: the first, the
** last, the page and those either side of it, 0 for each gap (an
** ellipsis). Writes at most 7 to aOut and returns how many. */
int listing_page_items(int page, int nPage, int aOut[7]);

/* 1 when every word of zFolded (child_fold() of what was typed) is in one
** of the n fields, compared folded the same way: "smith" finds "Smíth"
** and "Ann SMITH", "smi acad" finds Smith at Oak Academy. An empty query
** matches everything. */
int listing_matches(const char *zFolded, const char *const *azField, int n);

/* One page of t (rows l->first to l->last) as HTML, each sortable
** column's heading a link to zBase sorted by it (ascending first, then the
** other way), zQuery (the filters, URL-encoded, "" for none) kept; the
** heading of the column sorted by has aria-sort. zBase may end in a
** #fragment (the list's heading, further down its page): the links keep
** it, after the query. */
void listing_table_html(const RTable *t, const Listing *l, const char *zBase, const char *zQuery, Buf *out);

/* The GOV.UK pagination under it (nothing when there is one page), each
** link to zBase with zQuery, the sort and the page; zLabel names it for
** screen readers ("Pages of alerts"). */
void listing_pagination_html(const Listing *l, const RTable *t, const char *zBase, const char *zQuery,
                             const char *zLabel, Buf *out);

#endif
