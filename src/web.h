/*
** web.h: what every page handler sees. web.c owns the route table and the
** skeleton every request goes through:
**   who is signed in -> capability -> CSRF check on POST -> handler
** and the handler does: typed, validated parameters -> transaction ->
** render (or redirect after a successful POST).
*/
#ifndef OVERSIGHT_WEB_H
#define OVERSIGHT_WEB_H

#include "children.h"
#include "db.h"
#include "html.h"
#include "http.h"
#include "reports.h"
#include "reviews.h"
#include "users.h"

typedef struct Web {
  Req *req;
  Resp *resp;
  Buf *out;                  /* the page being written (resp->body) */
  Db *db;                    /* this thread's connection */
  Session sess;              /* valid when signedIn */
  int signedIn;
  unsigned caps;             /* of the signed-in user's role */
  Date today;
  const char *azArg[4];      /* "{}" segments of the route, in order */
  int nArg;
  Errors err;                /* form errors, shown by the form page */
  int reloadRules;           /* set by a handler that changed the rules */
  int fmt;                   /* FMT_PAGE, or the download the route asks for */
  Buf crumbs;                /* breadcrumbs() before page_begin(), which shows them */
  int begun;                 /* page_begin() has written the page's start */
  Buf *sumBuf;               /* error_summary()'s list, put in field order by page_end() */
  size_t sumStart, sumEnd;
} Web;

/* What a request asks for: the page, or its tables as a download. Set
** from the route, so a page and its downloads share one handler, one
** capability and one set of query parameters. */
enum { FMT_PAGE, FMT_CSV, FMT_XLSX };

typedef void (*PageFn)(Web *w);

