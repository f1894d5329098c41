#define _GNU_SOURCE   /* memmem */
/*
** test_retention.c: retention and destruction (retention.c) and subject
** access copies (sar.c), docs/data-protection.md.
**
** Each kind's record is checked the day before its destruction date (kept)
** and on it (past retention), the dates worked out by hand:
**   a child born 14 June 1951 is 75 on 14 June 2026;
**   a child born 29 February 1952 is 75 on 1 March 2027 (no 29th then);
**   a private fostering child born 2 January 1951, 75 on 2 January 2026;
**   a home whose latest entry is a Regulation 44 report sent 31 March
**   2011: 15 years on, 31 March 2026;
**   a LADO case closed unfounded on 31 January 2025: reviewed 12 months
**   on, 31 January 2026 (lado_retention_review).
** Destruction deletes the record and what hangs off it, in one
** transaction, and leaves a destruction record; the audit chain still
** verifies after it.
*/
#include "testutil.h"
#include "audit.h"
#include "retention.h"
#include "rules.h"
#include "sar.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static Db *db;
#define ACTOR "test:retention"
#define ALL (~0u)

static int setup(void **state) {
  (void)state;
  db = test_db_open();
  return 0;
}

static int teardown(void **state) {
  (void)state;
  test_db_close(db);
  return 0;
}

static void exec(const char *zSql) {
  if (db_exec_script(db, zSql) != DB_OK) {
    print_error("%s: %s\n", zSql, db_errmsg(db));
    fail();
  }
}

/* How many records of kind k are past retention on zOn. */
static int n_due(RetKind k, const char *zOn) {
  RetList l;
  assert_int_equal(retention_due(db, D(zOn), 1u << k, &l), 0);
  int n = l.n;
  retention_list_free(&l);
  return n;
}

static int64_t count(const char *zSql) { return db_int(db, -1, zSql, ""); }

/* Two children: Oona (75 on 14 June 2026) with a review, a contact, a
** placement, a recommendation with a note, an escalation of her own and
** one shared with Ben, and a sibling group with Ben. */
static void children(void) {
  exec("INSERT INTO iro(id, name) VALUES(1, 'Gemma Sharma');"
       "INSERT INTO sibling_group(id, name) VALUES(1, 'Oona and Ben');"
       "INSERT INTO child(id, child_ref, given_name, family_name, dob, sex, sibling_group_id) VALUES"
       " (1, 'OLD1', 'Oona', 'O''Neill', '1951-06-14', 'F', 1),"
       " (2, 'BEN2', 'Ben', 'Brother', '1953-01-01', 'M', 1),"
       " (3, 'LEAP3', 'Lea', 'Leap', '1952-02-29', 'F', NULL);"
       "INSERT INTO episode(child_id, start_date, rne, legal_status, cin, placement, end_date, end_reason)"
       " VALUES(1, '1960-01-01', 'S', 'C2', 'N1', 'U1', '1969-06-14', 'E13');"
       "INSERT INTO review(id, child_id, held_on, iro_id) VALUES(1, 1, '1960-02-01', 1);"
       "INSERT INTO contact(child_id, iro_id, contact_on, kind, with_whom, note)"
       " VALUES(1, 1, '1960-03-01', 'visit', 'carer', 'Spoke with Mrs Carer');"
       "INSERT INTO allocation(child_id, iro_id, start_date, reason) VALUES(1, 1, '1960-01-02', 'first');"
       "INSERT INTO care_notification(child_id, notified_on) VALUES(1, '1959-12-30');"
       "INSERT INTO recommendation(id, review_id, child_id, text, owner_role, due_on)"
       " VALUES(1, 1, 1, 'See her sister', 'social-worker', '1960-03-01');"
       "INSERT INTO recommendation_note(recommendation_id, noted_on, author, note) VALUES(1, '1960-02-15', 'IRO', 'Chased');"
       "INSERT INTO escalation(id, raised_on, raised_by, category, topic, concern, outcome_wanted) VALUES"
       " (1, '1960-04-01', 'Gemma Sharma', 'care-planning', 'education', 'No school', 'A school'),"
       " (2, '1960-05-01', 'Gemma Sharma', 'care-planning', 'family-time', 'No contact', 'Contact');"
       "INSERT INTO escalation_child(escalation_id, child_id, position) VALUES(1, 1, 1), (2, 1, 1), (2, 2, 2);"
       "INSERT INTO escalation_stage(escalation_id, stage, started_on, responder, response_due)"
       " VALUES(1, 1, '1960-04-01', 'Team manager', '1960-04-08');");
}

static void test_child_day_before_and_on(void **state) {
  (void)state;
  children();
  assert_int_equal(n_due(RET_CHILD, "2026-06-13"), 0);
  RetList l;
  assert_int_equal(retention_due(db, D("2026-06-14"), 1u << RET_CHILD, &l), 0);
  assert_int_equal(l.n, 1);
  assert_string_equal(l.a[0].zNumber, "OLD1");
  assert_string_equal(l.a[0].zRule, "retention_child_care");
  assert_date_equal(l.a[0].due, D("2026-06-14"));
  assert_string_equal(l.a[0].zWhat, "Oona O'Neill, born 14 June 1951");
  retention_list_free(&l);
  /* Born on 29 February: 75 on 1 March in a year with no 29th. */
  assert_int_equal(n_due(RET_CHILD, "2027-02-28"), 1);
  assert_int_equal(n_due(RET_CHILD, "2027-03-01"), 2);
  /* The rule is data: 80 years moves the date five years on. */
  char *zErr = NULL;
  assert_int_equal(rules_set(db, "retention_child_care", 80, "years", ACTOR, &zErr), 0);
  assert_int_equal(n_due(RET_CHILD, "2031-06-13"), 0);
  assert_int_equal(n_due(RET_CHILD, "2031-06-14"), 1);
}

