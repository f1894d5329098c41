// The route x role matrix: every route of src/web.c's aRoute[] requested by
// every role (and by nobody), each answer checked against a capability table
// written here from SPEC §11 and users.c role_caps. POSTs carry a valid CSRF
// token and an empty form: the form must come back with errors and nothing
// may be saved.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { startServer, signIn, ROLES, userFor, BIN } from './lib.mjs';

const WEB_C = new URL('../../src/web.c', import.meta.url).pathname;

// ---- What each role may do (SPEC §11; users.c role_caps) ---------------------

const ALL_BUT_LADO = ['CHILD_VIEW', 'CHILD_EDIT', 'ALLOCATE', 'OWN_CASELOAD', 'SERVICE_VIEW', 'REPORTS',
  'RULES_EDIT', 'USERS_ADMIN', 'AUDIT_VIEW', 'PRIVATE_FOSTERING', 'HOMES', 'IMPORT', 'ESCALATE', 'ANY_CHILD', 'COVER',
  'IROS_ADMIN', 'CHILD_RECORDS',
  'PLACEMENTS'];
const CAPS = {
  // Administrator: everything except LADO records.
  // LADO_KPI, PF_REPORT, HOMES_REPORT: a service's report, figures only to
  // those with aggregate reports (web.h web_report_tables).
  // ANY_REPORT: the Reports page, listing the reports a role may open.
  // ALERTS_ANY: /alerts, children's alerts or a service's; SERVICE_ALERTS:
  // acknowledging escalations', LADO, private fostering or homes' alerts.
  admin: new Set([...ALL_BUT_LADO, 'LOAD_ANY', 'LADO_KPI', 'PF_REPORT', 'HOMES_REPORT', 'ANY_REPORT', 'ALERTS_ANY', 'SERVICE_ALERTS']),
  // QA manager: every child, the service dashboard, allocation, escalations,
  // recording cover, the IROs' and localities' records; not LADO, not the
  // administration pages.
  'qa-manager': new Set(['CHILD_VIEW', 'CHILD_EDIT', 'ALLOCATE', 'SERVICE_VIEW', 'REPORTS',
    'PRIVATE_FOSTERING', 'HOMES', 'ESCALATE', 'ANY_CHILD', 'COVER', 'IROS_ADMIN', 'CHILD_RECORDS',
    'PLACEMENTS', 'LOAD_ANY', 'LADO_KPI', 'PF_REPORT', 'HOMES_REPORT', 'ANY_REPORT', 'ALERTS_ANY', 'SERVICE_ALERTS']),
  // IRO: sees any child; records reviews, contacts and escalations for their
  // own caseload's children and their cover's only (no ANY_CHILD: the
  // handlers check each child; see the caseload tests below).
  iro: new Set(['CHILD_VIEW', 'CHILD_EDIT', 'OWN_CASELOAD', 'ESCALATE', 'ALERTS_ANY', 'SERVICE_ALERTS']),
  // Designated Officer: LADO records only.
  lado: new Set(['LADO', 'LADO_KPI', 'ANY_REPORT', 'ALERTS_ANY', 'SERVICE_ALERTS']),
  'pf-worker': new Set(['PRIVATE_FOSTERING', 'PF_REPORT', 'ANY_REPORT', 'ALERTS_ANY', 'SERVICE_ALERTS']),
  'residential-manager': new Set(['HOMES', 'HOMES_REPORT', 'ANY_REPORT', 'ALERTS_ANY', 'SERVICE_ALERTS']),
  // Business support: data entry for any child, and loading the SSDA903
  // return; does not act on escalations (SPEC §11), not even raising one.
  // Episodes of care (starting, ending, correcting) are data entry's and the
  // managers', not an IRO's.
  'business-support': new Set(['CHILD_VIEW', 'CHILD_EDIT', 'ALLOCATE', 'IMPORT', 'ANY_CHILD', 'CHILD_RECORDS', 'PLACEMENTS',
    'LOAD_ANY', 'ALERTS_ANY']),
  // Board member: aggregate reports only, never a child's record.
  board: new Set(['REPORTS', 'LADO_KPI', 'PF_REPORT', 'HOMES_REPORT', 'ANY_REPORT']),
};
const WHO = [...ROLES, 'nobody'];

// ---- The route table, mirroring web.c aRoute[] ---------------------------------
// args name what fills each {} in order; form is the "empty" form posted.