/* ---- Pages (one file per area) ---- */
void page_home(Web *w);
void page_iro_dashboard(Web *w);      /* GET /iros/{id} */
void page_iros(Web *w);               /* GET /iros[.csv|.xlsx]: every IRO (web_iros.c) */
void page_iro_new(Web *w);            /* GET /iros/new */
void page_iro_create(Web *w);         /* POST /iros */
void page_iro_edit(Web *w);           /* GET /iros/{id}/edit */
void page_iro_save(Web *w);           /* POST /iros/{id} */
void page_localities(Web *w);         /* GET /localities[.csv|.xlsx] */
void page_locality_create(Web *w);    /* POST /localities */
void page_locality_save(Web *w);      /* POST /localities/{id}: rename */
void page_service(Web *w);            /* GET /service */
void page_children(Web *w);           /* GET /children: find a child */
void page_child(Web *w);              /* GET /children/{ref} */
void page_child_new(Web *w);           /* GET /children/new (web_child_records.c) */
void page_child_create(Web *w);        /* POST /children */
void page_child_edit(Web *w);          /* GET /children/{ref}/edit */
void page_child_save(Web *w);          /* POST /children/{ref} */
void page_child_siblings(Web *w);      /* GET /children/{ref}/siblings */
void page_siblings_link(Web *w);       /* POST /children/{ref}/siblings */
void page_siblings_unlink(Web *w);     /* POST /children/{ref}/siblings/unlink */
void page_child_notifications(Web *w); /* GET /children/{ref}/notifications[?correct=ID] */
void page_notification_add(Web *w);    /* POST /children/{ref}/notifications */
void page_notification_save(Web *w);   /* POST /children/{ref}/notifications/{id} */
/* The child's details, siblings and care notification on their page,
** with links to change them for those who may. */
void child_records_section(Web *w, const Child *c);
void page_review_form(Web *w);        /* GET /children/{ref}/reviews/new, .../{id}/edit */
void page_review_save(Web *w);        /* POST /children/{ref}/reviews[/{id}] */
/* The review form's meeting part (web_reviews.c): the consultation, the
** people invited, where, whether the child chaired, the plan's type and
** the IRO's view of it; read back from the request into m. */
void review_meeting_fields(Web *w, const Child *c, const Review *r, const ReviewMeeting *m, int nRows);
void review_plan_fields(Web *w, const Review *r, const ReviewMeeting *m);
int review_att_rows(Web *w, const ReviewMeeting *m);
void review_meeting_read(Web *w, ReviewMeeting *m, int nRows);
void page_review_record(Web *w);      /* GET /children/{ref}/reviews/{id}/record: A4 record of the review */
void page_review_letter(Web *w);      /* GET /children/{ref}/reviews/{id}/letter: the letter to the child */
void page_review_record_sent(Web *w); /* POST /children/{ref}/reviews/{id}/record: the day it was sent */
void page_review_letter_sent(Web *w); /* POST /children/{ref}/reviews/{id}/letter: the day it was sent */
void page_contact_form(Web *w);
/* Every view of a child's record is audited before it is shown (SPEC
** §11): 1 if written, or to be written before the page is sent (audit_view),
** else 0 with the 503 page written (web_children.c). */
int child_audit_view(Web *w, const char *zRef);
/* Audit a view of zRecord by the signed-in user. In the server, the entry
** joins the audit writer's next group commit and the response waits for
** it without holding a thread (http.h's HttpHold): sent if it is written,
** a 503 in its place if not. Elsewhere, or inside a transaction, written
** now. 1 if written or waiting, 0 with the 503 written. */
int audit_view(Web *w, const char *zAction, const char *zRecord);
/* A review's recommendations (web_recommendations.c). The review form's
** part: how many blank rows (rec_rows, one more after "Add another"), the
** fields, their checks into w->err, and saving them for review r (already
** saved, inside the caller's transaction). */
int review_rec_rows(Web *w);
void review_rec_fields(Web *w, const Child *c, const Review *r, int nRows);
void review_rec_check(Web *w, const Child *c, const Review *r, int nRows);
int review_rec_save(Web *w, const Child *c, const Review *r, int nRows);
void page_recommendation(Web *w);       /* GET /children/{ref}/recommendations/{id} */
void page_recommendation_save(Web *w);  /* POST /children/{ref}/recommendations/{id}: note or close */
void page_contact_save(Web *w);
void page_allocation_form(Web *w);
void page_allocation_save(Web *w);
void page_rules(Web *w);
void page_rule_form(Web *w);
void page_rule_save(Web *w);
void page_users(Web *w);
void page_user_new(Web *w);
void page_user_create(Web *w);
void page_user(Web *w);
void page_user_save(Web *w);
void page_user_unlock(Web *w);
void page_account_password(Web *w);       /* GET /account/password: change your own */
void page_account_password_save(Web *w);  /* POST /account/password */
void page_account_emails(Web *w);         /* GET /account/emails: turn email digests on or off */
void page_account_emails_save(Web *w);    /* POST /account/emails */
void page_password_set(Web *w);           /* GET /password/set?token=: a one-time link */
void page_password_set_save(Web *w);      /* POST /password/set */
/* A form posted without a session (sign-in, a one-time link) came from this
** site: the browser's Origin, when it sends one, is our Host. */
int web_same_origin(Web *w);
void page_audit(Web *w);
void page_outbox(Web *w);             /* GET /admin/outbox[?older=ID] (web_outbox.c) */
void page_admin_hub(Web *w);          /* GET /admin: the administration pages (web.c) */
void page_reports_hub(Web *w);        /* GET /reports: the reports this user may open (web.c) */
void page_retention(Web *w);          /* GET /admin/retention (web_retention.c) */
void page_retention_record(Web *w);   /* GET /admin/retention/{kind}/{id}: check before destroying */
void page_retention_destroy(Web *w);  /* POST /admin/retention/{kind}/{id} */
void page_lado_destroy_form(Web *w);  /* GET /lado/cases/{id}/destroy */
void page_lado_destroy(Web *w);       /* POST /lado/cases/{id}/destroy */
void page_sar(Web *w);                /* GET /admin/sar[?ref=REF]: a child's subject access copy */
void page_lado_sar(Web *w);           /* GET /lado/sar[?name=NAME]: an adult's (LADO) */
void page_pf_sar(Web *w);             /* GET /private-fostering/sar[?who=]: a privately fostered child's or carer's */
void page_staff_sar(Web *w);          /* GET /admin/sar/staff[?who=]: a member of staff's */
void page_alerts(Web *w);             /* GET /alerts */
void page_alert_ack(Web *w);          /* POST /alerts */
/* Escalations', LADO, private fostering and homes' alerts (web_service_alerts.c):
** the headed sections of the services this user has, inside /alerts; the
** whole page for someone with no children's alerts; acknowledging one. */
void service_alerts_section(Web *w);
void service_alerts_page(Web *w);
void page_service_alert_ack(Web *w);  /* POST /alerts/acknowledge */
void page_escalations(Web *w);              /* GET /escalations */
void page_escalations_weekly(Web *w);       /* GET /escalations/weekly */
void page_escalations_weekly_csv(Web *w);   /* GET /escalations/weekly.csv */
void page_escalations_weekly_xlsx(Web *w);  /* GET /escalations/weekly.xlsx */
void page_escalation_new(Web *w);           /* GET /escalations/new[?child=REF] */
void page_escalation_create(Web *w);        /* POST /escalations */
void page_escalation(Web *w);               /* GET /escalations/{id} */
void page_escalation_respond(Web *w);       /* POST /escalations/{id}/respond */
void page_escalation_move(Web *w);          /* POST /escalations/{id}/move */
void page_escalation_close(Web *w);         /* POST /escalations/{id}/close */
void page_lado(Web *w);                   /* GET /lado: the Designated Officer's dashboard */
void page_lado_cases(Web *w);             /* GET /lado/cases[.csv|.xlsx]?show=open|closed|all */
void page_lado_case(Web *w);              /* GET /lado/cases/{id} */
void page_lado_strategy(Web *w);          /* POST /lado/cases/{id}/strategy-meetings (issue 20) */
void page_lado_cross_border(Web *w);      /* POST /lado/cases/{id}/cross-border */
void page_lado_dips(Web *w);              /* GET /lado/dip-samples */
void page_lado_dip_new(Web *w);           /* GET /lado/dip-samples/new */
void page_lado_dip_create(Web *w);        /* POST /lado/dip-samples */
void page_lado_dip_edit(Web *w);          /* GET /lado/dip-samples/{id}: the correction form */
void page_lado_dip_update(Web *w);        /* POST /lado/dip-samples/{id} */
void page_lado_trainings(Web *w);         /* GET /lado/training */
void page_lado_training_new(Web *w);      /* GET /lado/training/new */
void page_lado_training_create(Web *w);   /* POST /lado/training */
void page_lado_training_edit(Web *w);     /* GET /lado/training/{id} */
void page_lado_training_update(Web *w);   /* POST /lado/training/{id} */
void page_lado_close(Web *w);             /* POST /lado/cases/{id}/close */
void page_lado_correction(Web *w);        /* POST /lado/cases/{id}/correction */
void page_lado_decision(Web *w);          /* POST /lado/cases/{id}/decision */
void page_lado_meeting(Web *w);           /* POST /lado/cases/{id}/meetings */
void page_lado_outcome(Web *w);           /* POST /lado/cases/{id}/outcome */
void page_lado_recommendation(Web *w);    /* POST /lado/cases/{id}/recommendations */
void page_lado_referral(Web *w);          /* POST /lado/cases/{id}/referral */
void page_lado_retention(Web *w);         /* POST /lado/cases/{id}/retention */
void page_lado_contact_new(Web *w);       /* GET /lado/contacts/new */
void page_lado_contact_create(Web *w);    /* POST /lado/contacts */
void page_lado_dashboard_csv(Web *w);     /* GET /lado/dashboard.csv */
void page_lado_dashboard_xlsx(Web *w);    /* GET /lado/dashboard.xlsx */
void page_lado_export(Web *w);            /* GET /lado/export.csv: the whole tracker */
void page_lado_rec_implemented(Web *w);   /* POST /lado/recommendations/{id}/implemented */
void page_lado_report(Web *w);            /* GET /lado/report?from=&to= */
void page_lado_report_csv(Web *w);        /* GET /lado/report.csv?from=&to= */
void page_lado_report_xlsx(Web *w);       /* GET /lado/report.xlsx?from=&to= */
void page_report_annual(Web *w);
void page_report_annual_csv(Web *w);
void page_report_annual_xlsx(Web *w);
void page_report_exceptions(Web *w);      /* GET /reports/exceptions?month=YYYY-MM */
void page_report_exceptions_csv(Web *w);  /* GET /reports/exceptions.csv?month=YYYY-MM */
void page_report_exceptions_xlsx(Web *w); /* GET /reports/exceptions.xlsx?month=YYYY-MM */
void page_report_weekly(Web *w);          /* GET /reports/weekly?as-of=YYYY-MM-DD */
void page_report_weekly_csv(Web *w);      /* GET /reports/weekly.csv */
void page_report_weekly_xlsx(Web *w);     /* GET /reports/weekly.xlsx */
void page_unregistered(Web *w);       /* GET /unregistered */
void page_child_unregistered(Web *w); /* GET /children/{ref}/unregistered */
void page_unreg_notified_save(Web *w); /* POST /children/{ref}/unregistered/notified */
void page_unreg_visit_save(Web *w);   /* POST /children/{ref}/unregistered/visit */
void page_unreg_record_save(Web *w);  /* POST /children/{ref}/unregistered/record */
void page_placement_new(Web *w);      /* GET /children/{ref}/placements/new */
void page_placement_create(Web *w);   /* POST /children/{ref}/placements */
void page_placement_end_form(Web *w); /* GET /children/{ref}/placements/end */
void page_placement_end(Web *w);      /* POST /children/{ref}/placements/end */
void page_placement_edit(Web *w);     /* GET /children/{ref}/placements/{id}/edit */
void page_placement_save(Web *w);     /* POST /children/{ref}/placements/{id} */
/* The child page's "Placements" section (web_placements.c): every episode
** in words, with distance and area, and the actions the user may take. */
void placements_section(Web *w, const Child *c, int mayChange);
void page_my_children_download(Web *w); /* GET /my-children.csv|.xlsx: an IRO's own dashboard */
void page_cover_add(Web *w);          /* POST /iros/{id}/cover: cover while IRO id is away */
void page_cover_end(Web *w);          /* POST /iros/{id}/cover/{cover}/end */
/* The "Cover while away" section of IRO iroId's page for a manager: current
** and future cover, each with a form to end it, and the form to add one
** (web_cover.c). Never cached: its forms carry the session's token. */
void cover_section(Web *w, int64_t iroId);
void page_pf_dashboard(Web *w);      /* GET /private-fostering */
void page_pf_new(Web *w);            /* GET /private-fostering/new */
void page_pf_create(Web *w);         /* POST /private-fostering */
void page_pf(Web *w);                /* GET /private-fostering/{id} */
void page_pf_initial_visit(Web *w);  /* POST /private-fostering/{id}/initial-visit */
void page_pf_assessment(Web *w);     /* POST /private-fostering/{id}/assessment */
void page_pf_visit(Web *w);          /* POST /private-fostering/{id}/visits */
void page_pf_case_audit(Web *w);     /* POST /private-fostering/{id}/audits */
void page_pf_order(Web *w);          /* POST /private-fostering/{id}/orders */
void page_pf_end(Web *w);            /* POST /private-fostering/{id}/end */
void page_pf_details(Web *w);        /* POST /private-fostering/{id}/details */
void page_pf_report(Web *w);         /* GET /private-fostering/report?from=&to= */
void page_pf_report_csv(Web *w);     /* GET /private-fostering/report.csv */
void page_pf_report_xlsx(Web *w);    /* GET /private-fostering/report.xlsx */
void page_homes(Web *w);                    /* GET /homes: every home's status */
void page_home_new(Web *w);                 /* GET /homes/new */
void page_home_create(Web *w);              /* POST /homes */
void page_home_record(Web *w);              /* GET /homes/{id} */
void page_home_save(Web *w);                /* POST /homes/{id} */
void page_home_edit(Web *w);                /* GET /homes/{id}/edit */
void page_home_reg44_add(Web *w);           /* POST /homes/{id}/reg44 */
void page_home_reg44(Web *w);               /* GET /homes/{id}/reg44/{v} */
void page_home_reg44_save(Web *w);          /* POST /homes/{id}/reg44/{v} */
void page_home_audit_add(Web *w);           /* POST /homes/{id}/audits */
void page_home_audit_action_done(Web *w);   /* POST /homes/{id}/audit-actions/{a}/done */
void page_home_notification_add(Web *w);    /* POST /homes/{id}/notifications */
void page_home_notification_save(Web *w);   /* POST /homes/{id}/notifications/{n} */
void page_home_inspection_new(Web *w);      /* GET /homes/{id}/inspections/new */
void page_home_inspection_create(Web *w);   /* POST /homes/{id}/inspections */
void page_home_inspection(Web *w);          /* GET /homes/{id}/inspections/{i} */
void page_home_requirement_add(Web *w);     /* POST .../inspections/{i}/requirements */
void page_home_action_add(Web *w);          /* POST .../inspections/{i}/actions */
void page_home_action_complete(Web *w);     /* POST .../inspections/{i}/actions/{a}/complete */
void page_home_monitoring_add(Web *w);      /* POST .../inspections/{i}/monitoring */
/* web_homes_monitoring.c (issue 20) */
void page_home_weekly_new(Web *w);          /* GET /homes/{id}/weekly/new[?week=] */
void page_home_weekly_save(Web *w);         /* POST /homes/{id}/weekly */
void page_home_month_new(Web *w);           /* GET /homes/{id}/months/new[?month=] */
void page_home_month_save(Web *w);          /* POST /homes/{id}/months */
void page_home_feedback_new(Web *w);        /* GET /homes/{id}/feedback/new */
void page_home_feedback_create(Web *w);     /* POST /homes/{id}/feedback */
void page_home_feedback(Web *w);            /* GET /homes/{id}/feedback/{f} */
void page_home_feedback_save(Web *w);       /* POST /homes/{id}/feedback/{f} */
/* The home page's weekly returns, occupancy and staffing, complaints and
** compliments: 0, or -1 with the error page written (stop there). */
struct HomeRecords;
int web_homes_monitoring_sections(Web *w, const struct HomeRecords *h);
/* Their tables, for the home's downloads: 0, or -1 if they cannot be read. */
struct PageTables;
int web_homes_monitoring_tables(Web *w, const struct HomeRecords *h, struct PageTables *pt);
/* The QA framework's evidence (web_homes_evidence.c): surveys, dip samples
** and full audits. */
void page_home_survey_add(Web *w);          /* POST /homes/{id}/surveys */
void page_home_survey(Web *w);              /* GET /homes/{id}/surveys/{r} */
void page_home_survey_edit(Web *w);         /* GET /homes/{id}/surveys/{r}/edit */
void page_home_survey_save(Web *w);         /* POST /homes/{id}/surveys/{r}: a correction */
void page_home_survey_response_add(Web *w); /* POST /homes/{id}/surveys/{r}/responses */
void page_home_qa_audit_add(Web *w);        /* POST /homes/{id}/qa-audits */
void page_home_qa_audit(Web *w);            /* GET /homes/{id}/qa-audits/{a} */
void page_home_qa_action_add(Web *w);       /* POST /homes/{id}/qa-audits/{a}/actions */
void page_home_audit_action_qpag(Web *w);   /* POST /homes/{id}/audit-actions/{x}/qpag */
/* The home's page's section on them, with their forms. */
struct HomeRecords;
void evidence_home_section(Web *w, const struct HomeRecords *h);
/* The section's tables (latest surveys, every survey, dip samples and full
** audits), as it shows them, for the home's downloads; -1 if the surveys
** could not be read. */
struct PageTables;
int evidence_home_tables(Web *w, const struct HomeRecords *h, struct PageTables *pt);
/* On the QPAG tracker: where an action came from ("From the dip sample
** of ..."), linked to that audit; nothing for one agreed at QPAG itself. */
void evidence_qpag_source(Web *w, int64_t qpagId);
/* The home's page again after a POST with errors (web_homes.c). */
void home_page_again(Web *w, int64_t homeId);
/* Shared by the homes' pages (web_homes.c, web_homes_monitoring.c,
** web_homes_evidence.c). The id in path segment i, 0 when none or not one. */
int64_t home_path_id(Web *w, int i);
/* The home named by the first path segment, loaded: 1, or 0 with the 404
** written. */
int home_path_load(Web *w, struct HomeRecords *h);
/* Redirect to zPath?saved=zSaved, for the page's banner. */
void home_redirect_saved(Web *w, const char *zPath, const char *zSaved);
/* 503 with zWhy (the audit log cannot be written) in place of the page. */
void home_unavailable(Web *w, const char *zWhy);
/* A home's form or page: page_begin(), the back link to zBack (none when
** NULL: breadcrumbs instead), and in the two-thirds column the error
** summary, any saved banner, the home's name over the title. End with
** home_page_foot(). */
void home_page_head(Web *w, const char *zHome, const char *zTitle, const char *zBack, const char *zBackText);
void home_page_foot(Web *w);
void page_qpag_actions(Web *w);             /* GET /homes/qpag/actions */
void page_qpag_action_add(Web *w);          /* POST /homes/qpag/actions */
void page_qpag_action_done(Web *w);         /* POST /homes/qpag/actions/{id}/done */
void page_qpag_action_escalate(Web *w);     /* POST /homes/qpag/actions/{id}/escalate */
void page_qpag_thematic_add(Web *w);        /* POST /homes/qpag/thematic */
void page_qpag_report(Web *w);              /* GET /homes/qpag?month=YYYY-MM */
void page_qpag_report_csv(Web *w);          /* GET /homes/qpag.csv */
void page_qpag_report_xlsx(Web *w);         /* GET /homes/qpag.xlsx */
void page_imports(Web *w);                  /* GET /import: the loads this user may do (web_imports.c) */
void page_import_kind(Web *w);              /* GET /import/{children,iros,users,postcodes} */
void page_import_kind_load(Web *w);         /* POST /import/{kind}: load a CSV file */
void page_import_kind_download(Web *w);     /* GET /import/{kind}/download.csv: what is held, in its columns */
/* Let /import/{kind} take uploads; `serve` calls it once. */
void web_imports_configure(void);
void page_import_903(Web *w);               /* GET /import/903: upload an SSDA903 return */
void page_import_903_upload(Web *w);        /* POST /import/903 */
void page_import_903_check(Web *w);         /* GET /import/903/check?upload=TOKEN */
void page_import_903_errors(Web *w);        /* GET /import/903/errors.csv?upload=TOKEN */
void page_import_903_load(Web *w);          /* POST /import/903/load */
void page_import_903_changes(Web *w);       /* GET /import/903/changes.csv?upload=TOKEN */
/* Let /import/903 take uploads (web_ssda903.c); `serve` calls it once. */
/* Allow the upload's large bodies, and give the check the council's postcode
** table (NULL: none) and ONS code, loaded once: 0, or -1 with pErr set. */
int web_ssda903_configure(const char *zPostcodes, const char *zLa, Buf *pErr);
/* The IRO dashboard body for one IRO (also the home page of an IRO). */
void iro_dashboard(Web *w, int64_t iroId, int own);