static void test_destroy_child(void **state) {
  (void)state;
  children();
  char *zErr = NULL;
  /* The day before: refused, and nothing changed. */
  assert_int_equal(retention_destroy(db, RET_CHILD, 1, D("2026-06-13"), ACTOR, NULL, &zErr), -1);
  assert_string_equal(zErr, "Child's care record OLD1 is kept until 14 June 2026: it cannot be destroyed before then");
  free(zErr);
  assert_int_equal(count("SELECT count(*) FROM child WHERE id = 1"), 1);
  assert_int_equal(count("SELECT count(*) FROM retention_destruction"), 0);
  /* On the day: every row of hers goes. */
  assert_int_equal(retention_destroy(db, RET_CHILD, 1, D("2026-06-14"), ACTOR, NULL, &zErr), 0);
  assert_null(zErr);
  static const char *const azTable[] = {"episode", "review", "contact", "allocation", "care_notification",
                                        "recommendation", "escalation_child"};
  for (int i = 0; i < COUNT(azTable); i++) {
    char *zSql = xmprintf("SELECT count(*) FROM %s WHERE child_id = 1", azTable[i]);
    assert_int_equal(db_int(db, -1, zSql, ""), 0);
    free(zSql);
  }
  assert_int_equal(count("SELECT count(*) FROM child WHERE id = 1"), 0);
  assert_int_equal(count("SELECT count(*) FROM recommendation_note"), 0);
  /* Her own escalation went with its stage; the one shared with Ben stays his. */
  assert_int_equal(count("SELECT count(*) FROM escalation WHERE id = 1"), 0);
  assert_int_equal(count("SELECT count(*) FROM escalation_stage"), 0);
  assert_int_equal(count("SELECT count(*) FROM escalation_child WHERE escalation_id = 2 AND child_id = 2"), 1);
  /* Ben is still in the sibling group, so it stays. */
  assert_int_equal(count("SELECT count(*) FROM sibling_group"), 1);
  /* The destruction record in its place, and the audit entry. */
  Stmt *s = db_query(db, "SELECT record_type, record_number, destroyed_by, rule_name, due_on, length(destroyed_at)"
                         " FROM retention_destruction", "");
  assert_int_equal(db_step(s), DB_ROW);
  assert_string_equal(db_col_text(s, 0), "child");
  assert_string_equal(db_col_text(s, 1), "OLD1");
  assert_string_equal(db_col_text(s, 2), ACTOR);
  assert_string_equal(db_col_text(s, 3), "retention_child_care");
  assert_string_equal(db_col_text(s, 4), "2026-06-14");
  assert_int_equal(db_col_int(s, 5), 20);
  db_finalize(s);
  assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action = 'retention.destroy' AND record = 'child:OLD1'"
                         " AND after_value = 'destroyed: past retention rule retention_child_care (due 2026-06-14)'"), 1);
  /* The audit log is untouched: its chain still verifies. */
  int64_t nChecked, badId;
  char *zWhy = NULL;
  assert_int_equal(audit_verify(db, &nChecked, &badId, &zWhy), 0);
  free(zWhy);
  /* Gone is gone: a second destruction finds nothing. */
  assert_int_equal(retention_destroy(db, RET_CHILD, 1, D("2026-06-14"), ACTOR, NULL, &zErr), -1);
  assert_non_null(strstr(zErr, "there is no"));
  free(zErr);
}

static void test_private_fostering(void **state) {
  (void)state;
  exec("INSERT INTO pf_arrangement(id, child_name, child_dob, child_disabled, carer_name, carer_relationship,"
       " notified_on, started_on, expected_days, source, overseas_student, managed_by, team, eligible, eligibility_note)"
       " VALUES(1, 'Pat Private', '1951-01-02', 0, 'Carol Carer', 'family friend', '1960-01-01', '1960-01-01', 90,"
       " 'school', 0, 'locality', 'North', 1, 'Eligible');"
       "INSERT INTO pf_visit(arrangement_id, visited_on, seen_alone) VALUES(1, '1960-02-01', 1);");
  assert_int_equal(n_due(RET_PF, "2026-01-01"), 0);
  assert_int_equal(n_due(RET_PF, "2026-01-02"), 1);
  char *zErr = NULL;
  assert_int_equal(retention_destroy(db, RET_PF, 1, D("2026-01-01"), ACTOR, NULL, &zErr), -1);
  free(zErr);
  assert_int_equal(retention_destroy(db, RET_PF, 1, D("2026-01-02"), ACTOR, NULL, &zErr), 0);
  assert_int_equal(count("SELECT count(*) FROM pf_arrangement") + count("SELECT count(*) FROM pf_visit"), 0);
  assert_int_equal(count("SELECT count(*) FROM retention_destruction WHERE record_type = 'private-fostering'"
                         " AND record_number = '1' AND rule_name = 'retention_private_fostering'"), 1);
}

