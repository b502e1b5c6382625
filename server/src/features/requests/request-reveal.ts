import type { revealRequesterInputSchema } from '@privdesk/shared';
import type { z } from 'zod';
import { originOf, type ActorDeps } from '../../lib/service.js';
import { recordAudit } from '../audit/audit.writer.js';
import { loadRequest } from './request-change.js';

/** One request's requester (and agent) in clear, for a typed reason, audited in the same transaction. */
export async function revealRequester(deps: ActorDeps, input: z.output<typeof revealRequesterInputSchema>) {
  const { actor, now } = deps;
  return deps.db.transaction(async (tx) => {
    const r = await loadRequest(tx, input.id);
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
