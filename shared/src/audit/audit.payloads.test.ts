import { describe, expect, it } from 'vitest';
import { auditActions, type AuditAction } from './audit.constants.js';
import { AuditPayloadError, auditPayloads, parseAuditPayload, type AuditPayload } from './audit.payloads.js';

const staffId = '0b0f5a1e-8c1d-4c47-9d6a-3f1e2a7b9c01';
const requestId = '7e3a1c55-2d4b-4e8f-9a1c-0b5d6e7f8a13';
const entryId = '1f2e3d4c-5b6a-4978-8c9d-0e1f2a3b4c5d';
const eventId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6e';
const jobId = '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f';

/** Before and after of a clock change on one request: receipt 3 March, due 2 April (GDPR, one month). */
const clockBefore = {
  version: 4,
  receivedAt: '2026-03-03T09:15:00.000Z',
  statutoryDueOn: '2026-04-03',
  effectiveDueOn: '2026-04-02',
  clockState: 'initial',
} as const;
const clockAfter = { ...clockBefore, version: 5 } as const;

/**
 * One payload per action, as today's call sites write it. Typed by `AuditPayload`, so a shape the table
 * does not allow fails the type check as well as the parse.
 */
const examples: { [A in AuditAction]: AuditPayload<A> } = {
  'auth.sign_in': { before: null, after: { method: 'recovery_code' } },
  'auth.sign_in_failed': { before: null, after: { why: 'bad_password' } },
  'auth.password_accepted': { before: null, after: { next: 'enrol' } },
  'auth.mfa_enrolment_started': { before: null, after: null },
  'auth.mfa_verified': { before: null, after: null },
  'auth.mfa_failed': { before: null, after: null },
  'auth.step_up': { before: null, after: null },
  'auth.sign_out': { before: null, after: null },
  'auth.password_set': { before: null, after: null },
  'auth.mfa_enrolled': { before: null, after: { recoveryCodes: 10 } },
  'staff.created': { before: null, after: { roles: ['manager'] } },
  'staff.updated': {
    before: { roles: ['support_agent'] },
    after: { roles: ['support_agent', 'manager'], nameChanged: true },
  },
  'staff.disabled': { before: { disabled: false }, after: { disabled: true } },
  'staff.enabled': { before: { disabled: true }, after: { disabled: false } },
  'staff.mfa_reset': { before: { mfaEnrolled: true }, after: { mfaEnrolled: false } },
  'staff.password_link_issued': { before: null, after: null },
  'staff.role_grant_requested': {
    before: null,
    after: { grantId: eventId, role: 'privacy_officer', expiresAt: '2026-03-08T09:00:00.000Z' },
  },
  'staff.role_granted': {
    before: { roles: ['support_agent'] },
    after: {
      roles: ['support_agent', 'privacy_officer'],
      role: 'privacy_officer',
      via: 'second_admin',
      grantId: eventId,
      requestedBy: staffId,
    },
  },
  'staff.role_grant_cancelled': { before: null, after: { grantId: eventId, role: 'privacy_officer' } },
  'requests.created': {
    before: null,
    after: {
      reference: 'DSR-2026-000042',
      type: 'access',
      regime: 'gdpr',
      channel: 'email',
      status: 'received',
      customerId: null,
      minor: false,
    },
  },
  'requests.assigned': {
    before: { assigneeId: null, version: 0 },
    after: { assigneeId: staffId, version: 1 },
  },
  'requests.status_changed': {
    before: { status: 'in_progress', version: 2 },
    after: { status: 'denied', outcome: 'denied', reasonCode: 'no_match', version: 3 },
  },
  'requests.note_added': { before: null, after: { eventId } },
  'requests.requester_revealed': { before: null, after: { fields: ['requesterName', 'requesterEmail'] } },
  'requests.export_started': {
    before: null,
    after: { exportId: eventId, format: 'csv', filters: { sort: 'receivedAt', dir: 'desc' } },
  },
  'requests.exported': {
    before: null,
    after: {
      exportId: eventId,
      format: 'csv',
      filters: {
        statuses: ['received', 'verifying'],
        search: '(search term)',
        sort: 'receivedAt',
        dir: 'desc',
      },
      rows: 137,
      complete: true,
    },
  },
  'requests.acknowledged': {
    before: clockBefore,
    after: { ...clockAfter, entries: [{ id: entryId, kind: 'acknowledged', on: '2026-03-04' }] },
  },
  'requests.extended': {
    before: clockBefore,
    after: {
      ...clockAfter,
      statutoryDueOn: '2026-06-03',
      effectiveDueOn: '2026-06-03',
      clockState: 'extended',
      entries: [{ id: entryId, kind: 'extension_noticed', on: '2026-03-20' }],
    },
  },
  'requests.extension_removed': {
    before: {
      ...clockBefore,
      statutoryDueOn: '2026-06-03',
      effectiveDueOn: '2026-06-03',
      clockState: 'extended',
    },
    after: { ...clockAfter, removedEntry: { id: entryId, kind: 'extension_noticed', on: '2026-03-20' } },
  },
  'requests.received_at_changed': {
    before: clockBefore,
    after: {
      ...clockAfter,
      receivedAt: '2026-03-02T17:40:00.000Z',
      statutoryDueOn: '2026-04-02',
      effectiveDueOn: '2026-04-01',
    },
  },
  'requests.paused': {
    before: clockBefore,
    after: {
      ...clockAfter,
      clockState: 'paused',
      entries: [{ id: entryId, kind: 'paused', on: '2026-03-10' }],
    },
  },
  'requests.resumed': {
    before: { ...clockBefore, clockState: 'paused' },
    after: {
      ...clockAfter,
      statutoryDueOn: '2026-04-08',
      effectiveDueOn: '2026-04-07',
      entries: [{ id: entryId, kind: 'resumed', on: '2026-03-15' }],
    },
  },
  'requests.verification_recorded': {
    before: { version: 2, met: 'none' },
    after: {
      version: 3,
      verificationId: eventId,
      method: 'data_points',
      outcome: 'passed',
      matchedPoints: ['name', 'account_number'],
      comparedPoints: 3,
      toAccountEmail: false,
      declarationSigned: false,
      documentType: null,
      required: 'standard',
      met: 'standard',
      satisfied: true,
    },
  },
  'requests.verification_scope_changed': {
    before: { version: 1, knowScope: 'categories', sensitiveData: false, required: 'standard' },
    after: { version: 2, knowScope: 'specific_pieces', sensitiveData: false, required: 'high' },
  },
  'requests.merged': {
    before: { version: 3 },
    after: { version: 4, mergedId: eventId, mergedReference: 'DSR-2026-000124' },
  },
  'requests.clocks_recomputed': {
    before: null,
    after: { jobId, changed: 2, requestIds: [requestId, '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e'] },
  },
  'requests.scrubbed': {
    before: null,
    after: {
      jobId,
      months: 36,
      cutoff: '2026-06-15T01:00:00.000Z',
      requestIds: [requestId],
      counts: {
        requests: 1,
        searchTerms: 1,
        timelineEntries: 3,
        clockEntries: 1,
        verifications: 1,
        messages: 2,
        capturedMail: 0,
        inboundMail: 1,
        inboundAttachments: 1,
        drpClaims: 1,
        erasurePlans: 0,
        erasureLines: 0,
      },
    },
  },
  'requests.searched': {
    before: null,
    after: { surface: 'queue', termHash: 'ab'.repeat(32), results: 1, ids: [requestId] },
  },
  'customers.searched': {
    before: null,
    after: { surface: 'customer_picker', termHash: '0f'.repeat(32), results: 0, ids: [] },
  },
  'customers.pii_revealed': { before: null, after: { fields: ['name', 'email'] } },
  'customers.flag_set': {
    before: { version: 3, status: 'active' },
    after: { flagId: eventId, kind: 'legal_hold', version: 4, status: 'active' },
  },
  'customers.flag_lifted': {
    before: { version: 4, status: 'restricted' },
    after: {
      flagId: eventId,
      kind: 'restriction',
      version: 5,
      status: 'active',
      customerTold: { at: '2026-03-02T09:30:00.000Z', channel: 'email' },
    },
  },
  'audit.export_started': {
    before: null,
    after: { exportId: eventId, format: 'json', filters: { action: 'pii.viewed', from: '2026-03-01' } },
  },
  'audit.exported': {
    before: null,
    after: { exportId: eventId, format: 'csv', filters: {}, rows: 12, complete: true },
  },
  'pii.viewed': {
    before: null,
    after: {
      accessId: 42,
      surface: 'queue',
      results: 2,
      ids: [requestId, eventId],
      termHash: 'cd'.repeat(32),
    },
  },
  'searches.burst_flagged': {
    before: null,
    after: { surface: 'queue', searches: 30, perMinute: 30, flaggedTo: [staffId] },
  },
  'settings.updated': {
    before: {
      companySlaDays: 30,
      'handling.gdpr': { calendar: 'IE', timeZone: 'Europe/Dublin' },
      requestRetentionMonths: 36,
      version: 3,
    },
    after: {
      companySlaDays: 28,
      requestRetentionMonths: 24,
      'handling.gdpr': { calendar: 'DE', timeZone: 'Europe/Berlin' },
      version: 4,
      recomputeScheduled: true,
    },
  },
  'notifications.sent': { before: null, after: { day: '2026-03-05', sent: 3 } },
  'notifications.read': { before: null, after: { ids: [eventId], all: false } },
  'views.created': { before: null, after: null },
  'views.deleted': { before: null, after: null },
  'requests.message_queued': {
    before: { version: 3 },
    after: { version: 4, messageId: eventId, messageKind: 'verification_link', challengeId: eventId },
  },
  'messages.sent': {
    before: null,
    after: {
      messageId: eventId,
      messageKind: 'extension_notice',
      requestId: eventId,
      attempts: 1,
      sentAt: '2026-12-07T09:00:00.000Z',
    },
  },
  'messages.failed': {
    before: null,
    after: { messageId: eventId, messageKind: 'denial', requestId: eventId, attempts: 5, sent: false },
  },
  'messages.retried': {
    before: { status: 'failed', attempts: 5 },
    after: { status: 'queued', generation: 1 },
  },
  'messages.template_saved': {
    before: { version: 0, wasDefault: true },
    after: { version: 1, kind: 'denial', regime: 'ccpa' },
  },
  'messages.template_reset': { before: { version: 2 }, after: { kind: 'denial', regime: null } },
  'erasure.plan_prepared': {
    before: null,
    after: { planId: '3b0a3c1e-1111-4a4a-8a8a-000000000002', planVersion: 1, lines: 8, retained: 1 },
  },
  'erasure.line_changed': {
    before: {
      planVersion: 1,
      lineId: '3b0a3c1e-1111-4a4a-8a8a-000000000003',
      action: 'delete',
      ground: null,
    },
    after: { planVersion: 2, action: 'anonymise', ground: null },
  },
  'erasure.submitted': {
    before: { status: 'in_progress', version: 4, planVersion: 2 },
    after: { status: 'awaiting_approval', version: 5, planVersion: 3 },
  },
  'erasure.approved': {
    before: { status: 'awaiting_approval', version: 5, planVersion: 3 },
    after: { status: 'approved', version: 6, planVersion: 4, graceEndsAt: '2027-03-01T14:00:00.000Z' },
  },
  'erasure.rejected': {
    before: { status: 'awaiting_approval', version: 5, planVersion: 3 },
    after: { status: 'in_progress', version: 6, planVersion: 4 },
  },
  'erasure.cancelled': {
    before: { status: 'approved', version: 6, planVersion: 4 },
    after: { status: 'in_progress', version: 7, planVersion: 5 },
  },
  'erasure.refused': {
    before: null,
    after: {
      attempt: 'approve',
      planVersion: 3,
      code: 'SELF_APPROVAL',
      reason: 'You prepared or changed this plan: another privacy officer approves it.',
    },
  },
  'erasure.execution_started': {
    before: { status: 'approved', version: 6, planVersion: 4 },
    after: { status: 'fulfilling', version: 7, planVersion: 5, jobs: 3 },
  },
  'erasure.line_done': {
    before: { lineId: '3b0a3c1e-1111-4a4a-8a8a-000000000003', status: 'running' },
    after: {
      lineId: '3b0a3c1e-1111-4a4a-8a8a-000000000003',
      status: 'done',
      connector: 'internal',
      rows: 41,
    },
  },
  'erasure.line_failed': {
    before: { lineId: '3b0a3c1e-1111-4a4a-8a8a-000000000003', status: 'running' },
    after: { lineId: '3b0a3c1e-1111-4a4a-8a8a-000000000003', status: 'failed', connector: 'webhook' },
  },
  'erasure.line_justified': {
    before: { lineId: '3b0a3c1e-1111-4a4a-8a8a-000000000003', status: 'failed' },
    after: { lineId: '3b0a3c1e-1111-4a4a-8a8a-000000000003', status: 'justified', reason: 'impossible' },
  },
  'erasure.task_opened': {
    before: { lineId: '3b0a3c1e-1111-4a4a-8a8a-000000000004', status: 'running' },
    after: {
      lineId: '3b0a3c1e-1111-4a4a-8a8a-000000000004',
      ownerId: '3b0a3c1e-1111-4a4a-8a8a-000000000005',
    },
  },
  'erasure.task_closed': {
    before: { lineId: '3b0a3c1e-1111-4a4a-8a8a-000000000004', status: 'running' },
    after: { lineId: '3b0a3c1e-1111-4a4a-8a8a-000000000004', status: 'done' },
  },
  'inbox.received': {
    before: null,
    after: { sizeBytes: 2048, attachments: 1, flags: ['attachments_dropped'] },
  },
  'inbox.threaded': {
    before: { version: 3 },
    after: { version: 4, mailId: '3b0a3c1e-1111-4a4a-8a8a-000000000007', via: 'in_reply_to' },
  },
  'inbox.dismissed': {
    before: { status: 'new', version: 0 },
    after: { status: 'not_request', reason: 'spam', version: 1 },
  },
  'drp.agent_added': {
    before: null,
    after: { source: 'file', status: 'active', keyFingerprint: '0123456789abcdef', version: 0 },
  },
  'drp.agent_changed': {
    before: { status: 'active', keyFingerprint: '0123456789abcdef', version: 0 },
    after: { status: 'disabled', keyFingerprint: '0123456789abcdef', version: 1, tokensRevoked: 2 },
  },
  'drp.token_issued': { before: null, after: { tokensRevoked: 1 } },
  'drp.status_sent': {
    before: null,
    after: { agentId: 'PERMISSION_SLIP', status: 'fulfilled', reason: null, httpStatus: 200, attempt: 1 },
  },
  'reports.export_started': {
    before: null,
    after: {
      exportId: '3b0a3c1e-1111-4a4a-8a8a-000000000007',
      report: 'request_log',
      format: 'csv',
      parameters: { from: '2026-01-01', to: '2026-12-31', regime: 'ccpa' },
    },
  },
  'reports.exported': {
    before: null,
    after: {
      exportId: '3b0a3c1e-1111-4a4a-8a8a-000000000007',
      report: 'ccpa_7102',
      format: 'csv',
      parameters: { year: 2026 },
      rows: 5,
      complete: true,
    },
  },
  'erasure.reapplied': {
    before: null,
    after: { requestId: '3b0a3c1e-1111-4a4a-8a8a-000000000006', rows: 57 },
  },
  'erasure.completed': {
    before: { status: 'fulfilling', version: 9 },
    after: { status: 'completed', version: 10, outcome: 'partially_fulfilled', lines: 8 },
  },
  'inventory.created': {
    before: null,
    after: { version: 1, key: 'support_desk', connectorKind: 'manual' },
  },
  'inventory.updated': {
    before: { version: 1 },
    after: { version: 2, fields: ['ownerId', 'connector'], secretReplaced: true },
  },
  'registry.created': { before: null, after: { version: 1, status: 'proposed', replacesId: null } },
  'registry.updated': { before: { version: 1 }, after: { version: 2, fields: ['purpose', 'locations'] } },
  'registry.notice_sent': {
    before: { version: 2, status: 'proposed' },
    after: {
      version: 3,
      status: 'notice_sent',
      noticeId: '3b0a3c1e-1111-4a4a-8a8a-000000000001',
      channel: 'email',
      sentOn: '2027-03-01',
      objectionDeadline: '2027-03-31',
      messages: 2,
    },
  },
  'registry.window_opened': {
    before: { version: 3, status: 'notice_sent' },
    after: { version: 4, status: 'objection_window', noticeId: '3b0a3c1e-1111-4a4a-8a8a-000000000001' },
  },
  'registry.activated': {
    before: { version: 4, status: 'objection_window' },
    after: { version: 5, status: 'active', activeFrom: '2027-04-01', early: false },
  },
  'registry.retired': {
    before: { version: 5, status: 'active' },
    after: { version: 6, status: 'retired', retiredOn: '2027-05-01' },
  },
  'registry.objection_recorded': {
    before: { version: 4 },
    after: {
      version: 5,
      objectionId: '3b0a3c1e-1111-4a4a-8a8a-000000000002',
      organisationId: '3b0a3c1e-1111-4a4a-8a8a-000000000003',
      receivedOn: '2027-03-05',
    },
  },
  'registry.objection_decided': {
    before: { version: 5, outcome: 'pending' },
    after: { version: 6, objectionId: '3b0a3c1e-1111-4a4a-8a8a-000000000002', outcome: 'exempted' },
  },
  'registry.subscriber_added': {
    before: null,
    after: {
      subscriberId: '3b0a3c1e-1111-4a4a-8a8a-000000000002',
      organisationId: '3b0a3c1e-1111-4a4a-8a8a-000000000003',
      source: 'staff',
    },
  },
  'registry.subscriber_confirmed': {
    before: { status: 'pending' },
    after: {
      subscriberId: '3b0a3c1e-1111-4a4a-8a8a-000000000002',
      status: 'confirmed',
      organisationId: null,
    },
  },
  'registry.subscriber_removed': {
    before: { status: 'confirmed' },
    after: {
      subscriberId: '3b0a3c1e-1111-4a4a-8a8a-000000000002',
      status: 'unsubscribed',
      bySubscriber: true,
    },
  },
  'registry.imported': {
    before: null,
    after: {
      rows: 2,
      created: 1,
      updated: 1,
      subprocessorIds: ['3b0a3c1e-1111-4a4a-8a8a-000000000001', '3b0a3c1e-1111-4a4a-8a8a-000000000002'],
    },
  },
  'registry.exported': { before: null, after: { format: 'csv', rows: 7 } },
};