/* ---- Layout and components (web.c) ---- */
void page_begin(Web *w, const char *zTitle);
/* 1 when counts of 1 to 5 are shown to this user as "fewer than 6" (the
** board, SPEC §11), in pages and downloads alike. */
int web_hides_small_numbers(const Web *w);
/* n in words for this user: "fewer than 6" for 1 to 5 when they are
** hidden, else the number. Returns z. */
const char *web_count(const Web *w, int64_t n, char z[24]);
/* The tables t[0..n) as this user may see them: when figuresOnly, copies
** with no record links (rtable_figures_only), small numbers hidden as
** web_hides_small_numbers says; else t itself. Free with web_tables_done. */
RTable *web_report_tables(const Web *w, RTable *t, int n, int figuresOnly);
void web_tables_done(RTable *view, RTable *t, int n);
void page_end(Web *w);
/* The name of the person with this username, as records show it
** ("Sam Patel"); the username itself when no account has it (an actor
** such as the command line). */
void web_person_name(Web *w, const char *zUsername, char *zOut, size_t nOut);
/* A stored UTC time stamp ("2026-12-07T05:01:18Z") in words in the
** council's time zone: "7 December 2026 at 5:01am". */
void web_time_words(const char *zUtc, char *zOut, size_t nOut);
/* A local time as stored to the minute ("2026-11-21 09:30") in words:
** "21 November 2026 at 9:30am"; the text as it is if it is not one. */
void web_local_minute_words(const char *zLocal, char *zOut, size_t nOut);
/* Text escaped for the page with its ISO dates and UTC time stamps in
** words ("2026-10-08" reads "8 October 2026"): stored descriptions, such
** as the audit log's before and after, which the downloads keep as written. */
void html_text_dates_in_words(Buf *b, const char *z);
/* GOV.UK breadcrumbs of a detail page: pairs of link text and address,
** NULL-terminated, from the home page down to the page's parent ("Home",
** "/", "Escalations", "/escalations", NULL). Called before page_begin(),
** which puts them above <main> as the Design System does; the Home link
** is added first. A form page keeps its back link instead. */
void breadcrumbs(Web *w, ...);
/* Errors summary at the top of a form page, linking to each field. */
void error_summary(Web *w);
/* A success banner for ?saved=CODE after a redirect; codes map to fixed text. */
void saved_banner(Web *w);
/* <form method="post" action="..."> with the CSRF token. */
void form_begin(Web *w, const char *zAction);
void form_end(Web *w);
/* The same for a form that sends files (multipart), its token also in the URL. */
void form_begin_upload(Web *w, const char *zAction);
/* Status tag: red overdue, pink due today, amber (yellow) due soon, green done. */
void status_tag(Web *w, int status);
/* A deadline status (Status) in words ("Due today"), or NULL for none. */
const char *status_text(int status);
/* GOV.UK inputs, each with label, optional hint and its error. */
void input_text(Web *w, const char *zName, const char *zLabel, const char *zHint, const char *zValue,
                const char *zAutocomplete);