const ROUTES = [
  { method: 'GET', pattern: '/', cap: null },
  // Anyone signed in turns their own email digests on or off; an empty form
  // comes back with an error.
  { method: 'GET', pattern: '/account/emails', cap: null },
  { method: 'POST', pattern: '/account/emails', cap: null },
  // Anyone signed in changes their own password; an empty form comes back with errors.
  { method: 'GET', pattern: '/account/password', cap: null },
  { method: 'POST', pattern: '/account/password', cap: null },
  // The emails queued, sent and failed (subjects only): an administrator's.
  { method: 'GET', pattern: '/admin', cap: 'USERS_ADMIN' },
  { method: 'GET', pattern: '/admin/outbox', cap: 'USERS_ADMIN' },
  { method: 'GET', pattern: '/reports', cap: 'ANY_REPORT' },
  // Children's alerts and the services' (escalations, LADO, private fostering, homes).
  { method: 'GET', pattern: '/alerts', cap: 'ALERTS_ANY' },
  // Data protection (web_retention.c): the administrator's. The record is a
  // child within retention: its page says so, and an empty (unconfirmed)
  // destruction comes back with an error, nothing destroyed.
  { method: 'GET', pattern: '/admin/retention', cap: 'USERS_ADMIN' },
  { method: 'GET', pattern: '/admin/retention/{}/{}', cap: 'USERS_ADMIN', args: ['retKind', 'retId'] },
  { method: 'POST', pattern: '/admin/retention/{}/{}', cap: 'USERS_ADMIN', args: ['retKind', 'retId'] },
  { method: 'GET', pattern: '/admin/sar', cap: 'USERS_ADMIN' },
  { method: 'GET', pattern: '/admin/sar/staff', cap: 'USERS_ADMIN' },
  { method: 'GET', pattern: '/alerts.csv', cap: 'CHILD_VIEW' },
  { method: 'GET', pattern: '/alerts.xlsx', cap: 'CHILD_VIEW' },
  { method: 'POST', pattern: '/alerts', cap: 'CHILD_VIEW' },
  { method: 'POST', pattern: '/alerts/acknowledge', cap: 'SERVICE_ALERTS' },
  { method: 'GET', pattern: '/audit', cap: 'AUDIT_VIEW' },
  { method: 'GET', pattern: '/audit.csv', cap: 'AUDIT_VIEW' },
  { method: 'GET', pattern: '/audit.xlsx', cap: 'AUDIT_VIEW' },
  { method: 'GET', pattern: '/children', cap: 'CHILD_VIEW' },
  { method: 'GET', pattern: '/children.csv', cap: 'CHILD_VIEW' },
  { method: 'GET', pattern: '/children.xlsx', cap: 'CHILD_VIEW' },
  { method: 'POST', pattern: '/children', cap: 'CHILD_RECORDS' },
  { method: 'GET', pattern: '/children/new', cap: 'CHILD_RECORDS' },
  { method: 'GET', pattern: '/children/{}', cap: 'CHILD_VIEW', args: ['ref'] },
  { method: 'POST', pattern: '/children/{}', cap: 'CHILD_RECORDS', args: ['ref'] },
  { method: 'GET', pattern: '/children/{}/edit', cap: 'CHILD_RECORDS', args: ['ref'] },
  { method: 'GET', pattern: '/children/{}/notifications', cap: 'CHILD_RECORDS', args: ['ref'] },
  { method: 'POST', pattern: '/children/{}/notifications', cap: 'CHILD_RECORDS', args: ['ref'] },
  { method: 'POST', pattern: '/children/{}/notifications/{}', cap: 'CHILD_RECORDS', args: ['ref', 'careNotification'] },
  { method: 'GET', pattern: '/children/{}/siblings', cap: 'CHILD_RECORDS', args: ['ref'] },
  { method: 'POST', pattern: '/children/{}/siblings', cap: 'CHILD_RECORDS', args: ['ref'] },
  { method: 'POST', pattern: '/children/{}/siblings/unlink', cap: 'CHILD_RECORDS', args: ['ref'] },
  { method: 'GET', pattern: '/children/{}/download.csv', cap: 'CHILD_VIEW', args: ['ref'] },
  { method: 'GET', pattern: '/children/{}/download.xlsx', cap: 'CHILD_VIEW', args: ['ref'] },
  { method: 'GET', pattern: '/children/{}/allocation', cap: 'ALLOCATE', args: ['ref'] },
  { method: 'POST', pattern: '/children/{}/allocation', cap: 'ALLOCATE', args: ['ref'] },
  { method: 'GET', pattern: '/children/{}/contacts/new', cap: 'CHILD_EDIT', args: ['ref'] },
  { method: 'POST', pattern: '/children/{}/contacts', cap: 'CHILD_EDIT', args: ['ref'] },
  { method: 'GET', pattern: '/children/{}/reviews/new', cap: 'CHILD_EDIT', args: ['ref'] },
  { method: 'POST', pattern: '/children/{}/reviews', cap: 'CHILD_EDIT', args: ['ref'] },
  { method: 'GET', pattern: '/children/{}/reviews/{}/edit', cap: 'CHILD_EDIT', args: ['ref', 'review'] },
  { method: 'POST', pattern: '/children/{}/reviews/{}', cap: 'CHILD_EDIT', args: ['ref', 'review'] },
  { method: 'GET', pattern: '/children/{}/reviews/{}/letter', cap: 'CHILD_VIEW', args: ['ref', 'review'] },
  { method: 'POST', pattern: '/children/{}/reviews/{}/letter', cap: 'CHILD_EDIT', args: ['ref', 'review'] },
  { method: 'GET', pattern: '/children/{}/reviews/{}/record', cap: 'CHILD_VIEW', args: ['ref', 'review'] },
  { method: 'POST', pattern: '/children/{}/reviews/{}/record', cap: 'CHILD_EDIT', args: ['ref', 'review'] },
  { method: 'GET', pattern: '/children/{}/placements/new', cap: 'PLACEMENTS', args: ['ref'] },
  { method: 'POST', pattern: '/children/{}/placements', cap: 'PLACEMENTS', args: ['ref'] },
  { method: 'GET', pattern: '/children/{}/placements/end', cap: 'PLACEMENTS', args: ['ref'] },
  { method: 'POST', pattern: '/children/{}/placements/end', cap: 'PLACEMENTS', args: ['ref'] },
  { method: 'GET', pattern: '/children/{}/placements/{}/edit', cap: 'PLACEMENTS', args: ['ref', 'episode'] },
  { method: 'POST', pattern: '/children/{}/placements/{}', cap: 'PLACEMENTS', args: ['ref', 'episode'] },
  { method: 'GET', pattern: '/children/{}/recommendations/{}', cap: 'CHILD_VIEW', args: ['ref', 'recommendation'] },
  { method: 'POST', pattern: '/children/{}/recommendations/{}', cap: 'CHILD_EDIT', args: ['ref', 'recommendation'] },
  { method: 'GET', pattern: '/children/{}/unregistered', cap: 'CHILD_EDIT', args: ['ref'] },
  { method: 'GET', pattern: '/children/{}/unregistered.csv', cap: 'CHILD_EDIT', args: ['ref'] },
  { method: 'GET', pattern: '/children/{}/unregistered.xlsx', cap: 'CHILD_EDIT', args: ['ref'] },
  { method: 'POST', pattern: '/children/{}/unregistered/notified', cap: 'CHILD_EDIT', args: ['ref'] },
  { method: 'POST', pattern: '/children/{}/unregistered/record', cap: 'CHILD_EDIT', args: ['ref'] },
  { method: 'POST', pattern: '/children/{}/unregistered/visit', cap: 'CHILD_EDIT', args: ['ref'] },
  { method: 'GET', pattern: '/escalations', cap: 'CHILD_VIEW' },
  { method: 'GET', pattern: '/escalations.csv', cap: 'CHILD_VIEW' },
  { method: 'GET', pattern: '/escalations.xlsx', cap: 'CHILD_VIEW' },
  { method: 'POST', pattern: '/escalations', cap: 'ESCALATE' },
  { method: 'GET', pattern: '/escalations/new', cap: 'ESCALATE' },
  { method: 'GET', pattern: '/escalations/weekly', cap: 'SERVICE_VIEW' },
  { method: 'GET', pattern: '/escalations/weekly.csv', cap: 'SERVICE_VIEW' },
  { method: 'GET', pattern: '/escalations/weekly.xlsx', cap: 'SERVICE_VIEW' },
  { method: 'GET', pattern: '/escalations/{}', cap: 'CHILD_VIEW', args: ['escalation'] },
  { method: 'POST', pattern: '/escalations/{}/respond', cap: 'ESCALATE', args: ['escalation'] },
  { method: 'POST', pattern: '/escalations/{}/move', cap: 'ESCALATE', args: ['escalation'] },
  { method: 'POST', pattern: '/escalations/{}/close', cap: 'ESCALATE', args: ['escalation'] },
  { method: 'GET', pattern: '/homes', cap: 'HOMES' },
  { method: 'GET', pattern: '/homes.csv', cap: 'HOMES' },
  { method: 'GET', pattern: '/homes.xlsx', cap: 'HOMES' },
  { method: 'POST', pattern: '/homes', cap: 'HOMES' },
  { method: 'GET', pattern: '/homes/new', cap: 'HOMES' },
  { method: 'GET', pattern: '/homes/qpag', cap: 'HOMES_REPORT' },
  { method: 'GET', pattern: '/homes/qpag.csv', cap: 'HOMES_REPORT' },
  { method: 'GET', pattern: '/homes/qpag.xlsx', cap: 'HOMES_REPORT' },
  { method: 'GET', pattern: '/homes/qpag/actions', cap: 'HOMES' },
  { method: 'GET', pattern: '/homes/qpag/actions.csv', cap: 'HOMES' },
  { method: 'GET', pattern: '/homes/qpag/actions.xlsx', cap: 'HOMES' },
  { method: 'POST', pattern: '/homes/qpag/actions', cap: 'HOMES' },
  { method: 'POST', pattern: '/homes/qpag/actions/{}/done', cap: 'HOMES', args: ['qpag'] },
  { method: 'POST', pattern: '/homes/qpag/actions/{}/escalate', cap: 'HOMES', args: ['qpag'] },
  { method: 'POST', pattern: '/homes/qpag/thematic', cap: 'HOMES' },
  { method: 'GET', pattern: '/homes/{}', cap: 'HOMES', args: ['home'] },
  { method: 'GET', pattern: '/homes/{}/download.csv', cap: 'HOMES', args: ['home'] },
  { method: 'GET', pattern: '/homes/{}/download.xlsx', cap: 'HOMES', args: ['home'] },
  { method: 'POST', pattern: '/homes/{}', cap: 'HOMES', args: ['home'] },
  { method: 'POST', pattern: '/homes/{}/audit-actions/{}/done', cap: 'HOMES', args: ['home', 'auditAction'] },
  { method: 'POST', pattern: '/homes/{}/audit-actions/{}/qpag', cap: 'HOMES', args: ['qaHome', 'qaAction'] },
  { method: 'POST', pattern: '/homes/{}/audits', cap: 'HOMES', args: ['home'] },
  { method: 'POST', pattern: '/homes/{}/feedback', cap: 'HOMES', args: ['home'] },
  { method: 'GET', pattern: '/homes/{}/feedback/new', cap: 'HOMES', args: ['home'] },
  { method: 'GET', pattern: '/homes/{}/feedback/{}', cap: 'HOMES', args: ['home', 'feedback'] },
  { method: 'POST', pattern: '/homes/{}/feedback/{}', cap: 'HOMES', args: ['home', 'feedback'] },
  { method: 'GET', pattern: '/homes/{}/edit', cap: 'HOMES', args: ['home'] },
  { method: 'POST', pattern: '/homes/{}/inspections', cap: 'HOMES', args: ['home'] },
  { method: 'GET', pattern: '/homes/{}/inspections/new', cap: 'HOMES', args: ['home'] },
  { method: 'GET', pattern: '/homes/{}/inspections/{}', cap: 'HOMES', args: ['home', 'inspection'] },
  { method: 'GET', pattern: '/homes/{}/inspections/{}/download.csv', cap: 'HOMES', args: ['home', 'inspection'] },
  { method: 'GET', pattern: '/homes/{}/inspections/{}/download.xlsx', cap: 'HOMES', args: ['home', 'inspection'] },
  { method: 'POST', pattern: '/homes/{}/inspections/{}/actions', cap: 'HOMES', args: ['home', 'inspection'] },
  { method: 'POST', pattern: '/homes/{}/inspections/{}/actions/{}/complete', cap: 'HOMES', args: ['home', 'inspection', 'action'] },
  { method: 'POST', pattern: '/homes/{}/inspections/{}/monitoring', cap: 'HOMES', args: ['home', 'inspection'] },
  { method: 'POST', pattern: '/homes/{}/inspections/{}/requirements', cap: 'HOMES', args: ['home', 'inspection'] },
  { method: 'POST', pattern: '/homes/{}/months', cap: 'HOMES', args: ['home'] },
  { method: 'GET', pattern: '/homes/{}/months/new', cap: 'HOMES', args: ['home'] },
  { method: 'POST', pattern: '/homes/{}/notifications', cap: 'HOMES', args: ['home'] },
  { method: 'POST', pattern: '/homes/{}/notifications/{}', cap: 'HOMES', args: ['home', 'notification'] },
  { method: 'POST', pattern: '/homes/{}/qa-audits', cap: 'HOMES', args: ['home'] },
  { method: 'GET', pattern: '/homes/{}/qa-audits/{}', cap: 'HOMES', args: ['qaHome', 'qaAudit'] },
  { method: 'POST', pattern: '/homes/{}/qa-audits/{}/actions', cap: 'HOMES', args: ['qaHome', 'qaAudit'] },
  { method: 'POST', pattern: '/homes/{}/reg44', cap: 'HOMES', args: ['home'] },
  { method: 'GET', pattern: '/homes/{}/reg44/{}', cap: 'HOMES', args: ['home', 'visit'] },
  { method: 'POST', pattern: '/homes/{}/reg44/{}', cap: 'HOMES', args: ['home', 'visit'] },
  { method: 'POST', pattern: '/homes/{}/weekly', cap: 'HOMES', args: ['home'] },
  { method: 'GET', pattern: '/homes/{}/weekly/new', cap: 'HOMES', args: ['home'] },
  { method: 'POST', pattern: '/homes/{}/surveys', cap: 'HOMES', args: ['home'] },
  { method: 'GET', pattern: '/homes/{}/surveys/{}', cap: 'HOMES', args: ['surveyHome', 'survey'] },
  { method: 'POST', pattern: '/homes/{}/surveys/{}', cap: 'HOMES', args: ['surveyHome', 'survey'] },
  { method: 'GET', pattern: '/homes/{}/surveys/{}/edit', cap: 'HOMES', args: ['surveyHome', 'survey'] },
  { method: 'POST', pattern: '/homes/{}/surveys/{}/responses', cap: 'HOMES', args: ['surveyHome', 'survey'] },
  // The SSDA903 upload: an empty POST re-shows the form with errors; with no
  // upload token, the check, download and load steps say to upload again.
  // Load data: the list shows each role the loads it may do (LOAD_ANY is
  // any of IMPORT, CHILD_RECORDS, IROS_ADMIN, USERS_ADMIN, PLACEMENTS).
  { method: 'GET', pattern: '/import', cap: 'LOAD_ANY' },
  { method: 'GET', pattern: '/import/903', cap: 'IMPORT' },
  { method: 'POST', pattern: '/import/903', cap: 'IMPORT' },
  { method: 'GET', pattern: '/import/903/changes.csv', cap: 'IMPORT' },
  { method: 'GET', pattern: '/import/903/check', cap: 'IMPORT' },
  { method: 'GET', pattern: '/import/903/errors.csv', cap: 'IMPORT' },
  { method: 'POST', pattern: '/import/903/load', cap: 'IMPORT' },
  // A CSV load: a POST with no file re-shows the form saying to choose one.
  { method: 'GET', pattern: '/import/children', cap: 'CHILD_RECORDS' },
  { method: 'POST', pattern: '/import/children', cap: 'CHILD_RECORDS' },
  { method: 'GET', pattern: '/import/children/download.csv', cap: 'CHILD_RECORDS' },
  { method: 'GET', pattern: '/import/iros', cap: 'IROS_ADMIN' },
  { method: 'POST', pattern: '/import/iros', cap: 'IROS_ADMIN' },
  { method: 'GET', pattern: '/import/iros/download.csv', cap: 'IROS_ADMIN' },
  { method: 'GET', pattern: '/import/postcodes', cap: 'PLACEMENTS' },
  { method: 'POST', pattern: '/import/postcodes', cap: 'PLACEMENTS' },
  { method: 'GET', pattern: '/import/users', cap: 'USERS_ADMIN' },
  { method: 'POST', pattern: '/import/users', cap: 'USERS_ADMIN' },
  { method: 'GET', pattern: '/iros', cap: 'IROS_ADMIN' },
  { method: 'GET', pattern: '/iros.csv', cap: 'IROS_ADMIN' },
  { method: 'GET', pattern: '/iros.xlsx', cap: 'IROS_ADMIN' },
  { method: 'POST', pattern: '/iros', cap: 'IROS_ADMIN' },
  { method: 'GET', pattern: '/iros/new', cap: 'IROS_ADMIN' },
  { method: 'GET', pattern: '/iros/{}', cap: 'SERVICE_VIEW', args: ['iro'] },
  { method: 'POST', pattern: '/iros/{}/cover', cap: 'COVER', args: ['iro'] },
  { method: 'POST', pattern: '/iros/{}/cover/{}/end', cap: 'COVER', args: ['iro', 'cover'] },
  { method: 'POST', pattern: '/iros/{}', cap: 'IROS_ADMIN', args: ['iro'] },
  { method: 'GET', pattern: '/iros/{}/download.csv', cap: 'SERVICE_VIEW', args: ['iro'] },
  { method: 'GET', pattern: '/iros/{}/download.xlsx', cap: 'SERVICE_VIEW', args: ['iro'] },
  { method: 'GET', pattern: '/iros/{}/edit', cap: 'IROS_ADMIN', args: ['iro'] },
  { method: 'GET', pattern: '/lado', cap: 'LADO' },
  { method: 'GET', pattern: '/lado/cases', cap: 'LADO' },
  { method: 'GET', pattern: '/lado/cases.csv', cap: 'LADO' },
  { method: 'GET', pattern: '/lado/cases.xlsx', cap: 'LADO' },
  { method: 'GET', pattern: '/lado/cases/{}', cap: 'LADO', args: ['ladoCase'] },
  { method: 'POST', pattern: '/lado/cases/{}/close', cap: 'LADO', args: ['ladoCase'] },
  { method: 'POST', pattern: '/lado/cases/{}/correction', cap: 'LADO', args: ['ladoCase'] },
  { method: 'POST', pattern: '/lado/cases/{}/decision', cap: 'LADO', args: ['ladoCase'] },
  { method: 'POST', pattern: '/lado/cases/{}/meetings', cap: 'LADO', args: ['ladoCase'] },
  { method: 'POST', pattern: '/lado/cases/{}/outcome', cap: 'LADO', args: ['ladoCase'] },
  { method: 'POST', pattern: '/lado/cases/{}/recommendations', cap: 'LADO', args: ['ladoCase'] },
  { method: 'POST', pattern: '/lado/cases/{}/referral', cap: 'LADO', args: ['ladoCase'] },
  { method: 'POST', pattern: '/lado/cases/{}/retention', cap: 'LADO', args: ['ladoCase'] },
  // Issue 20: a strategy meeting attended and the cross-border details, on
  // an open case; dip samples and training, each listed, added and corrected.
  { method: 'POST', pattern: '/lado/cases/{}/strategy-meetings', cap: 'LADO', args: ['ladoCase'] },
  { method: 'POST', pattern: '/lado/cases/{}/cross-border', cap: 'LADO', args: ['ladoCase'] },
  { method: 'GET', pattern: '/lado/dip-samples', cap: 'LADO' },
  { method: 'GET', pattern: '/lado/dip-samples.csv', cap: 'LADO' },
  { method: 'GET', pattern: '/lado/dip-samples.xlsx', cap: 'LADO' },
  { method: 'POST', pattern: '/lado/dip-samples', cap: 'LADO' },
  { method: 'GET', pattern: '/lado/dip-samples/new', cap: 'LADO' },
  { method: 'GET', pattern: '/lado/dip-samples/{}', cap: 'LADO', args: ['ladoDip'] },
  { method: 'POST', pattern: '/lado/dip-samples/{}', cap: 'LADO', args: ['ladoDip'] },
  { method: 'GET', pattern: '/lado/training', cap: 'LADO' },
  { method: 'GET', pattern: '/lado/training.csv', cap: 'LADO' },
  { method: 'GET', pattern: '/lado/training.xlsx', cap: 'LADO' },
  { method: 'POST', pattern: '/lado/training', cap: 'LADO' },
  { method: 'GET', pattern: '/lado/training/new', cap: 'LADO' },
  { method: 'GET', pattern: '/lado/training/{}', cap: 'LADO', args: ['ladoTraining'] },
  { method: 'POST', pattern: '/lado/training/{}', cap: 'LADO', args: ['ladoTraining'] },
  // Destroying a closed case: the check page, and an unconfirmed POST that
  // comes back with an error.
  { method: 'GET', pattern: '/lado/cases/{}/destroy', cap: 'LADO', args: ['ladoClosed'] },
  { method: 'POST', pattern: '/lado/cases/{}/destroy', cap: 'LADO', args: ['ladoClosed'] },
  // An adult's subject access copy: the form.
  { method: 'GET', pattern: '/lado/sar', cap: 'LADO' },
  { method: 'POST', pattern: '/lado/contacts', cap: 'LADO' },
  { method: 'GET', pattern: '/lado/contacts/new', cap: 'LADO' },
  { method: 'GET', pattern: '/lado/dashboard.csv', cap: 'LADO' },
  { method: 'GET', pattern: '/lado/dashboard.xlsx', cap: 'LADO' },
  { method: 'GET', pattern: '/lado/export.csv', cap: 'LADO' },
  { method: 'POST', pattern: '/lado/recommendations/{}/implemented', cap: 'LADO', args: ['ladoRec'] },
  { method: 'GET', pattern: '/lado/report', cap: 'LADO_KPI' },
  { method: 'GET', pattern: '/lado/report.csv', cap: 'LADO_KPI' },
  { method: 'GET', pattern: '/lado/report.xlsx', cap: 'LADO_KPI' },
  { method: 'GET', pattern: '/localities', cap: 'IROS_ADMIN' },
  { method: 'GET', pattern: '/localities.csv', cap: 'IROS_ADMIN' },
  { method: 'GET', pattern: '/localities.xlsx', cap: 'IROS_ADMIN' },
  { method: 'POST', pattern: '/localities', cap: 'IROS_ADMIN' },
  { method: 'POST', pattern: '/localities/{}', cap: 'IROS_ADMIN', args: ['locality'] },
  { method: 'GET', pattern: '/login', cap: null, public: true },
  { method: 'POST', pattern: '/login', cap: null, public: true },
  { method: 'POST', pattern: '/logout', cap: null },
  { method: 'GET', pattern: '/my-children.csv', cap: 'OWN_CASELOAD' },
  { method: 'GET', pattern: '/my-children.xlsx', cap: 'OWN_CASELOAD' },
  // The one-time link is public (no session yet); without a valid token it is
  // "gone" for everyone, signed in or not, and nothing is saved.
  { method: 'GET', pattern: '/password/set', cap: null, public: true, status: 410 },
  { method: 'POST', pattern: '/password/set', cap: null, public: true, status: 410 },
  { method: 'GET', pattern: '/private-fostering', cap: 'PRIVATE_FOSTERING' },
  { method: 'POST', pattern: '/private-fostering', cap: 'PRIVATE_FOSTERING' },
  { method: 'GET', pattern: '/private-fostering.csv', cap: 'PRIVATE_FOSTERING' },
  { method: 'GET', pattern: '/private-fostering.xlsx', cap: 'PRIVATE_FOSTERING' },
  { method: 'GET', pattern: '/private-fostering/new', cap: 'PRIVATE_FOSTERING' },
  { method: 'GET', pattern: '/private-fostering/report', cap: 'PF_REPORT' },
  { method: 'GET', pattern: '/private-fostering/sar', cap: 'PRIVATE_FOSTERING' },
  { method: 'GET', pattern: '/private-fostering/report.csv', cap: 'PF_REPORT' },
  { method: 'GET', pattern: '/private-fostering/report.xlsx', cap: 'PF_REPORT' },
  { method: 'GET', pattern: '/private-fostering/{}', cap: 'PRIVATE_FOSTERING', args: ['pf'] },
  { method: 'POST', pattern: '/private-fostering/{}/assessment', cap: 'PRIVATE_FOSTERING', args: ['pf'] },
  { method: 'POST', pattern: '/private-fostering/{}/audits', cap: 'PRIVATE_FOSTERING', args: ['pf'] },
  { method: 'GET', pattern: '/private-fostering/{}/download.csv', cap: 'PRIVATE_FOSTERING', args: ['pf'] },
  { method: 'GET', pattern: '/private-fostering/{}/download.xlsx', cap: 'PRIVATE_FOSTERING', args: ['pf'] },
  { method: 'POST', pattern: '/private-fostering/{}/details', cap: 'PRIVATE_FOSTERING', args: ['pf'] },
  { method: 'POST', pattern: '/private-fostering/{}/end', cap: 'PRIVATE_FOSTERING', args: ['pf'] },
  { method: 'POST', pattern: '/private-fostering/{}/initial-visit', cap: 'PRIVATE_FOSTERING', args: ['pf'] },
  { method: 'POST', pattern: '/private-fostering/{}/orders', cap: 'PRIVATE_FOSTERING', args: ['pf'] },
  { method: 'POST', pattern: '/private-fostering/{}/visits', cap: 'PRIVATE_FOSTERING', args: ['pf'] },
  { method: 'GET', pattern: '/reports/annual', cap: 'REPORTS' },
  { method: 'GET', pattern: '/reports/annual.csv', cap: 'REPORTS' },
  { method: 'GET', pattern: '/reports/annual.xlsx', cap: 'REPORTS' },
  { method: 'GET', pattern: '/reports/exceptions', cap: 'SERVICE_VIEW' },
  { method: 'GET', pattern: '/reports/exceptions.csv', cap: 'SERVICE_VIEW' },
  { method: 'GET', pattern: '/reports/exceptions.xlsx', cap: 'SERVICE_VIEW' },
  { method: 'GET', pattern: '/reports/weekly', cap: 'SERVICE_VIEW' },
  { method: 'GET', pattern: '/reports/weekly.csv', cap: 'SERVICE_VIEW' },
  { method: 'GET', pattern: '/reports/weekly.xlsx', cap: 'SERVICE_VIEW' },
  { method: 'GET', pattern: '/rules', cap: 'RULES_EDIT' },
  { method: 'GET', pattern: '/rules.csv', cap: 'RULES_EDIT' },
  { method: 'GET', pattern: '/rules.xlsx', cap: 'RULES_EDIT' },
  { method: 'GET', pattern: '/rules/{}', cap: 'RULES_EDIT', args: ['rule'] },
  { method: 'POST', pattern: '/rules/{}', cap: 'RULES_EDIT', args: ['rule'] },
  { method: 'GET', pattern: '/rules/contacts/{}', cap: 'RULES_EDIT', args: ['contactItem'] },
  { method: 'POST', pattern: '/rules/contacts/{}', cap: 'RULES_EDIT', args: ['contactItem'] },
  { method: 'GET', pattern: '/service', cap: 'SERVICE_VIEW' },
  { method: 'GET', pattern: '/service.csv', cap: 'SERVICE_VIEW' },
  { method: 'GET', pattern: '/service.xlsx', cap: 'SERVICE_VIEW' },
  { method: 'GET', pattern: '/unregistered', cap: 'CHILD_VIEW' },
  { method: 'GET', pattern: '/unregistered.csv', cap: 'CHILD_VIEW' },
  { method: 'GET', pattern: '/unregistered.xlsx', cap: 'CHILD_VIEW' },
  { method: 'GET', pattern: '/users', cap: 'USERS_ADMIN' },
  { method: 'GET', pattern: '/users.csv', cap: 'USERS_ADMIN' },
  { method: 'GET', pattern: '/users.xlsx', cap: 'USERS_ADMIN' },
  { method: 'POST', pattern: '/users', cap: 'USERS_ADMIN' },
  { method: 'GET', pattern: '/users/new', cap: 'USERS_ADMIN' },
  { method: 'GET', pattern: '/users/{}', cap: 'USERS_ADMIN', args: ['user'] },
  // The user page has three forms told apart by "action"; an empty role form
  // is the one to come back with errors (no action at all: see below).
  { method: 'POST', pattern: '/users/{}', cap: 'USERS_ADMIN', args: ['user'], form: { action: 'role' } },
  // Unlocking an account that is not locked saves nothing and says so.
  { method: 'POST', pattern: '/users/{}/unlock', cap: 'USERS_ADMIN', args: ['user'] },
];