/* A child's and a home's names longer than 300 characters are listed and
** read back whole for the administrator. */
static void test_long_names_whole(void **state) {
  (void)state;
  Buf given = {0}, home = {0};
  buf_puts(&given, "Oona");
  while (given.n < 300) buf_puts(&given, " Philippa Wilhelmina");
  buf_puts(&given, " GIVENEND");
  buf_puts(&home, "The Old Vicarage");
  while (home.n < 300) buf_puts(&home, ", Church Lane, Upper Wolverton Green");
  buf_puts(&home, " HOMEEND");
  assert_int_equal(db_exec(db, "INSERT INTO child(id, child_ref, given_name, family_name, dob, sex)"
                               " VALUES(1, 'OLD1', ?, 'O''Neill', '1951-06-14', 'F')", "s", given.z), DB_OK);
  assert_int_equal(db_exec(db, "INSERT INTO home(id, name, urn, responsible_individual, places, age_from, age_to,"
                               " registered_on) VALUES(1, ?, 'SC000001', 'Rita RI', 4, 8, 17, '2001-05-01')",
                           "s", home.z), DB_OK);
  RetList l;
  assert_int_equal(retention_due(db, D("2030-01-01"), (1u << RET_CHILD) | (1u << RET_HOME), &l), 0);
  assert_int_equal(l.n, 2);
  char *zWant = xmprintf("%s O'Neill, born 14 June 1951", given.z);
  assert_string_equal(l.a[0].zWhat, zWant);
  assert_string_equal(l.a[1].zWhat, home.z);
  retention_list_free(&l);
  RetRecord r;
  assert_int_equal(retention_get(db, RET_CHILD, 1, &r), 1);
  assert_string_equal(r.zWhat, zWant);
  retention_record_clear(&r);
  assert_int_equal(retention_get(db, RET_HOME, 1, &r), 1);
  assert_string_equal(r.zWhat, home.z);
  retention_record_clear(&r);
  free(zWant);
  buf_free(&given);
  buf_free(&home);
}

static void test_home_from_its_latest_entry(void **state) {
  (void)state;
  exec("INSERT INTO home(id, name, urn, responsible_individual, places, age_from, age_to, registered_on)"
       " VALUES(1, 'Oak House', 'SC000001', 'Rita RI', 4, 8, 17, '2001-05-01');"
       "INSERT INTO inspection(id, home_id, kind, start_on, end_on, overall)"
       " VALUES(1, 1, 'full', '2009-01-05', '2009-01-07', 'good');"
       "INSERT INTO inspection_requirement(id, inspection_id, regulation, text, due_on) VALUES(1, 1, 'Regulation 25', 'Fix the fire door', '2009-02-01');"
       "INSERT INTO reg44_visit(home_id, visited_on, visitor, report_on, sent_on)"
       " VALUES(1, '2011-03-01', 'Vic Visitor', '2011-03-10', '2011-03-31');");
  /* The report sent on 31 March 2011 is the latest entry. */
  assert_int_equal(n_due(RET_HOME, "2026-03-30"), 0);
  assert_int_equal(n_due(RET_HOME, "2026-03-31"), 1);
  /* A later entry (an audit) moves it on. */
  exec("INSERT INTO home_audit(home_id, kind, done_on, by_whom) VALUES(1, 'fire-safety', '2012-01-10', 'Fay');");
  assert_int_equal(n_due(RET_HOME, "2027-01-09"), 0);
  assert_int_equal(n_due(RET_HOME, "2027-01-10"), 1);
  /* The weekly returns, months' figures and complaints are its records
  ** too (issue 20): a complaint's outcome on 1 March 2012 is now the latest. */
  exec("INSERT INTO home_weekly_return(home_id, week_of, safeguarding, lado_referrals, complaints, note, returned_on)"
       " VALUES(1, '2012-01-09', 1, 0, 1, 'Bullying theme', '2012-01-16');"
       "INSERT INTO home_month(home_id, month, places_used, posts, filled, leavers) VALUES(1, '2012-02', 3, 10, 9, 1);"
       "INSERT INTO home_feedback(home_id, kind, received_on, from_kind, about, summary, outcome, outcome_on)"
       " VALUES(1, 'complaint', '2012-01-20', 'family', 'food', 'Meals', 'upheld', '2012-03-01');");
  assert_int_equal(n_due(RET_HOME, "2027-02-28"), 0);
  assert_int_equal(n_due(RET_HOME, "2027-03-01"), 1);
  /* The QA framework's evidence (issue 20): a dip sample whose action went
  ** into the QPAG tracker, and a young people's survey with a response
  ** closing on 20 February 2013, now the latest entry. */
  exec("INSERT INTO qpag_action(id, meeting_on, home_id, action, owner, due_on)"
       " VALUES(1, '2012-02-01', 1, 'Refresh missing-from-home training', 'Manny Manager', '2012-03-01');"
       "INSERT INTO home_audit(id, home_id, kind, done_on, by_whom, focus)"
       " VALUES(9, 1, 'dip-sample', '2012-01-20', 'Sam Sampler', 'Missing from home episodes');"
       "INSERT INTO home_audit_action(audit_id, action, owner, due_on, qpag_action_id)"
       " VALUES(9, 'Refresh missing-from-home training', 'Manny Manager', '2012-03-01', 1);"
       "INSERT INTO survey_round(id, home_id, kind, held_on, asked, number_asked)"
       " VALUES(1, 1, 'young-people', '2013-02-20', 'The three young people living in the home', 3);"
       "INSERT INTO survey_response(id, round_id, comment) VALUES(1, 1, 'Staff are kind to me');"
       "INSERT INTO survey_answer(response_id, question_id, score)"
       " SELECT 1, id, 4 FROM survey_question WHERE kind = 'young-people';");
  assert_int_equal(n_due(RET_HOME, "2028-02-19"), 0);
  assert_int_equal(n_due(RET_HOME, "2028-02-20"), 1);
  char *zErr = NULL;
  assert_int_equal(retention_destroy(db, RET_HOME, 1, D("2028-02-20"), ACTOR, NULL, &zErr), 0);
  assert_int_equal(count("SELECT (SELECT count(*) FROM home) + (SELECT count(*) FROM inspection) +"
                         " (SELECT count(*) FROM inspection_requirement) + (SELECT count(*) FROM reg44_visit) +"
                         " (SELECT count(*) FROM home_audit) + (SELECT count(*) FROM home_audit_action) +"
                         " (SELECT count(*) FROM qpag_action) + (SELECT count(*) FROM survey_round) +"
                         " (SELECT count(*) FROM survey_response) + (SELECT count(*) FROM survey_answer) +"
                         " (SELECT count(*) FROM home_weekly_return) + (SELECT count(*) FROM home_month) +"
                         " (SELECT count(*) FROM home_feedback)"), 0);
  /* The questions are the council's, not the home's: they stay. */
  assert_int_equal(count("SELECT count(*) FROM survey_question"), 12);
}