/** The error a parse throws, or a failure of the test when it does not throw one. */
function refusal(action: AuditAction, before: unknown, after: unknown): AuditPayloadError {
  try {
    parseAuditPayload(action, before, after);
  } catch (error) {
    if (error instanceof AuditPayloadError) return error;
    throw error;
  }
  throw new Error(`expected the ${action} payload to be refused`);
}

describe('audit payloads', () => {
  it('has a before and an after schema for every action, and none for an action that does not exist', () => {
    expect(Object.keys(auditPayloads).sort()).toEqual([...auditActions].sort());
    for (const action of auditActions) {
      expect(typeof auditPayloads[action].before.safeParse, action).toBe('function');
      expect(typeof auditPayloads[action].after.safeParse, action).toBe('function');
    }
  });

  it('accepts each action’s payload as today’s call sites write it', () => {
    for (const action of auditActions) {
      const { before, after } = examples[action];
      expect(() => parseAuditPayload(action, before, after), action).not.toThrow();
    }
  });

  it('accepts the demo seed’s payloads and a status change that moved the clock', () => {
    expect(
      parseAuditPayload('staff.created', null, { roles: ['privacy_officer'], demo: true }).after,
    ).toEqual({ roles: ['privacy_officer'], demo: true });
    // The demo's requests are logged one by one, like any other: there is no bulk "demo load" event.
    expect(() =>
      parseAuditPayload('requests.created', undefined, { requests: 300, customers: 150, demo: true }),
    ).toThrow(AuditPayloadError);
    const resumed = {
      status: 'in_progress',
      outcome: null,
      reasonCode: null,
      version: 6,
      clockEntries: [
        { id: entryId, kind: 'identity_received', on: '2026-03-12' },
        { id: eventId, kind: 'clarification_received', on: '2026-03-12' },
      ],
      effectiveDueOn: '2026-04-09',
      statutoryDueOn: '2026-04-10',
      clockState: 'initial',
    };
    expect(
      parseAuditPayload('requests.status_changed', { status: 'awaiting_requester', version: 5 }, resumed)
        .after,
    ).toEqual(resumed);
  });

  it('reads a missing side as null', () => {
    expect(parseAuditPayload('auth.step_up', undefined, undefined)).toEqual({ before: null, after: null });
    expect(parseAuditPayload('requests.note_added', undefined, { eventId })).toEqual({
      before: null,
      after: { eventId },
    });
  });

  it('refuses an email slipped into a payload, naming the key but not the value', () => {
    const error = refusal(
      'staff.updated',
      { roles: ['manager'] },
      { roles: ['manager'], nameChanged: false, email: 'ada.lovelace@example.com' },
    );
    expect(error.paths).toEqual(['after.email']);
    expect(error.message).toBe('Audit payload refused for "staff.updated": unexpected key "after.email".');
    expect(error.message).not.toContain('ada.lovelace');
  });

  it('refuses a requester name on a created request, and a reason on a ledger entry it points at', () => {
    const created = refusal('requests.created', null, {
      ...examples['requests.created'].after,
      requesterName: 'Grace Hopper',
    });
    expect(created.paths).toEqual(['after.requesterName']);
    expect(created.message).toContain('"requests.created"');
    expect(created.message).not.toContain('Grace');

    const paused = refusal('requests.paused', clockBefore, {
      ...clockAfter,
      clockState: 'paused',
      entries: [{ id: entryId, kind: 'paused', on: '2026-03-10', reason: 'Requester in hospital' }],
    });
    expect(paused.paths).toEqual(['after.entries[0].reason']);
    expect(paused.message).not.toContain('hospital');
  });

  it('refuses an extra key on a status change that moved the clock (the closest shape is reported)', () => {
    const error = refusal(
      'requests.status_changed',
      { status: 'verifying', version: 1 },
      {
        status: 'awaiting_requester',
        outcome: null,
        reasonCode: null,
        version: 2,
        clockEntries: [{ id: entryId, kind: 'identity_asked', on: '2026-03-04' }],
        effectiveDueOn: '2026-04-02',
        statutoryDueOn: '2026-04-03',
        clockState: 'paused',
        message: 'Please send a copy of your passport',
      },
    );
    expect(error.paths).toEqual(['after.message']);
    expect(error.message).not.toContain('passport');
  });

  it('refuses a value that is not one of the codes, without repeating it', () => {
    const error = refusal(
      'requests.status_changed',
      { status: 'in_progress', version: 2 },
      { status: 'denied', outcome: 'denied', reasonCode: 'the requester is a known troll', version: 3 },
    );
    expect(error.paths).toEqual(['after.reasonCode']);
    expect(error.message).not.toContain('troll');
  });

  it('refuses a payload on a side the action never records, and a settings key for no regime', () => {
    const error = refusal('views.created', null, { name: 'Overdue for Ada' });
    expect(error.paths).toEqual(['after']);
    expect(error.message).toBe('Audit payload refused for "views.created": "after" should be null.');
    expect(error.message).not.toContain('Ada');

    const settings = refusal(
      'settings.updated',
      { 'handling.mars': { calendar: 'IE', timeZone: 'Europe/Dublin' }, version: 1 },
      {
        'handling.mars': { calendar: 'DE', timeZone: 'Europe/Berlin' },
        version: 2,
        recomputeScheduled: true,
      },
    );
    expect(settings.paths).toEqual(['before.handling.mars', 'after.handling.mars']);
  });

  it('refuses any text on a scrub, and a retention below the 24 months of CCPA §7101', () => {
    const scrubbed = examples['requests.scrubbed'].after;
    const named = refusal('requests.scrubbed', null, { ...scrubbed, requesterNames: ['Grace Hopper'] });
    expect(named.paths).toEqual(['after.requesterNames']);
    expect(named.message).not.toContain('Grace');
    const texts = refusal('requests.scrubbed', null, {
      ...scrubbed,
      counts: { ...scrubbed.counts, notes: ['Called Grace at home'] },
    });
    expect(texts.paths).toEqual(['after.counts.notes']);
    expect(texts.message).not.toContain('Grace');
    expect(refusal('requests.scrubbed', null, { ...scrubbed, months: 12 }).paths).toEqual(['after.months']);
    expect(refusal('requests.scrubbed', null, { ...scrubbed, requestIds: [] }).paths).toEqual([
      'after.requestIds',
    ]);
    expect(
      refusal(
        'settings.updated',
        { requestRetentionMonths: 36, version: 1 },
        {
          requestRetentionMonths: 12,
          version: 2,
          recomputeScheduled: false,
        },
      ).paths,
    ).toEqual(['after.requestRetentionMonths']);
  });

  it('refuses an action that is not in the list', () => {
    // A value from outside the type system (an old row, a bad caller): the parse must still refuse it.
    const stranger: string = 'requests.teleported';
    const error = refusal(stranger as AuditAction, null, null);
    expect(error.message).toBe('Audit payload refused for "requests.teleported": unknown action.');
  });
});