void input_password(Web *w, const char *zName, const char *zLabel, const char *zHint,
                    const char *zAutocomplete);
void input_date(Web *w, const char *zName, const char *zLabel, const char *zHint, Date value);
/* GOV.UK's date input with month and year only; month a month index
** (unregistered.h month_index), -1 for empty. */
void input_month(Web *w, const char *zName, const char *zLabel, const char *zHint, int month);
/* A moment: GOV.UK's date input (zName-day, -month, -year) and a time box
** (zName-time, 24-hour clock), showing what was typed. */
void input_date_time(Web *w, const char *zName, const char *zLabel, const char *zHint);
/* Read them as "YYYY-MM-DD HH:MM" into zOut: 0 (zOut "" when both are
** empty and not required), or -1 with each bad part's error on its own
** field ("must be a real date", "must be a real time"). */
int form_date_time(Web *w, const char *zName, const char *zWhat, int required, char zOut[17]);
/* A form checked in two steps: the page reads its dates and moments
** itself ("must be a real date"), then the domain checks the whole and
** says "Enter ..." of a date it was given as DATE_NONE. The page's own
** errors are put aside in *pAside (not w->err) while the domain runs, and
** errors_aside_first() then puts them first, so each box says one thing. */
Date form_date_aside(Web *w, const char *zName, const char *zWhat, int required, Errors *pAside);
int form_date_time_aside(Web *w, const char *zName, const char *zWhat, int required, char zOut[17],
                         Errors *pAside);