static void lado_case(void) {
  exec("INSERT INTO lado_case(id, received_on, received_time, recorded_at, recorded_by, referrer, referrer_agency,"
       " adult_name, adult_role, employer, sector, children, allegation, decision, decided_on, decision_due,"
       " outcome, outcome_on, closed_on, closed_by) VALUES"
       " (1, '2025-01-06', '09:00', '2025-01-06T09:05:00Z', 'lado', 'Jo Head', 'St Mary''s School', 'Alex Adult',"
       "  'Teacher', 'St Mary''s School', 'education', 'Pupil A (9)', 'Shouted at a pupil', 'referral', '2025-01-06',"
       "  '2025-01-07', 'unfounded', '2025-01-30', '2025-01-31', 'lado'),"
       " (2, '2025-01-06', '10:00', '2025-01-06T10:05:00Z', 'lado', 'Jo Head', 'St Mary''s School', 'Other Adult',"
       "  'Teacher', 'St Mary''s School', 'education', 'Pupil B (9)', 'Other matter', 'concern', '2025-01-06',"
       "  '2025-01-07', NULL, NULL, NULL, NULL);"
       "INSERT INTO lado_advice(case_id, advice, given_on, recorded_at, recorded_by)"
       " VALUES(1, 'Advice given', '2025-01-06', '2025-01-06T09:06:00Z', 'lado'),"
       " (2, 'Other advice', '2025-01-06', '2025-01-06T10:06:00Z', 'lado');"
       "INSERT INTO lado_meeting(case_id, kind, held_on, due_on, concluded) VALUES(1, 'initial', '2025-01-10', '2025-01-13', 1);"
       /* issue 20: a strategy meeting on each case, destroyed with its case */
       "INSERT INTO lado_strategy_meeting(case_id, held_on, notes, recorded_at, recorded_by)"
       " VALUES(1, '2025-01-08', 'Strategy about Alex', '2025-01-08T12:00:00Z', 'lado'),"
       " (2, '2025-01-09', 'Strategy about Other', '2025-01-09T12:00:00Z', 'lado');");
}

static void test_lado_by_outcome(void **state) {
  (void)state;
  lado_case();
  assert_int_equal(n_due(RET_LADO, "2026-01-30"), 0);
  RetList l;
  assert_int_equal(retention_due(db, D("2026-01-31"), 1u << RET_LADO, &l), 0);
  assert_int_equal(l.n, 1);
  assert_string_equal(l.a[0].zRule, "lado_retention_review");
  /* No name: the administrator's list shows LADO cases by number only. */
  assert_string_equal(l.a[0].zWhat, "LADO case 1");
  retention_list_free(&l);
  /* The advice cannot be removed outside a destruction. */
  assert_int_equal(db_exec(db, "DELETE FROM lado_advice WHERE case_id = 1", ""), DB_ERROR);
  char *zErr = NULL;
  assert_int_equal(retention_destroy(db, RET_LADO, 1, D("2026-01-31"), ACTOR, NULL, &zErr), 0);
  assert_int_equal(count("SELECT (SELECT count(*) FROM lado_case WHERE id = 1) + (SELECT count(*) FROM lado_advice"
                         " WHERE case_id = 1) + (SELECT count(*) FROM lado_meeting)"
                         " + (SELECT count(*) FROM lado_strategy_meeting WHERE case_id = 1)"), 0);
  /* The other case keeps its strategy meeting. */
  assert_int_equal(count("SELECT count(*) FROM lado_strategy_meeting WHERE case_id = 2"), 1);
  /* The other case's advice is still protected. */
  assert_int_equal(db_exec(db, "DELETE FROM lado_advice WHERE case_id = 2", ""), DB_ERROR);
  /* An open case has no retention date and cannot be destroyed. */
  assert_int_equal(retention_destroy(db, RET_LADO, 2, D("2090-01-01"), ACTOR, NULL, &zErr), -1);
  free(zErr);
  assert_int_equal(count("SELECT count(*) FROM lado_case WHERE id = 2"), 1);
}

