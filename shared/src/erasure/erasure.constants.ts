// Zod-free: the request page's plan panel reads these without pulling zod.
import type {
  ConnectorKind,
  PlatformRetentionScope,
  RetentionGround,
} from '../inventory/inventory.constants.js';

/**
 * What a plan line does to one system's data (product.md §6): erase it, strip it of what identifies the
 * person, keep it on a legal ground, or record that the system holds nothing of this person (checked, so
 * the certificate can say so instead of leaving the system out).
 */
export const lineActions = ['delete', 'anonymise', 'retain', 'not_held', 'notify'] as const;
export type LineAction = (typeof lineActions)[number];

/**
 * What an officer may choose for a system's line; `notify` is the proposal's alone: one line per recipient
 * of the data, which stays a notification (done, or justified) whatever else changes.
 */
export const dataLineActions = ['delete', 'anonymise', 'retain', 'not_held'] as const;

export const lineActionLabels: Record<LineAction, string> = {
  delete: 'Delete',
  anonymise: 'Anonymise',
  retain: 'Retain',
  not_held: 'Holds nothing',
  notify: 'Notify recipient',
};

/** Whether a line erases or strips data (and so has work for a connector). */
export function lineErases(action: LineAction): boolean {
  return action === 'delete' || action === 'anonymise';
}

/** Why a line must retain, whatever the officer would choose: a retention rule of the system, or a hold. */
export const lineForcedBy = ['retention_rule', 'legal_hold'] as const;
export type LineForcedBy = (typeof lineForcedBy)[number];

/** Where a line's execution stands (the execution work moves these; a plan is made with every line pending). */
export const lineStatuses = ['pending', 'running', 'done', 'failed', 'justified'] as const;
export type LineStatus = (typeof lineStatuses)[number];

export const lineStatusLabels: Record<LineStatus, string> = {
  pending: 'Pending',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
  justified: 'Justified',
};

/** What happened to a plan, as its timeline entries and audit events name it. */
export const planEvents = [
  'prepared',
  'line_changed',
  'submitted',
  'approved',
  'rejected',
  'approval_voided',
  'cancelled',
  'execution_started',
  'line_done',
  'line_failed',
  'line_justified',
  'task_opened',
  'completed',
] as const;
export type PlanEvent = (typeof planEvents)[number];

export const planEventLabels: Record<PlanEvent, string> = {
  prepared: 'Erasure plan prepared',
  line_changed: 'Erasure plan line changed',
  submitted: 'Erasure plan submitted for approval',
  approved: 'Erasure plan approved',
  rejected: 'Erasure plan rejected',
  approval_voided: 'Approval voided: the plan changed',
  cancelled: 'Approved erasure cancelled',
  execution_started: 'Erasure started',
  line_done: 'Erasure line done',
  line_failed: 'Erasure line failed at its receiver',
  line_justified: 'Erasure line justified as not possible',
  task_opened: 'Manual erasure task opened',
  completed: 'Erasure completed',
};

/** The attempts a refusal is audited for (issue 15, "Bad input"): what was tried. */
export const planAttempts = [
  'prepare',
  'change_line',
  'submit',
  'approve',
  'reject',
  'cancel',
  'close_task',
  'callback',
  'justify',
] as const;

/**
 * Why a line that cannot be done is justified instead (GDPR Art. 19: notifying a recipient may be impossible
 * or involve disproportionate effort; CCPA §7022(b)(1) likewise), always with the detailed explanation.
 */
export const justificationReasons = ['impossible', 'disproportionate'] as const;
export type JustificationReason = (typeof justificationReasons)[number];

export const justificationReasonLabels: Record<JustificationReason, string> = {
  impossible: 'Impossible',
  disproportionate: 'Disproportionate effort',
};
export type PlanAttempt = (typeof planAttempts)[number];

/** A system of the inventory as the proposal reads it. */
export interface ProposalSystem {
  id: string;
  name: string;
  connectorKind: ConnectorKind;
  retentionRules: readonly {
    scope: string;
    ground: RetentionGround;
    law: string;
    platformScope: PlatformRetentionScope | null;
  }[];
  /**
   * Whether it holds the subject's data: true or false where a connector can tell (the platform database
   * looked up by account), null where nobody can tell without asking the system (webhooks, manual tasks).
   */
  holds: boolean | null;
  /** The active subprocessors of the registry that receive this system's data (GDPR Art. 19 recipients). */
  recipients: readonly { id: string; name: string }[];
}

