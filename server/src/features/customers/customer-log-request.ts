import {
  DomainError,
  plainStatusLine,
  requestCreateInputSchema,
  type CustomerLogRequestOutput,
  type customerLogRequestInputSchema,
} from '@privdesk/shared';
import type { z } from 'zod';
import type { ActorDeps } from '../../lib/service.js';
import { createRequest } from '../requests/request-intake.js';
import { customerRequests, requestDayContext } from './customer-page.js';
import { loadCustomer } from './customers.service.js';

/**
 * A request logged from the customer page in one step (issue 12, item 5): the requester is the account —
 * its name, email, location and minor flag are filled here, on the server, so a masked reader's browser
 * never holds them in clear — and it goes through the intake's own rules and writer (receipt time,
 * regime and type, due dates, the intake event and the audit). An open request of the same type on the
 * account is shown first, and another is logged only once the person confirms.
 *
 * The duplicate look and the insert are two steps: two people logging the same type for the same account
 * in the same moment both succeed, and the second shows up as a duplicate to triage — nothing is lost.
 */
export async function logRequestForCustomer(
  deps: ActorDeps,
  input: z.output<typeof customerLogRequestInputSchema>,
): Promise<CustomerLogRequestOutput> {
  const c = await loadCustomer(deps.db, input.customerId);
  if (c.status === 'erased') {
    throw new DomainError(
      'CONFLICT',
      'This account was erased: there is no one to link the request to. Log it from the intake form.',
    );
  }
  const context = await requestDayContext(deps);
  if (!input.confirmDuplicate) {
    const duplicates = await customerRequests(deps.db, c.id, {
      now: deps.now,
      ...context,
      only: { type: input.type, open: true },
    });
    if (duplicates.length > 0) return { logged: false, duplicates };
  }
  // The intake's own schema checks the combination (this type under this regime, the receipt time's form).
  const parsed = requestCreateInputSchema.safeParse({
    type: input.type,
    regime: input.regime,
    channel: input.channel,
    receivedAt: input.receivedAt,
    requester: { name: c.name, email: c.email, location: c.country },
    customerId: c.id,
    description: input.description,
  });
  if (!parsed.success) {
    const fields: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] === 'requester' ? 'customerId' : String(issue.path[0] ?? 'type');
      (fields[key] ??= []).push(
        issue.path[0] === 'requester'
          ? 'This account’s details cannot make a request: use the intake form.'
          : issue.message,
      );
    }
    const first = Object.values(fields)[0]?.[0] ?? 'The request could not be logged.';
    throw new DomainError('BAD_REQUEST', first, fields);
  }
  const created = await createRequest(deps, parsed.data);
  return {
    ...created,
    logged: true,
    plainLine: plainStatusLine(
      {
        reference: created.reference,
        type: input.type,
        status: created.status,
        dueOn: created.dueOn,
        outcome: null,
        closedOn: null,
      },
      context.today,
    ),
  };
}