/* Does the database file (checkpointed, so the -wal is in it) hold the
** bytes of z anywhere, in a live page or a free one? */
static int file_holds(const char *z) {
  assert_int_equal(db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", ""), DB_OK);
  Stmt *s = db_query(db, "SELECT file FROM pragma_database_list WHERE name = 'main'", "");
  assert_int_equal(db_step(s), DB_ROW);
  char *zPath = xstrdup(db_col_text(s, 0));
  db_finalize(s);
  FILE *f = fopen(zPath, "rb");
  assert_non_null(f);
  Buf b = {0};
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, n);
  fclose(f);
  free(zPath);
  int found = b.n && memmem(b.z, b.n, z, strlen(z)) != NULL;
  buf_free(&b);
  return found;
}

static void test_secure_delete(void **state) {
  (void)state;
  /* Connections clear deleted cells without extra I/O (FAST, 2); a
  ** destruction zeroes every page it frees too (ON), then goes back. */
  assert_int_equal(db_int(db, -1, "PRAGMA secure_delete", ""), 2);
  /* A home with a long note, so its rows fill pages the destruction
  ** frees: after it, none of its words is left in the file. */
  exec("INSERT INTO home(id, name, urn, responsible_individual, places, age_from, age_to, registered_on)"
       " VALUES(1, 'Quillfeather House', 'SC000001', 'Rita RI', 4, 8, 17, '2001-05-01');");
  for (int i = 0; i < 200; i++) {
    char zOn[11];
    date_iso(D("2008-01-01") + i, zOn);   /* one audit a day */
    assert_int_equal(db_exec(db, "INSERT INTO home_audit(home_id, kind, done_on, by_whom) VALUES(1, 'fire-safety', ?,"
                                 " 'Zebedee Quillfeather')", "s", zOn), DB_OK);
  }
  assert_true(file_holds("Zebedee Quillfeather"));
  char *zErr = NULL;
  assert_int_equal(retention_destroy(db, RET_HOME, 1, D("2025-01-10"), ACTOR, NULL, &zErr), 0);
  assert_false(file_holds("Zebedee Quillfeather"));
  assert_false(file_holds("Quillfeather House"));
  assert_int_equal(db_int(db, -1, "PRAGMA secure_delete", ""), 2);
}

static void test_sar_child(void **state) {
  (void)state;
  children();
  assert_int_equal(audit_write(db, "someone", "child.view", "child:OLD1", NULL, NULL, NULL), DB_OK);
  assert_int_equal(audit_write(db, "someone", "child.view", "child:BEN2", NULL, NULL, NULL), DB_OK);
  Sar s;
  assert_int_equal(sar_child(db, "NOBODY", ACTOR, NULL, &s), 0);
  assert_int_equal(sar_child(db, "OLD1", ACTOR, NULL, &s), 1);
  assert_string_equal(s.zSubject, "Oona O'Neill (child OLD1)");
  int nRow = 0;
  const SarSection *pAudit = NULL, *pContacts = NULL;
  for (int i = 0; i < s.n; i++) {
    nRow += s.a[i].nRow;
    if (strcmp(s.a[i].zTitle, "Contacts with the reviewing officer") == 0) pContacts = &s.a[i];
    if (strstr(s.a[i].zTitle, "Audit log")) pAudit = &s.a[i];
  }
  /* details 1, sibling 1, notification 1, episode 1, allocation 1, review
  ** 1, recommendation 1, note 1, contact 1, escalations 2, the other child
  ** in one of them 1, stage 1, audit 1 (her view, not Ben's). */
  assert_int_equal(nRow, 14);
  assert_non_null(pContacts);
  assert_int_equal(pAudit->nRow, 1);
  Buf b = {0};
  sar_html(&s, D("2026-06-14"), &b);
  assert_non_null(strstr(b.z, "<h1>Subject access copy: Oona O&#39;Neill (child OLD1)</h1>"));
  assert_non_null(strstr(b.z, "Spoke with Mrs Carer <span class=\"mark\">[review for redaction]</span>"));
  /* Ben is named as her brother and in the shared escalation, each marked. */
  assert_non_null(strstr(b.z, "Ben <span class=\"mark\">[review for redaction]</span>"));
  buf_reset(&b);
  sar_csv(pContacts, &b);
  assert_non_null(strstr(b.z, ",review for redaction\r\n"));
  assert_non_null(strstr(b.z, "Spoke with Mrs Carer,Gemma Sharma,note iro\r\n"));
  buf_free(&b);
  sar_free(&s);
  assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action = 'sar.child' AND record = 'child:OLD1'"), 1);
}