const key = (r) => `${r.method} ${r.pattern}`;

function fill(route, v) {
  let i = 0;
  return route.pattern.replace(/\{\}/g, () => encodeURIComponent(v[route.args[i++]]));
}

// The status a request must get, from the capability table alone.
function expected(route, who, caps = CAPS) {
  if (route.status) return route.status;
  if (who === 'nobody') {
    if (route.public) return 200;                   // the sign-in form; an empty sign-in is re-shown
    return route.method === 'GET' ? 302 : 403;      // to sign-in / refused
  }
  if (route.public) return route.method === 'GET' ? 303 : 200;  // signed in: /login goes home
  if (route.cap && !caps[who].has(route.cap)) return 403;
  if (route.method === 'GET') return 200;
  if (route.pattern === '/logout') return 303;
  return 200;                                       // empty form re-shown with errors, nothing saved
}

// ---- Helpers -------------------------------------------------------------------------

async function request(base, method, path, { cookie, form, headers = {} } = {}) {
  const h = { ...headers };
  if (cookie) h.cookie = cookie;
  const r = await fetch(base + path, {
    method, redirect: 'manual', headers: h,
    body: method === 'POST' ? new URLSearchParams(form || {}) : undefined,
  });
  return { status: r.status, headers: r.headers, text: await r.text() };
}