/* w->err becomes the errors put aside and after them the domain's, less
** those on a box put aside already (a moment's time box counts as the
** moment's); with onePerField only the first message of each field is
** kept, else every one of the domain's. Nothing aside: w->err unchanged. */
void errors_aside_first(Web *w, const Errors *aside, int onePerField);
/* Errors the domain files under fields this form does not have (azKnown,
** NULL-terminated) go to the field zTo, so the error summary's link lands
** somewhere. */
void errors_move(Web *w, const char *const *azKnown, const char *zTo);
/* Radios from a list of value/label pairs (NULL-terminated). */
void input_radios(Web *w, const char *zName, const char *zLegend, const char *zHint,
                  const char *const *azChoice, const char *zValue, int inline_);
void input_yesno(Web *w, const char *zName, const char *zLegend, const char *zHint, int value);
void input_select(Web *w, const char *zName, const char *zLabel, const char *zHint,
                  const char *const *azChoice, const char *zValue);
/* A file input; zAccept lists the types offered (".csv,text/csv"). */
void input_file(Web *w, const char *zName, const char *zLabel, const char *zHint, const char *zAccept,
                int multiple);
void input_textarea(Web *w, const char *zName, const char *zLabel, const char *zHint, const char *zValue);
/* Text with a documented maximum of maxChars characters, as GOV.UK's
** character count: a textarea of `rows` rows, or a one-line input when
** rows is 0. The server must refuse longer input (never cut it). */
void input_counted(Web *w, const char *zName, const char *zLabel, const char *zHint, const char *zValue,
                   int maxChars, int rows);