static void test_sar_adult(void **state) {
  (void)state;
  lado_case();
  Sar s;
  assert_int_equal(sar_adult(db, "Nobody", ACTOR, NULL, &s), 0);
  /* Case and surrounding spaces aside. */
  assert_int_equal(sar_adult(db, "  alex ADULT ", ACTOR, NULL, &s), 1);
  assert_string_equal(s.zSubject, "Alex Adult (adult named in 1 LADO case)");
  Buf b = {0};
  sar_html(&s, D("2026-06-14"), &b);
  assert_non_null(strstr(b.z, "Shouted at a pupil"));
  /* The strategy meeting the Designated Officer attended (issue 20). */
  assert_non_null(strstr(b.z, "Strategy meetings the Designated Officer attended"));
  assert_non_null(strstr(b.z, "Strategy about Alex"));
  assert_null(strstr(b.z, "Strategy about Other"));
  assert_null(strstr(b.z, "Other Adult"));
  assert_null(strstr(b.z, "Other advice"));
  buf_free(&b);
  sar_free(&s);
  assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action = 'sar.adult' AND record = 'lado:1'"), 1);
}

/* Three arrangements: Siân (1) and Tom (2) both with Carol Carer (her
** name typed with other capitals and spaces on the second), and another
** child with another carer (3), whose records must stay out of Siân's and
** Carol's copies. */
static void pf_arrangements(void) {
  exec("INSERT INTO pf_arrangement(id, child_name, child_dob, child_disabled, carer_name, carer_relationship, parents,"
       " notified_on, started_on, expected_days, source, overseas_student, managed_by, team, worker, eligible,"
       " eligibility_note) VALUES"
       " (1, 'Siân Ó Briain', '2012-01-02', 0, 'Carol Carer', 'family friend', 'Mary Briain', '2026-01-05',"
       "  '2026-01-01', 90, 'school', 0, 'locality', 'North', 'Wendy Worker', 1, 'Eligible'),"
       " (2, 'Tom Two', '2013-03-04', 0, 'carol  CARER', 'neighbour', NULL, '2026-02-02', '2026-02-01', 60,"
       "  'school', 0, 'locality', 'North', 'Wendy Worker', 1, 'Eligible'),"
       " (3, 'Olly Other', '2011-05-06', 0, 'Sam Somebody', 'aunt''s friend', NULL, '2026-03-02', '2026-03-01', 60,"
       "  'health', 0, 'partner', 'BCP', NULL, 1, 'Eligible');"
       "INSERT INTO pf_visit(arrangement_id, visited_on, seen_alone, child_views, by_whom) VALUES"
       " (1, '2026-01-20', 1, 'Likes the garden', 'Wendy Worker'),"
       " (2, '2026-02-16', 1, 'Misses home', 'Wendy Worker'),"
       " (3, '2026-03-16', 0, 'Olly said a secret', 'Bea Partner');"
       "INSERT INTO pf_case_audit(arrangement_id, audited_on, by_whom, findings) VALUES"
       " (1, '2026-04-01', 'Quin Manager', 'Visits on time'), (3, '2026-04-01', 'Quin Manager', 'Olly audit');"
       "INSERT INTO pf_order(arrangement_id, kind, made_on, note) VALUES"
       " (1, 'prohibition', '2026-05-01', 'Second bedroom unsafe');");
  assert_int_equal(audit_write(db, "wendy", "pf.view", "pf:1", NULL, NULL, NULL), DB_OK);
  assert_int_equal(audit_write(db, "wendy", "pf.view", "pf:3", NULL, NULL, NULL), DB_OK);
}

static int rows_in(const Sar *s, const char *zTitle) {
  for (int i = 0; i < s->n; i++) {
    if (strcmp(s->a[i].zTitle, zTitle) == 0) return s->a[i].nRow;
  }
  fail_msg("no section %s", zTitle);
  return -1;
}

static int rows_all(const Sar *s) {
  int n = 0;
  for (int i = 0; i < s->n; i++) n += s->a[i].nRow;
  return n;
}

static void test_sar_pf_child(void **state) {
  (void)state;
  pf_arrangements();
  Sar s;
  assert_int_equal(sar_pf(db, "Nobody Here", ACTOR, NULL, &s), 0);
  assert_int_equal(sar_pf(db, "99", ACTOR, NULL, &s), 0);
  assert_int_equal(sar_pf(db, "", ACTOR, NULL, &s), 0);
  /* Accents, capitals and spaces aside, as the child search. */
  assert_int_equal(sar_pf(db, "  sian  o BRIAIN ", ACTOR, NULL, &s), 1);
  assert_string_equal(s.zSubject, "Siân Ó Briain (privately fostered child in 1 private fostering arrangement)");
  /* arrangement 1, her visit 1, audit 1, order 1, no alerts, the audit
  ** log's one view of pf:1 (the copy's own entry is written after). */
  assert_int_equal(rows_in(&s, "Private fostering arrangement"), 1);
  assert_int_equal(rows_in(&s, "Visits"), 1);
  assert_int_equal(rows_in(&s, "Six-monthly audits of the case"), 1);
  assert_int_equal(rows_in(&s, "Prohibitions and disqualifications"), 1);
  assert_int_equal(rows_in(&s, "Alerts acknowledged"), 0);
  assert_int_equal(rows_in(&s, "Audit log: every view and change of the arrangement"), 1);
  assert_int_equal(rows_all(&s), 5);
  Buf b = {0};
  sar_html(&s, D("2026-06-14"), &b);
  assert_non_null(strstr(b.z, "Likes the garden <span class=\"mark\">[review for redaction]</span>"));
  assert_non_null(strstr(b.z, "Carol Carer <span class=\"mark\">[review for redaction]</span>"));
  assert_non_null(strstr(b.z, "Mary Briain <span class=\"mark\">[review for redaction]</span>"));
  assert_non_null(strstr(b.z, "Second bedroom unsafe"));
  /* Nothing of the other arrangements. */
  assert_null(strstr(b.z, "Tom Two"));
  assert_null(strstr(b.z, "Misses home"));
  assert_null(strstr(b.z, "Olly"));
  assert_null(strstr(b.z, "Sam Somebody"));
  buf_reset(&b);
  sar_csv(&s.a[1], &b);
  /* Every column as stored (created_at is when the row was written), and
  ** the two marked columns holding something named in the last. */
  assert_non_null(strstr(b.z, "id,arrangement_id,visited_on,seen_alone,child_views,by_whom,created_at,"
                              "review for redaction\r\n1,1,2026-01-20,1,Likes the garden,Wendy Worker,"));
  assert_non_null(strstr(b.z, ",child_views by_whom\r\n"));
  buf_free(&b);
  sar_free(&s);
  assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action = 'sar.pf'"), 1);
  assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action = 'sar.pf' AND record = 'pf:1'"), 1);
}

