import { DomainError, type revealRequesterInputSchema } from '@privdesk/shared';
import type { z } from 'zod';
import { originOf, type ActorDeps } from '../../lib/service.js';
import { recordAudit } from '../audit/audit.writer.js';
import { loadRequest } from './request-change.js';

/** One request's requester (and agent) in clear, for a typed reason, audited in the same transaction. */
export async function revealRequester(deps: ActorDeps, input: z.output<typeof revealRequesterInputSchema>) {
  const { actor, now } = deps;
  return deps.db.transaction(async (tx) => {
    const r = await loadRequest(tx, input.id);
    // Nothing to reveal (and no view to record): the retention period removed it.
    if (r.scrubbedAt !== null)
      throw new DomainError(
        'BAD_REQUEST',
        `${r.reference} was kept the retention period after it closed and its requester’s personal data removed: there is nothing to reveal.`,
      );
    await recordAudit(
      tx,
      originOf(actor),
      {
        action: 'requests.requester_revealed',
        entityType: 'request',
        entityId: r.id,
        reason: input.reason,
        // Which fields were shown, never their values.
        after: {
          fields:
            r.agentName === null
              ? ['requesterName', 'requesterEmail']
              : ['requesterName', 'requesterEmail', 'agentName', 'agentEmail'],
        },
      },
      now,
    );
    return {
      requesterName: r.requesterName,
      requesterEmail: r.requesterEmail,
      agentName: r.agentName,
      agentEmail: r.agentEmail,
    };
  });
}