void button(Web *w, const char *zLabel);

/* ---- Parameters ---- */
const char *form_text(Web *w, const char *zName);   /* trimmed; "" when absent */
/* Date from the three GOV.UK fields NAME-day, NAME-month, NAME-year.
** Empty: DATE_NONE (and an error "Enter ..." if required). Adds errors
** in users' words naming zWhat ("the date the review was held"). */
Date form_date(Web *w, const char *zName, const char *zWhat, int required);
/* A date or month asked for in a GET form (a report's period): the boxes
** as typed (NAME-day, NAME-month, NAME-year), or NAME=YYYY-MM-DD
** (YYYY-MM) as the page's own links and downloads carry it; dflt when
** neither is given. Not a real date: DATE_NONE (-1) with the error, in
** GOV.UK's words, on NAME. */
Date query_date(Web *w, const char *zName, const char *zWhat, Date dflt);
int query_month(Web *w, const char *zName, const char *zWhat, int dflt);
/* A monthly report's month ("month"): last month unless asked; not one
** still to come. Its index with zIso "YYYY-MM" for the page's links, or
** -1 with the error. */
int report_month_param(Web *w, char zIso[16]);
/* A report's period ("from", "to"): *pFrom and *pTo hold the default and
** get the period asked for, with zFrom and zTo "YYYY-MM-DD" for the page's
** links; -1 with the errors when a day is not a real date or the last is
** before the first. input_period shows the two dates' boxes. */
int report_period_param(Web *w, Date *pFrom, Date *pTo, char zFrom[16], char zTo[16]);
void input_period(Web *w, Date from, Date to);
/* -1 not answered, 0 no, 1 yes. */
int form_yesno(Web *w, const char *zName);