static void test_sar_pf_carer_and_number(void **state) {
  (void)state;
  pf_arrangements();
  Sar s;
  /* Carol cares for Siân and Tom: both arrangements, not Olly's. */
  assert_int_equal(sar_pf(db, "Carol Carer", ACTOR, NULL, &s), 1);
  assert_string_equal(s.zSubject, "Carol Carer (private foster carer in 2 private fostering arrangements)");
  assert_int_equal(rows_in(&s, "Private fostering arrangement"), 2);
  assert_int_equal(rows_in(&s, "Visits"), 2);
  assert_int_equal(rows_in(&s, "Six-monthly audits of the case"), 1);
  assert_int_equal(rows_in(&s, "Audit log: every view and change of the arrangement"), 1);
  assert_int_equal(rows_all(&s), 7);
  Buf b = {0};
  sar_html(&s, D("2026-06-14"), &b);
  assert_null(strstr(b.z, "Olly"));
  buf_free(&b);
  sar_free(&s);
  assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action = 'sar.pf' AND record IN ('pf:1', 'pf:2')"), 2);
  /* By the arrangement's number: that one only. */
  assert_int_equal(sar_pf(db, "3", ACTOR, NULL, &s), 1);
  assert_string_equal(s.zSubject, "Olly Other (privately fostered child, arrangement 3)");
  assert_int_equal(rows_all(&s), 4);   /* arrangement, visit, audit, pf.view */
  sar_free(&s);
  assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action = 'sar.pf' AND record = 'pf:3'"), 1);
}

/* Gemma is an IRO with an account; Oscar another IRO; two accounts share
** the name Jo Smith. Each secret is a word the copy must never hold. */
static void staff(void) {
  exec("INSERT INTO iro(id, name) VALUES(1, 'Gemma Sharma'), (2, 'Oscar Iro');"
       "INSERT INTO users(id, username, display_name, role, password_hash, iro_id, created_at, email) VALUES"
       " (1, 'gsharma', 'Gemma Sharma', 'iro', '$argon2id$GEMMAHASHSECRET', 1, '2026-01-05T09:00:00Z',"
       "  'gemma@example.org'),"
       " (2, 'oiro', 'Oscar Iro', 'iro', '$argon2id$OSCARHASHSECRET', 2, '2026-01-05T09:00:00Z', NULL),"
       " (3, 'jsmith', 'Jo Smith', 'admin', 'x', NULL, '2026-01-05T09:00:00Z', NULL),"
       " (4, 'jsmith2', 'Jo Smith', 'board', 'x', NULL, '2026-01-05T09:00:00Z', NULL);"
       "INSERT INTO password_token(user_id, token_hash, created_at, expires_at) VALUES"
       " (1, 'TOKENHASHSECRET', '2026-01-05T09:00:00Z', '2026-01-08T09:00:00Z');"
       "INSERT INTO session(id_hash, user_id, csrf, created_at, last_seen_at) VALUES"
       " ('SESSIONHASHSECRET', 1, 'CSRFSECRET', '2026-06-01T08:00:00Z', '2026-06-01T08:30:00Z'),"
       " ('OSCARSESSION', 2, 'OSCARCSRF', '2026-06-01T08:00:00Z', '2026-06-01T08:30:00Z');"
       "INSERT INTO child(id, child_ref, given_name, family_name, dob, sex) VALUES"
       " (1, 'CARA1', 'Cara', 'Child', '2015-01-01', 'F'), (2, 'OTHER2', 'Otto', 'Child', '2015-01-01', 'M');"
       "INSERT INTO allocation(child_id, iro_id, start_date, reason) VALUES"
       " (1, 1, '2026-01-06', 'first'), (2, 2, '2026-01-06', 'first');"
       "INSERT INTO review(id, child_id, held_on, iro_id) VALUES(1, 1, '2026-02-01', 1), (2, 2, '2026-02-01', 2);"
       "INSERT INTO recommendation(review_id, child_id, text, owner_role, owner_name, due_on) VALUES"
       " (1, 1, 'Book the dentist', 'iro', ' GEMMA sharma', '2026-03-01'),"
       " (2, 2, 'Otto recommendation', 'iro', 'Oscar Iro', '2026-03-01');"
       "INSERT INTO alert_ack(child_id, item, due_on, user_id, acked_at, note) VALUES"
       " (1, 'review', '2026-02-01', 1, '2026-02-02T10:00:00Z', 'Held late: ill'),"
       " (2, 'review', '2026-02-01', 2, '2026-02-02T10:00:00Z', 'Oscar note');");
  assert_int_equal(audit_write(db, "gsharma", "session.start", "user:gsharma", NULL, NULL, "192.0.2.1"), DB_OK);
  assert_int_equal(audit_write(db, "admin", "user.role", "user:gsharma", "IRO", "IRO", NULL), DB_OK);
  assert_int_equal(audit_write(db, "oiro", "child.view", "child:OTHER2", NULL, NULL, NULL), DB_OK);
}