export interface ProposedLine {
  dataSystemId: string;
  /** For a notification line: the recipient (a subprocessor) to tell of the erasure; null otherwise. */
  recipientId: string | null;
  /** What part of the system the line is about: null for the system's data, a rule's scope for what it keeps. */
  scope: string | null;
  platformScope: PlatformRetentionScope | null;
  action: LineAction;
  ground: RetentionGround | null;
  law: string | null;
  forcedBy: LineForcedBy | null;
  note: string | null;
}

/**
 * The server's proposal (issue 15, items 3 and 6): for each system, a line for its data — delete, or "holds
 * nothing" where its connector says so — and a retain line for each of its retention rules, with the rule's
 * ground and law. An active legal hold keeps everything: every line retains on the hold's ground, and the
 * officer cannot change that while the hold stands. Then one notification line per recipient of data that
 * is erased (GDPR Art. 19, CCPA §7022(b)): a subprocessor receiving several systems' data is told once, on
 * the first of them; under a hold nothing is erased, so nobody is told.
 */
export function proposePlanLines(
  systems: readonly ProposalSystem[],
  subject: { legalHold: boolean },
): ProposedLine[] {
  const lines: ProposedLine[] = [];
  for (const system of systems) {
    const held = system.holds !== false;
    if (subject.legalHold) {
      lines.push({
        dataSystemId: system.id,
        recipientId: null,
        scope: null,
        platformScope: null,
        action: 'retain',
        ground: 'legal_hold',
        law: null,
        forcedBy: 'legal_hold',
        note: null,
      });
      continue;
    }
    lines.push({
      dataSystemId: system.id,
      recipientId: null,
      scope: null,
      platformScope: null,
      action: held ? 'delete' : 'not_held',
      ground: null,
      law: null,
      forcedBy: null,
      note: held ? null : 'Its connector found no data for this person.',
    });
    if (!held) continue;
    for (const rule of system.retentionRules) {
      lines.push({
        dataSystemId: system.id,
        recipientId: null,
        scope: rule.scope,
        platformScope: rule.platformScope,
        action: 'retain',
        ground: rule.ground,
        law: rule.law,
        forcedBy: 'retention_rule',
        note: null,
      });
    }
  }
  if (subject.legalHold) return lines;
  const told = new Set<string>();
  for (const system of systems) {
    if (system.holds === false) continue;
    for (const recipient of system.recipients) {
      if (told.has(recipient.id)) continue;
      told.add(recipient.id);
      lines.push({
        dataSystemId: system.id,
        recipientId: recipient.id,
        scope: null,
        platformScope: null,
        action: 'notify',
        ground: null,
        law: null,
        forcedBy: null,
        note: null,
      });
    }
  }
  return lines;
}

/** A line as the change rule reads it. */
export interface LineFacts {
  action: LineAction;
  ground: RetentionGround | null;
  forcedBy: LineForcedBy | null;
  scope: string | null;
}

/**
 * Whether an officer may give a line this action and ground: a forced line keeps retaining on its ground
 * (a rule's law or a hold is not the officer's to overrule here: change the inventory, or lift the hold and
 * prepare again); a retain needs a ground, and only a retain has one; "holds nothing" needs a note.
 * Returns field-level messages, or null when the change is allowed.
 */
export function lineChangeRefusal(
  line: LineFacts,
  next: { action: LineAction; ground: RetentionGround | null; note: string | null },
): Record<string, string> | null {
  if (line.action === 'notify' && next.action !== 'notify')
    return {
      action:
        'A recipient’s line stays a notification: if the recipient cannot be told, justify the line once the erasure runs.',
    };
  if (line.action !== 'notify' && next.action === 'notify')
    return { action: 'Only a recipient’s line notifies: choose delete, anonymise, retain or holds nothing.' };
  if (line.forcedBy !== null && (next.action !== 'retain' || next.ground !== line.ground)) {
    return {
      action:
        line.forcedBy === 'legal_hold'
          ? 'An active legal hold keeps this data: lift the hold on the account, then prepare the plan again.'
          : `A retention rule keeps ${line.scope?.toLowerCase() ?? 'this data'}: change the rule in the data inventory to change this line.`,
    };
  }
  if (next.action === 'retain' && next.ground === null)
    return { ground: 'Choose the legal ground for keeping it.' };
  if (next.action !== 'retain' && next.ground !== null)
    return { ground: 'Only a retained line has a legal ground.' };
  if (next.action === 'not_held' && (next.note === null || next.note.trim() === ''))
    return { note: 'Say how you checked that the system holds nothing of this person.' };
  return null;
}