/* ---- Children in URLs ---- */
/* The one child named by the first path segment, or NULL (404 written). */
ChildSet *path_child(Web *w);
/* "/children/REF" and zSuffix, the ref URL-escaped (refs come from the
** council's case system and may hold any character). Caller frees. */
char *child_url(const Child *c, const char *zSuffix);

/* ---- A page's tables and their downloads (web_tables.c) ----
** A page builds its tables once, as RTables, from the data it shows; the
** page draws them with reports_table_html() and its .csv and .xlsx routes
** send the same tables, so the three cannot disagree. */
#define PAGE_MAX_TABLES 12
typedef struct PageTables {
  RTable a[PAGE_MAX_TABLES];
  int n;
  char azTitle[PAGE_MAX_TABLES][200];
  char **azRef;              /* the children the tables name (each once), for the audit */
  int nRef, nRefAlloc;
  int *aSlot, nSlot;         /* azRef's index + 1 by hash: finding one is quick
                             ** however many (the service dashboard's 136,000
                             ** overdue items on 100,000 children) */
} PageTables;
/* Add a table, shown with zTitle as its caption; zSheet is its Excel
** sheet name (at most 31 characters, unique in the page). */
RTable *page_table(PageTables *p, const char *zSheet, const char *zTitle, const char *zEmpty,
                   const RColumn *aCol, int nCol);