const html = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  .replace(/"/g, '&quot;').replace(/'/g, '&#39;');

// Everything a POST could change, as one comparable string.
function snapshot(s) {
  return s.sql(`SELECT (SELECT count(*) FROM child) || ' ' || (SELECT count(*) FROM episode) || ' ' ||
    (SELECT count(*) FROM review) || ' ' || (SELECT count(*) FROM contact) || ' ' ||
    (SELECT count(*) FROM allocation) || ' ' || (SELECT count(*) FROM users) || ' ' ||
    (SELECT count(*) FROM session) || ' ' || (SELECT count(*) FROM audit_log) || ' ' ||
    (SELECT count(*) FROM lado_case WHERE decision IS NOT NULL) || ' ' || (SELECT count(*) FROM lado_meeting) || ' ' ||
    (SELECT count(*) FROM lado_case WHERE closed_on IS NOT NULL) || ' ' || (SELECT count(*) FROM lado_recommendation) || ' ' ||
    (SELECT count(*) FROM lado_recommendation WHERE implemented_on IS NOT NULL) || ' ' ||
    (SELECT count(*) FROM lado_advice_correction) || ' ' || (SELECT count(*) FROM lado_retention_review) || ' ' ||
    (SELECT count(*) FROM lado_case WHERE harm_category IS NOT NULL) || ' ' || (SELECT count(*) FROM lado_action) || ' ' ||
    (SELECT group_concat(name || '=' || amount || ' ' || unit, ';') FROM (SELECT * FROM rule ORDER BY name)) || ' ' ||
    (SELECT group_concat(item || '=' || with_whom, ';') FROM (SELECT * FROM contact_counts ORDER BY item, with_whom)) || ' ' ||
    (SELECT group_concat(username || ':' || role || ':' || ifnull(iro_id, '') || ':' || disabled || ':' ||
      password_hash || ':' || failed_count || ':' || ifnull(locked_until, ''), ';')
       FROM (SELECT * FROM users ORDER BY id)) || ' ' ||
    (SELECT total(length(ifnull(held_on,'') || ifnull(iro_id,'') || ifnull(participation,''))) FROM review) || ' ' ||
    (SELECT count(*) FROM pf_arrangement) || ' ' || (SELECT count(*) FROM pf_visit) || ' ' ||
    (SELECT count(*) FROM pf_case_audit) || ' ' || (SELECT count(*) FROM pf_order) || ' ' ||
    (SELECT group_concat(ifnull(initial_visit_on,'') || ifnull(decision,'') || ifnull(assessment_on,'') ||
      ifnull(ended_on,''), ';') FROM pf_arrangement) || ' ' ||
    (SELECT count(*) FROM home) || ' ' || (SELECT count(*) FROM inspection) || ' ' ||
    (SELECT count(*) FROM inspection_requirement) || ' ' || (SELECT count(*) FROM monitoring_review) || ' ' ||
    (SELECT group_concat(id || ':' || ifnull(completed_on, ''), ';') FROM inspection_action) || ' ' ||
    (SELECT group_concat(id || ':' || ifnull(report_on, '') || ifnull(sent_on, ''), ';') FROM reg44_visit) || ' ' ||
    (SELECT count(*) FROM home_audit) || ' ' || (SELECT group_concat(ifnull(done_on, '-'), ';') FROM home_audit_action) || ' ' ||
    (SELECT group_concat(ifnull(notified_at, '-'), ';') FROM home_notification) || ' ' ||
    (SELECT group_concat(ifnull(done_on, '-') || ifnull(escalated_on, '-'), ';') FROM qpag_action) || ' ' ||
    (SELECT count(*) FROM thematic_review) || ' ' ||
    (SELECT count(*) FROM escalation) || ' ' || (SELECT count(*) FROM escalation_stage) || ' ' ||
    (SELECT group_concat(ifnull(responded_on, '-'), ';') FROM escalation_stage) || ' ' ||
    (SELECT group_concat(ifnull(closed_on, '-'), ';') FROM escalation) || ' ' ||
    (SELECT count(*) FROM unreg_event) || ' ' || (SELECT count(*) FROM oversight_record) || ' ' ||
    (SELECT group_concat(id || ':' || to_date || ':' || ifnull(withdrawn_at, '-'), ';') FROM iro_cover) || ' ' ||
    (SELECT count(*) FROM alert_ack) || ' ' || (SELECT count(*) FROM service_alert_ack) || ' ' ||
    (SELECT count(*) FROM retention_destruction) || ' ' ||
    (SELECT count(*) FROM lado_case) || ' ' ||
    (SELECT count(*) || ':' || total(failed_count) FROM login_lock) || ' ' ||
    (SELECT group_concat(name || ':' || fte || ':' || other_duties || ':' || ifnull(email, '') || ':' ||
      ifnull(left_date, ''), ';') FROM (SELECT * FROM iro ORDER BY id)) || ' ' ||
    (SELECT count(*) FROM iro_locality) || ' ' ||
    (SELECT group_concat(name, ';') FROM (SELECT * FROM locality ORDER BY id)) || ' ' ||

    (SELECT group_concat(id || ':' || notified_on, ';') FROM care_notification) || ' ' ||
    (SELECT total(ifnull(sibling_group_id, 0)) FROM child) || ' ' ||
    (SELECT group_concat(given_name || family_name || dob || sex, ';') FROM child)`);
}

// A child in care, with reviews and an IRO now, who shows on the service
// dashboard; one of their reviews; their IRO.
async function chooseChild(s, cookie) {
  const rows = s.sql(`SELECT c.child_ref, c.given_name, c.family_name, a.iro_id,
      (SELECT max(id) FROM review r WHERE r.child_id = c.id)
    FROM child c JOIN allocation a ON a.child_id = c.id AND a.end_date IS NULL
    WHERE EXISTS (SELECT 1 FROM episode e WHERE e.child_id = c.id AND e.end_date IS NULL)
      AND EXISTS (SELECT 1 FROM review r WHERE r.child_id = c.id)
    ORDER BY c.child_ref`).split('\n').map((l) => l.split('|'));
  const service = await (await fetch(s.base + '/service', { headers: { cookie } })).text();
  const shown = new Set([...service.matchAll(/href="\/children\/([^"/?]+)"/g)].map((m) => m[1]));
  const row = rows.find((r) => shown.has(r[0])) || rows[0];
  return { ref: row[0], given: row[1], family: row[2], iro: row[3], review: row[4] };
}

// ---- The server, signed in as everyone ------------------------------------------------

let s, sess, v, child, observed;

before(async () => {
  s = await startServer();
  sess = { nobody: {} };
  for (const role of ROLES) sess[role] = await signIn(s.base, role);
  for (const role of ROLES) assert.match(sess[role].csrf || '', /^[0-9a-f]{64}$/, `csrf of ${role}`);
  child = await chooseChild(s, sess.admin.cookie);
  // The IRO user works the chosen child's IRO's caseload, so the matrix's
  // IRO column is about their own child (others' are tested below); the
  // open escalation is about that child, and that IRO has cover recorded.
  s.sql(`UPDATE users SET iro_id = ${child.iro} WHERE username = '${userFor('iro')}'`);
  const other = s.sql(`SELECT min(id) FROM iro WHERE active = 1 AND id <> ${child.iro}`);
  cli('escalation', 'raise', '--children', child.ref, '--category', 'care-planning', '--topic', 'education',
    '--concern', 'No plan', '--outcome-wanted', 'A plan', '--responder', 'Sam Lee, team manager', '--on', daysFrom(-3));
  cli('cover', 'add', '--iro', other, '--for', child.iro, '--from', daysFrom(10), '--to', daysFrom(20));
  v = { ref: child.ref, review: child.review, iro: child.iro, rule: 'review_first', contactItem: 'midpoint-contact', user: userFor('iro'),
    escalation: s.sql(`SELECT max(e.id) FROM escalation e JOIN escalation_child ec ON ec.escalation_id = e.id
      JOIN child c ON c.id = ec.child_id WHERE e.closed_on IS NULL AND c.child_ref = '${child.ref}'`),
    cover: s.sql(`SELECT max(id) FROM iro_cover WHERE absent_iro_id = ${child.iro}`),
    episode: s.sql(`SELECT max(e.id) FROM episode e JOIN child c ON c.id = e.child_id WHERE c.child_ref = '${child.ref}'`),
    pf: s.sql('SELECT min(id) FROM pf_arrangement'),
    ladoCase: s.sql('SELECT min(id) FROM lado_case WHERE closed_on IS NULL'),
    ladoClosed: s.sql('SELECT min(id) FROM lado_case WHERE closed_on IS NOT NULL'),
    retKind: 'child', retId: s.sql(`SELECT id FROM child WHERE child_ref = '${child.ref.replace(/'/g, "''")}'`),
    ladoRec: s.sql('SELECT min(id) FROM lado_recommendation WHERE implemented_on IS NULL'),
    ladoDip: s.sql('SELECT min(id) FROM lado_dip_sample'),
    ladoTraining: s.sql('SELECT min(id) FROM lado_training'),
    locality: s.sql('SELECT min(id) FROM locality') };
  // A demo home with an inspection and its action plan, a visit, an audit
  // action and notifications; and a QPAG action.
  const home = s.sql(`SELECT h.id FROM home h WHERE EXISTS (SELECT 1 FROM home_notification n WHERE n.home_id = h.id)
    AND EXISTS (SELECT 1 FROM inspection i JOIN inspection_requirement r ON r.inspection_id = i.id
      JOIN inspection_action a ON a.requirement_id = r.id WHERE i.home_id = h.id) ORDER BY h.id LIMIT 1`);
  const inspection = s.sql(`SELECT min(i.id) FROM inspection i JOIN inspection_requirement r ON r.inspection_id = i.id
    JOIN inspection_action a ON a.requirement_id = r.id WHERE i.home_id = ${home}`);
  Object.assign(v, {
    home, inspection,
    action: s.sql(`SELECT min(a.id) FROM inspection_action a JOIN inspection_requirement r ON r.id = a.requirement_id
      WHERE r.inspection_id = ${inspection}`),
    visit: s.sql(`SELECT min(id) FROM reg44_visit WHERE home_id = ${home}`),
    auditAction: s.sql(`SELECT min(x.id) FROM home_audit_action x JOIN home_audit a ON a.id = x.audit_id WHERE a.home_id = ${home}`),
    notification: s.sql(`SELECT min(id) FROM home_notification WHERE home_id = ${home}`),
    feedback: s.sql(`SELECT min(id) FROM home_feedback WHERE home_id = ${home}`),
    qpag: s.sql('SELECT min(id) FROM qpag_action'),
  });
  // The QA evidence (issue 20): a survey, and a dip sample or full audit
  // with an action, each with its own home.
  const [surveyHome, survey] = s.sql('SELECT home_id || \' \' || id FROM survey_round ORDER BY id LIMIT 1').split(' ');
  const [qaHome, qaAudit, qaAction] = s.sql(`SELECT a.home_id || ' ' || a.id || ' ' || x.id FROM home_audit a
    JOIN home_audit_action x ON x.audit_id = a.id WHERE a.kind IN ('dip-sample', 'full-audit') ORDER BY x.id LIMIT 1`).split(' ');
  Object.assign(v, { surveyHome, survey, qaHome, qaAudit, qaAction });
  // A care notification of the chosen child, to correct (made if the demo gave none).
  const childId = s.sql(`SELECT id FROM child WHERE child_ref = '${child.ref.replace(/'/g, "''")}'`);
  if (!s.sql(`SELECT min(id) FROM care_notification WHERE child_id = ${childId}`)) {
    s.sql(`INSERT INTO care_notification(child_id, notified_on) VALUES (${childId}, '2026-01-05')`);
  }
  v.careNotification = s.sql(`SELECT min(id) FROM care_notification WHERE child_id = ${childId}`);
  // One of the chosen child's review recommendations (made if the demo gave none).
  if (!s.sql(`SELECT min(id) FROM recommendation WHERE child_id = ${childId}`)) {
    s.sql(`INSERT INTO recommendation(review_id, child_id, text, owner_role, due_on)
      VALUES (${child.review}, ${childId}, 'Update the care plan', 'social-worker', '2026-12-01')`);
  }
  v.recommendation = s.sql(`SELECT min(id) FROM recommendation WHERE child_id = ${childId}`);
});

after(async () => { await s?.stop(); });

function cli(...args) {
  const r = spawnSync(BIN, ['--db', s.db, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`oversight ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

// The server's today plus n days, as YYYY-MM-DD (the server keeps local time).
function daysFrom(n) {
  const d = new Date();
  d.setDate(d.getDate() + n);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

// A date as the three GOV.UK fields NAME-day, NAME-month, NAME-year.
function dateFields(name, iso) {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(+d), [`${name}-month`]: String(+m), [`${name}-year`]: y };
}

// ---- Tests ---------------------------------------------------------------------------------

test('the route list here is exactly aRoute[] in src/web.c (method, pattern, capability, public)', () => {
  const src = readFileSync(WEB_C, 'utf8');
  const block = src.slice(src.indexOf('aRoute[] = {'), src.indexOf('};', src.indexOf('aRoute[] = {')));
  assert.ok(block.length > 0, 'aRoute[] not found in web.c');
  const re = /\{\s*"([A-Z]+)"\s*,\s*"([^"]*)"\s*,\s*(\w+)\s*,\s*(\w+)\s*,\s*([^}]*?)\s*\}/g;
  const inC = new Map();
  for (const m of block.matchAll(re)) {
    inC.set(`${m[1]} ${m[2]}`, { cap: m[4] === '0' ? null : m[4].replace(/^CAP_/, ''), public: /\bPUBLIC\b/.test(m[5]) });
  }
  assert.ok(inC.size >= 20, `only ${inC.size} routes parsed from web.c`);
  const inTest = new Map(ROUTES.map((r) => [key(r), r]));
  const missing = [...inC.keys()].filter((k) => !inTest.has(k));
  assert.deepEqual(missing, [], 'routes in web.c but not in this matrix: add them to ROUTES');
  const extra = [...inTest.keys()].filter((k) => !inC.has(k));
  assert.deepEqual(extra, [], 'routes in this matrix that web.c no longer has');
  for (const [k, c] of inC) {
    const t = inTest.get(k);
    assert.equal(t.cap, c.cap, `${k}: capability in web.c is ${c.cap}, the matrix says ${t.cap}`);
    assert.equal(!!t.public, c.public, `${k}: public flag differs from web.c`);
    assert.equal((k.match(/\{\}/g) || []).length, (t.args || []).length, `${k}: values for every {}`);
  }
});

test('every route x every role (and nobody) gets exactly the expected status; POSTs save nothing', async () => {
  observed = new Map();
  const failures = [];
  for (const route of ROUTES) {
    const path = fill(route, v);
    for (const who of WHO) {
      const want = expected(route, who);
      let { cookie, csrf } = sess[who];
      if (route.pattern === '/logout' && who !== 'nobody') {
        ({ cookie, csrf } = await signIn(s.base, who));   // a session of its own to end
      }
      const form = route.method === 'POST' ? { ...(csrf ? { csrf } : {}), ...(route.form || {}) } : undefined;
      const checkDb = route.method === 'POST' && !(route.pattern === '/logout' && want === 303);
      const before = checkDb ? snapshot(s) : null;
      const r = await request(s.base, route.method, path, { cookie, form });
      observed.set(`${key(route)} ${who}`, r.status);
      const what = `${route.method} ${path} as ${who}`;
      if (r.status !== want) {
        failures.push(`${what}: ${r.status}, expected ${want}`);
        continue;
      }
      if (checkDb) {
        const afterSnap = snapshot(s);
        if (afterSnap !== before) failures.push(`${what}: the database changed:\n  ${before}\n  ${afterSnap}`);
      }
      if (want === 302) {
        const loc = r.headers.get('location');
        if (loc !== `/login?next=${encodeURIComponent(path)}`) failures.push(`${what}: Location ${loc}`);
      }
      if (want === 403 && who !== 'nobody' && !r.text.includes('You cannot see this page')) {
        failures.push(`${what}: 403 without the explanation page`);
      }
      if (want === 303 && route.pattern === '/login' && r.headers.get('location') !== '/') {
        failures.push(`${what}: signed in, /login should go home, not ${r.headers.get('location')}`);
      }
      if (want === 303 && route.pattern === '/logout') {
        if (r.headers.get('location') !== '/login') failures.push(`${what}: Location ${r.headers.get('location')}`);
        const again = await request(s.base, 'GET', '/', { cookie });
        if (again.status !== 302) failures.push(`${what}: the ended session still works (${again.status})`);
      }
      if (want === 200 && route.method === 'POST') {
        const errs = route.pattern === '/login' ? /Enter your username/ : /govuk-error-summary/;
        if (!errs.test(r.text)) failures.push(`${what}: 200 but no error shown`);
      }
      if (who === 'board') {
        for (const needle of [`${child.given} ${child.family}`, html(`${child.given} ${child.family}`),
          child.family, html(child.family), child.ref]) {
          if (r.text.includes(needle)) failures.push(`${what}: a board member was sent "${needle}"`);
        }
      }
    }
  }
  // The main sessions are all still alive (only the extra ones were ended).
  for (const role of ROLES) {
    const r = await request(s.base, 'GET', '/', { cookie: sess[role].cookie });
    if (r.status !== 200) failures.push(`${role}'s session ended: GET / gave ${r.status}`);
  }
  assert.deepEqual(failures, []);
});

test('the matrix would catch a wrongly open route', () => {
  assert.ok(observed, 'the matrix test runs first');
  const child = ROUTES.find((r) => r.method === 'GET' && r.pattern === '/children/{}');
  assert.equal(observed.get(`${key(child)} lado`), 403, 'LADO must not open a child record');
  assert.equal(observed.get(`${key(child)} board`), 403, 'a board member must not open a child record');
  assert.equal(observed.get(`${key(child)} nobody`), 302);
  // Had role_caps given lado CHILD_VIEW (or the board CHILD_EDIT), the
  // expectations computed from such a table would disagree with what the
  // server did: the matrix is sensitive to every capability.
  for (const [who, cap] of [['lado', 'CHILD_VIEW'], ['board', 'CHILD_EDIT'], ['iro', 'SERVICE_VIEW'],
    ['business-support', 'ESCALATE'], ['iro', 'COVER'],
    ['qa-manager', 'RULES_EDIT'], ['business-support', 'AUDIT_VIEW'], ['pf-worker', 'ALLOCATE']]) {
    const wrong = { ...CAPS, [who]: new Set([...CAPS[who], cap]) };
    const differ = ROUTES.filter((r) => expected(r, who, wrong) !== observed.get(`${key(r)} ${who}`));
    assert.ok(differ.length > 0, `a table giving ${who} ${cap} would still pass`);
  }
});

// ---- Whose records an IRO may change (SPEC §11; issue 14) ------------------------------

// Each change an IRO makes to a child's record, as [what, path, a valid form].
function changes(c, esc) {
  const today = daysFrom(0);
  return [
    ['a review', `/children/${c.ref}/reviews`, { ...dateFields('held', today), participation: c.pnToday, mode: 'virtual' }],
    ['a review correction', `/children/${c.ref}/reviews/${c.review}`,
      { ...dateFields('held', c.held), participation: c.pnHeld, mode: 'in-person' }],
    ['a contact', `/children/${c.ref}/contacts`, { ...dateFields('contact_on', today), kind: 'call', with: 'child' }],
    ['the QA notification', `/children/${c.ref}/unregistered/notified`, dateFields('notified_on', daysFrom(-1))],
    ['an escalation response', `/escalations/${esc}/respond`, { response: 'A plan is agreed', ...dateFields('responded_on', today) }],
    ['an escalation move', `/escalations/${esc}/move`,
      { reason: 'Not resolved', responder: 'Jo Bloggs, service manager', ...dateFields('moved_on', today) }],
    ['an escalation close', `/escalations/${esc}/close`, { outcome: 'resolved', impact: 'A plan', ...dateFields('closed_on', today) }],
  ];
}

// A child in care with a review, whose IRO now is (or is not) iroId; skip
// passes over that many such children, so tests do not share one.
function childOf(iroId, mine, skip = 0) {
  const row = s.sql(`SELECT c.child_ref, a.iro_id, r.id, r.held_on,
      CASE WHEN c.dob > date(r.held_on, '-4 years') THEN 'PN0' ELSE 'PN1' END,
      CASE WHEN c.dob > date('now', 'localtime', '-4 years') THEN 'PN0' ELSE 'PN1' END, i.name
    FROM child c JOIN allocation a ON a.child_id = c.id AND a.end_date IS NULL AND a.iro_id ${mine ? '=' : '<>'} ${iroId}
    JOIN iro i ON i.id = a.iro_id
    JOIN review r ON r.id = (SELECT max(id) FROM review WHERE child_id = c.id)
    WHERE EXISTS (SELECT 1 FROM episode e WHERE e.child_id = c.id AND e.end_date IS NULL)
    ORDER BY c.child_ref LIMIT 1 OFFSET ${skip}`).split('|');
  return { ref: row[0], iro: row[1], review: row[2], held: row[3], pnHeld: row[4], pnToday: row[5], iroName: row[6] };
}

function raiseAbout(ref) {
  cli('escalation', 'raise', '--children', ref, '--category', 'drift-and-delay', '--topic', 'placement',
    '--concern', 'Drift', '--outcome-wanted', 'A decision', '--responder', 'Sam Lee, team manager', '--on', daysFrom(-2));
  return s.sql(`SELECT max(e.id) FROM escalation e JOIN escalation_child ec ON ec.escalation_id = e.id
    JOIN child c ON c.id = ec.child_id WHERE c.child_ref = '${ref}'`);
}

const post = (who, path, form) => request(s.base, 'POST', path, { cookie: sess[who].cookie, form: { csrf: sess[who].csrf, ...form } });
const get = (who, path) => request(s.base, 'GET', path, { cookie: sess[who].cookie });

test('an IRO changes only their own caseload\'s children, and another IRO\'s only while recorded as covering', async () => {
  const own = childOf(v.iro, true), other = childOf(v.iro, false);
  const ownEsc = raiseAbout(own.ref), otherEsc = raiseAbout(other.ref);
  const failures = [];

  // Another IRO's child: every change refused with the 403 page saying how to get cover; nothing saved.
  const refused = [...changes(other, otherEsc),
    ['the IRO visit', `/children/${other.ref}/unregistered/visit`, dateFields('visit_on', daysFrom(-1))],
    ['the oversight record', `/children/${other.ref}/unregistered/record`,
      { month: daysFrom(0).slice(0, 7), check_a: 'yes', check_b: 'yes', check_c: 'yes', check_d: 'yes', ...dateFields('recorded_on', daysFrom(0)) }],
    ['raising an escalation', '/escalations', { children: other.ref, category: 'permanence', topic: 'education',
      concern: 'x', outcome_wanted: 'y', stage: 'informal', responder: 'Sam Lee', ...dateFields('raised_on', daysFrom(0)) }]];
  for (const [what, path, form] of refused) {
    const before = snapshot(s);
    const r = await post('iro', path, form);
    if (r.status !== 403) failures.push(`${what} for another IRO's child: ${r.status}, expected 403`);
    else if (!/not on your caseload/.test(r.text) || !/ask a QA\s+manager to record the cover/.test(r.text)) {
      failures.push(`${what}: the 403 page does not say it is another IRO's child and how to get cover`);
    }
    if (snapshot(s) !== before) failures.push(`${what} for another IRO's child changed the database`);
  }
  for (const p of [`/children/${other.ref}/reviews/new`, `/children/${other.ref}/reviews/${other.review}/edit`,
    `/children/${other.ref}/contacts/new`]) {
    const r = await get('iro', p);
    if (r.status !== 403) failures.push(`GET ${p} as the IRO: ${r.status}, expected 403`);
  }
  // Viewing stays open, without the buttons for changes.
  const page = await get('iro', `/children/${other.ref}`);
  if (page.status !== 200) failures.push(`another IRO's child's page: ${page.status}`);
  for (const link of ['/reviews/new', '/contacts/new', '/escalations/new?child=', `/reviews/${other.review}/edit`]) {
    if (page.text.includes(link)) failures.push(`another IRO's child's page offers ${link}`);
  }
  const escPage = await get('iro', `/escalations/${otherEsc}`);
  if (escPage.text.includes(`/escalations/${otherEsc}/respond`)) failures.push('another IRO\'s escalation offers the response form');

  // Their own child: each is saved (303).
  const ownPage = await get('iro', `/children/${own.ref}`);
  if (!ownPage.text.includes('/reviews/new')) failures.push('the IRO\'s own child\'s page has no "Record a review"');
  for (const [what, path, form] of changes(own, ownEsc)) {
    const r = await post('iro', path, form);
    if (r.status !== 303) failures.push(`${what} for their own child: ${r.status}, expected 303 ${r.text.match(/govuk-error-summary__list[\s\S]*?<\/ul>/)?.[0] || ''}`);
  }

  // A QA manager records cover: the IRO covers the other child's IRO from today for a week.
  const until = daysFrom(7);
  const c = await post('qa-manager', `/iros/${other.iro}/cover`,
    { covering_iro: v.iro, ...dateFields('from', daysFrom(0)), ...dateFields('to', until), reason: 'Annual leave' });
  assert.equal(c.status, 303, 'recording cover');
  assert.equal(c.headers.get('location'), `/iros/${other.iro}?saved=cover#cover`);
  const coverId = s.sql(`SELECT max(id) FROM iro_cover WHERE absent_iro_id = ${other.iro} AND covering_iro_id = ${v.iro}`);
  const untilWords = new Date(until + 'T12:00:00').toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
  const home = await get('iro', '/');
  if (!home.text.includes(html(`You are covering ${other.iroName}'s children until ${untilWords}.`))) {
    failures.push(`the IRO's home page does not say "You are covering ${other.iroName}'s children until ${untilWords}"`);
  }
  if (!home.text.includes(`/children/${encodeURIComponent(other.ref)}`)) failures.push('the IRO\'s home page does not list the covered children');
  const covered = await get('iro', `/children/${other.ref}`);
  if (!covered.text.includes('/reviews/new')) failures.push('a covered child\'s page has no "Record a review"');
  for (const [what, path, form] of changes(other, otherEsc)) {
    const r = await post('iro', path, form);
    if (r.status !== 303) failures.push(`${what} for a covered child: ${r.status}, expected 303`);
  }

  // The cover withdrawn (a last day before its first): refused again.
  const end = await post('qa-manager', `/iros/${other.iro}/cover/${coverId}/end`, dateFields(`last-day-${coverId}`, daysFrom(-1)));
  assert.equal(end.status, 303, 'withdrawing cover');
  const again = await post('iro', `/children/${other.ref}/contacts`, changes(other, otherEsc)[2][2]);
  if (again.status !== 403) failures.push(`a contact after the cover was withdrawn: ${again.status}, expected 403`);
  assert.deepEqual(failures, []);
});

test('business support enters reviews, contacts and allocations for any child but does not act on escalations', async () => {
  const who = 'business-support';
  const other = childOf(v.iro, false, 1);
  const esc = raiseAbout(other.ref);
  const failures = [];
  const escalationChanges = changes(other, esc).filter(([what]) => /escalation/.test(what));
  escalationChanges.push(['raising an escalation', '/escalations', { children: other.ref, category: 'permanence',
    topic: 'education', concern: 'x', outcome_wanted: 'y', stage: 'informal', responder: 'Sam Lee',
    ...dateFields('raised_on', daysFrom(0)) }]);
  for (const [what, path, form] of escalationChanges) {
    const before = snapshot(s);
    const r = await post(who, path, form);
    if (r.status !== 403) failures.push(`${what} as business support: ${r.status}, expected 403`);
    if (snapshot(s) !== before) failures.push(`${what} as business support changed the database`);
  }
  const escPage = await get(who, `/escalations/${esc}`);
  if (escPage.status !== 200 || /\/respond"|\/move"|\/close"/.test(escPage.text)) failures.push('business support is offered the escalation forms');
  const list = await get(who, '/escalations');
  if (list.text.includes('href="/escalations/new"')) failures.push('business support is offered "Raise an escalation"');
  for (const [what, path, form] of changes(other, esc).filter(([w]) => /review|contact/.test(w))) {
    const r = await post(who, path, form);
    if (r.status !== 303) failures.push(`${what} as business support: ${r.status}, expected 303`);
  }
  const newIro = s.sql(`SELECT min(id) FROM iro WHERE active = 1 AND id <> ${other.iro}`);
  const a = await post(who, `/children/${other.ref}/allocation`, { iro: newIro, ...dateFields('start', daysFrom(0)), reason: 'IRO left' });
  if (a.status !== 303) failures.push(`an allocation as business support: ${a.status}, expected 303`);
  assert.deepEqual(failures, []);
});

test('the menu: grouped for those with many pages, the current section marked, no caseload without one', async () => {
  const menu = (html) => [...html.slice(html.indexOf('<nav'), html.indexOf('</nav>'))
    .matchAll(/<li class="([^"]+)"><a class="govuk-header__link" href="([^"]+)"( aria-current="(\w+)")?>([^<]+)<\/a>/g)]
    .map((m) => ({ active: /--active/.test(m[1]), href: m[2], current: m[4] || null, label: m[5] }));
  const admin = menu((await request(s.base, 'GET', '/', { cookie: sess.admin.cookie })).text);
  assert.ok(admin.length <= 11, `the administrator's menu has ${admin.length} items: ${admin.map((x) => x.label)}`);
  assert.ok(admin.some((x) => x.label === 'Administration' && x.href === '/admin'));
  assert.ok(admin.some((x) => x.label === 'Reports' && x.href === '/reports'));
  for (const gone of ['My children', 'Users', 'Timescales', 'Audit log', 'Annual report']) {
    assert.ok(!admin.some((x) => x.label === gone), `${gone} is not in the administrator's menu`);
  }
  // A page under a section marks the section, not as the page itself.
  const user = menu((await request(s.base, 'GET', '/users/new', { cookie: sess.admin.cookie })).text);
  assert.deepEqual(user.filter((x) => x.active).map((x) => [x.label, x.current]), [['Administration', 'true']]);
  const hub = menu((await request(s.base, 'GET', '/admin', { cookie: sess.admin.cookie })).text);
  assert.deepEqual(hub.filter((x) => x.active).map((x) => [x.label, x.current]), [['Administration', 'page']]);
  const ref = s.sql('SELECT child_ref FROM child ORDER BY id LIMIT 1');
  const child = menu((await request(s.base, 'GET', `/children/${ref}`, { cookie: sess.iro.cookie })).text);
  assert.deepEqual(child.filter((x) => x.active).map((x) => [x.label, x.current]), [['Find a child', 'true']]);
  const home = menu((await request(s.base, 'GET', '/', { cookie: sess.iro.cookie })).text);
  assert.deepEqual(home.filter((x) => x.active).map((x) => [x.label, x.current]), [['My children', 'page']]);
  // One report: its own link; several: the Reports page lists them.
  const lado = menu((await request(s.base, 'GET', '/', { cookie: sess.lado.cookie })).text);
  assert.ok(lado.some((x) => x.label === 'LADO KPI report') && !lado.some((x) => x.label === 'Reports'));
  const board = await request(s.base, 'GET', '/reports', { cookie: sess.board.cookie });
  assert.equal(board.status, 200);
  for (const [href, label] of [['/reports/annual', 'Annual report'], ['/lado/report', 'LADO KPI report'],
    ['/private-fostering/report', 'Private fostering report'], ['/homes/qpag', 'Homes report']]) {
    assert.match(board.text, new RegExp(`href="${href}">${label}</a>`));
  }
  assert.doesNotMatch(board.text, /href="\/reports\/weekly"/, 'the board does not get the weekly report');
});

test('GET / gives every role its own home page', async () => {
  const h1 = {
    admin: 'Service dashboard', 'qa-manager': 'Service dashboard', iro: 'My children',
    lado: 'Designated Officer dashboard', 'pf-worker': 'Private fostering',
    'residential-manager': 'Homes dashboard',
    'business-support': 'Welcome, Test business-support', board: 'Welcome, Test board',
  };
  for (const role of ROLES) {
    const r = await request(s.base, 'GET', '/', { cookie: sess[role].cookie });
    assert.equal(r.status, 200, role);
    assert.match(r.text, new RegExp(`<h1 class="govuk-heading-l">${h1[role]}</h1>`), role);
    // The menu offers only pages the role may open.
    const nav = r.text.slice(r.text.indexOf('<nav'), r.text.indexOf('</nav>'));
    for (const m of nav.matchAll(/href="([^"]+)"/g)) {
      const route = ROUTES.find((x) => x.method === 'GET' && x.pattern === m[1]);
      assert.ok(route, `menu link ${m[1]} is a route`);
      assert.equal(expected(route, role), 200, `${role}'s menu offers ${m[1]}`);
    }
  }
  const board = await request(s.base, 'GET', '/', { cookie: sess.board.cookie });
  assert.match(board.text, /Children in care today/);
  assert.doesNotMatch(board.text, /href="\/children/);
  const support = await request(s.base, 'GET', '/', { cookie: sess['business-support'].cookie });
  assert.match(support.text, /Children waiting for an IRO/);
  // The roles with modules of their own see no child's record from home.
  for (const role of ['lado', 'pf-worker', 'residential-manager']) {
    const r = await request(s.base, 'GET', '/', { cookie: sess[role].cookie });
    assert.doesNotMatch(r.text, /not available in this version yet/, role);
    assert.doesNotMatch(r.text, /href="\/children\//, role);
  }
});

test('healthz and the stylesheet answer everyone', async () => {
  for (const who of WHO) {
    const h = await request(s.base, 'GET', '/healthz', { cookie: sess[who].cookie });
    assert.equal(h.status, 200, who);
    assert.equal(h.text, 'ok\n');
    const c = await request(s.base, 'GET', '/assets/oversight.css', { cookie: sess[who].cookie });
    assert.equal(c.status, 200, who);
    assert.match(c.headers.get('content-type'), /^text\/css/);
    assert.ok(c.text.length > 1000);
  }
  const missing = await request(s.base, 'GET', '/assets/nope.css');
  assert.equal(missing.status, 404);
});

test('an unknown path is 404 and a wrong method on a known path is 405, for everyone', async () => {
  for (const who of WHO) {
    const { cookie } = sess[who];
    for (const p of ['/nope', `/children/${v.ref}/nope`, '/children/', '/iros/', '/rules/review_first/x', '//children']) {
      assert.equal((await request(s.base, 'GET', p, { cookie })).status, 404, `GET ${p} as ${who}`);
    }
    for (const [m, p] of [['PUT', '/children'], ['DELETE', '/children/new'], ['POST', '/'], ['PUT', '/'], ['DELETE', `/children/${v.ref}`],
      ['GET', '/logout'], ['POST', '/service'], ['PATCH', '/users/t-iro'], ['POST', `/children/${v.ref}/contacts/new`]]) {
      assert.equal((await request(s.base, m, p, { cookie })).status, 405, `${m} ${p} as ${who}`);
    }
  }
});

test('a 405 says which methods the path allows (Allow header, RFC 9110 §15.5.6)', async () => {
  const r = await request(s.base, 'POST', '/service', { cookie: sess.admin.cookie });
  assert.equal(r.status, 405);
  assert.equal(r.headers.get('allow'), 'GET', 'a 405 response must carry Allow');
  const r1 = await request(s.base, 'PUT', '/children', { cookie: sess.admin.cookie });
  assert.equal(r1.headers.get('allow'), 'GET, POST');
  const r2 = await request(s.base, 'GET', '/logout', { cookie: sess.admin.cookie });
  assert.equal(r2.headers.get('allow'), 'POST');
});

test('unknown records are 404 only to those allowed to look; others still get 403', async () => {
  const other = s.sql(`SELECT r.id FROM review r JOIN child c ON c.id = r.child_id
    WHERE c.child_ref <> '${v.ref}' LIMIT 1`);
  const cases = [
    ['GET', '/children/999999', 'CHILD_VIEW'],
    ['GET', '/children/999999/contacts/new', 'CHILD_EDIT'],
    ['GET', `/children/${v.ref}/reviews/999999/edit`, 'CHILD_EDIT'],
    ['GET', `/children/${v.ref}/reviews/${other}/edit`, 'CHILD_EDIT'],   // someone else's review
    ['GET', `/children/${v.ref}/reviews/abc/edit`, 'CHILD_EDIT'],
    ['GET', '/iros/999999', 'SERVICE_VIEW'],
    ['GET', '/iros/abc', 'SERVICE_VIEW'],
    ['GET', '/rules/no_such_rule', 'RULES_EDIT'],
    ['GET', '/users/no-such-user', 'USERS_ADMIN'],
    ['POST', '/children/999999/contacts', 'CHILD_EDIT'],
    ['POST', `/children/${v.ref}/reviews/${other}`, 'CHILD_EDIT'],
    ['POST', '/rules/no_such_rule', 'RULES_EDIT'],
  ];
  for (const [m, p, cap] of cases) {
    for (const role of ROLES) {
      const before = m === 'POST' ? snapshot(s) : null;
      const r = await request(s.base, m, p, { cookie: sess[role].cookie, form: { csrf: sess[role].csrf } });
      assert.equal(r.status, CAPS[role].has(cap) ? 404 : 403, `${m} ${p} as ${role}`);
      if (before) assert.equal(snapshot(s), before, `${m} ${p} as ${role} changed the database`);
    }
  }
});

test('a user-page POST that is none of its forms saves nothing and shows the page again', async () => {
  const before = snapshot(s);
  const r = await request(s.base, 'POST', `/users/${v.user}`, { cookie: sess.admin.cookie, form: { csrf: sess.admin.csrf } });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/users/${v.user}`, 'no "saved" banner: nothing was saved');
  assert.equal(snapshot(s), before);
});