static void test_sar_staff(void **state) {
  (void)state;
  staff();
  Sar s;
  assert_int_equal(sar_staff(db, "nobody", ACTOR, NULL, &s), 0);
  /* Two accounts are called Jo Smith: neither is copied; a username is. */
  assert_int_equal(sar_staff(db, "jo smith", ACTOR, NULL, &s), 2);
  assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action = 'sar.staff'"), 0);
  assert_int_equal(sar_staff(db, "JSMITH2", ACTOR, NULL, &s), 1);
  assert_string_equal(s.zSubject, "Jo Smith (member of staff)");
  sar_free(&s);
  assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action = 'sar.staff' AND record = 'user:jsmith2'"), 1);

  assert_int_equal(sar_staff(db, "gsharma", ACTOR, NULL, &s), 1);
  assert_string_equal(s.zSubject, "Gemma Sharma (member of staff)");
  /* account 1, link 1, session 1, her sign-in and the role change about
  ** her account 2, what she did 1 (the sign-in), her IRO record 1,
  ** allocation 1, review 1, recommendation 1 (owner name typed in other
  ** capitals), alert 1: 11; none of Oscar's. */
  assert_int_equal(rows_in(&s, "Their account"), 1);
  assert_int_equal(rows_in(&s, "One-time links to set their password"), 1);
  assert_int_equal(rows_in(&s, "Signed-in sessions held now"), 1);
  assert_int_equal(rows_in(&s, "Audit log: entries about their account (sign-ins included)"), 2);
  assert_int_equal(rows_in(&s, "Audit log: everything they did"), 1);
  assert_int_equal(rows_in(&s, "Their reviewing officer (IRO) record"), 1);
  assert_int_equal(rows_in(&s, "Children allocated to them as reviewing officer"), 1);
  assert_int_equal(rows_in(&s, "Reviews they chaired"), 1);
  assert_int_equal(rows_in(&s, "Review recommendations they own"), 1);
  assert_int_equal(rows_in(&s, "Children's alerts they acknowledged"), 1);
  assert_int_equal(rows_all(&s), 11);
  /* No secret column at all, not only no value. */
  for (int i = 0; i < s.n; i++) {
    for (int k = 0; k < s.a[i].nCol; k++) {
      assert_string_not_equal(s.a[i].azCol[k], "password_hash");
      assert_string_not_equal(s.a[i].azCol[k], "token_hash");
      assert_string_not_equal(s.a[i].azCol[k], "id_hash");
      assert_string_not_equal(s.a[i].azCol[k], "csrf");
    }
  }
  Buf b = {0};
  sar_html(&s, D("2026-06-14"), &b);
  for (int i = 0; i < s.n; i++) sar_csv(&s.a[i], &b);
  assert_null(strstr(b.z, "SECRET"));
  assert_null(strstr(b.z, "argon2"));
  assert_null(strstr(b.z, "Oscar"));
  assert_null(strstr(b.z, "OTHER2"));
  assert_non_null(strstr(b.z, "gemma@example.org"));
  assert_non_null(strstr(b.z, "192.0.2.1"));
  /* The child on a record naming her is marked for review. */
  assert_non_null(strstr(b.z, "CARA1 <span class=\"mark\">[review for redaction]</span>"));
  buf_free(&b);
  sar_free(&s);
  assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action = 'sar.staff' AND record = 'user:gsharma'"), 1);
  /* By the account's name, accents and capitals aside. */
  assert_int_equal(sar_staff(db, "GEMMA  SHARMA", ACTOR, NULL, &s), 1);
  sar_free(&s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_child_day_before_and_on, setup, teardown),
    cmocka_unit_test_setup_teardown(test_destroy_child, setup, teardown),
    cmocka_unit_test_setup_teardown(test_private_fostering, setup, teardown),
    cmocka_unit_test_setup_teardown(test_home_from_its_latest_entry, setup, teardown),
    cmocka_unit_test_setup_teardown(test_lado_by_outcome, setup, teardown),
    cmocka_unit_test_setup_teardown(test_secure_delete, setup, teardown),
    cmocka_unit_test_setup_teardown(test_sar_child, setup, teardown),
    cmocka_unit_test_setup_teardown(test_sar_adult, setup, teardown),
    cmocka_unit_test_setup_teardown(test_sar_pf_child, setup, teardown),
    cmocka_unit_test_setup_teardown(test_sar_pf_carer_and_number, setup, teardown),
    cmocka_unit_test_setup_teardown(test_sar_staff, setup, teardown),
    cmocka_unit_test_setup_teardown(test_long_names_whole, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