/* Add a table built elsewhere: its rows move to the page's tables. */
RTable *page_table_take(PageTables *p, RTable *t);
/* Note that the tables name a child: a download is a view of their record. */
void page_tables_child(PageTables *p, const char *zRef);
void page_tables_free(PageTables *p);
/* Send the tables as w->fmt asks: CSV or .xlsx, saved as zStem-YYYY-MM-DD.
** Each child named is audited first (SPEC §11); a download that cannot be
** audited is not sent. */
void page_tables_send(Web *w, PageTables *p, const char *zStem);
/* The links to download a page's nTable tables, under them: zBase with
** .csv and .xlsx, and the page's own query (its filters). */
void download_links(Web *w, const char *zBase, int nTable);
/* A cell holding a deadline status: the words, shown as a status tag. */
void cell_status(RTable *t, int col, int status);
/* A cell's text shown as a GOV.UK tag of class zClass ("govuk-tag--red"). */
void cell_tag(RTable *t, int col, const char *zClass, const char *zText);

/* ---- Responses ---- */
void not_found(Web *w);
void forbidden(Web *w);
void redirect(Web *w, const char *zUrl);
/* The 403 page for a change to a child the user may see but not change:
** another IRO's child, with how to get cover recorded. */
void forbidden_child(Web *w);

/* ---- Who may change a child's record (SPEC §11) ----
** 1 when the signed-in user may change the child's records today: with
** CAP_ANY_CHILD any child; otherwise (an IRO) a child of their own caseload
** or of an IRO they are covering (cover.h). Every handler that changes a
** child's record asks this, after the route's capability, and answers
** forbidden_child() when it says no; pages ask it to offer only the
** actions the user may take. */
int may_change_child(Web *w, const Child *c);
int may_change_child_id(Web *w, int64_t childId);

/* The process-wide lock guarding the rules and calendar tables. */
void page_contact_counts_form(Web *w);   /* GET /rules/contacts/ITEM */
void page_contact_counts_save(Web *w);   /* POST /rules/contacts/ITEM */
void web_rules_changed(Web *w);

#endif
