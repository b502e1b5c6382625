import { desc, eq, and } from 'drizzle-orm';
import { storedTimelineEntrySchema, type DrpRequestOutput } from '@privdesk/shared';
import { drpAgents, drpRequests, requestEvents, requests } from '../../db/schema.js';
import type { ActorDeps } from '../../lib/service.js';
import { currentDrpStatus } from './drp-status.js';
import { findOpenDuplicates } from '../requests/request-intake.js';

/**
 * What the request page shows of a request an agent filed: the agent, its own id for the request, the
 * action, whether it came without a regime, which claims the agent attested (that they were given, never
 * their values: those are the requester's fields, masked as the reader's role says), what the agent would
 * be told now, and every status delivered (or not) to its callback.
 */
export async function drpOfRequest(deps: ActorDeps, requestId: string): Promise<DrpRequestOutput> {
  const [row] = await deps.db
    .select({ drp: drpRequests, agent: drpAgents, request: requests })
    .from(drpRequests)
    .innerJoin(drpAgents, eq(drpAgents.id, drpRequests.agentId))
    .innerJoin(requests, eq(requests.id, drpRequests.requestId))
    .where(eq(drpRequests.requestId, requestId));
  if (!row) return null;
  const events = await deps.db
    .select()
    .from(requestEvents)
    .where(and(eq(requestEvents.requestId, requestId), eq(requestEvents.kind, 'drp')))
    .orderBy(desc(requestEvents.at), desc(requestEvents.id));
  const deliveries = events.flatMap((e) => {
    const entry = storedTimelineEntrySchema.parse({ kind: e.kind, data: e.data });
    if (entry.kind !== 'drp') return [];
    return [
      {
        at: e.at.toISOString(),
        event: entry.data.event,
        status: entry.data.status,
        reason: entry.data.reason,
        httpStatus: entry.data.httpStatus,
        attempt: entry.data.attempt,
      },
    ];
  });
  const claims = row.drp.claims;
  return {
    agent: { id: row.agent.id, name: row.agent.name, status: row.agent.status },
    agentRequestId: row.drp.agentRequestId,
    exercise: row.drp.exercise,
    voluntary: row.drp.voluntary,
    relationships: row.drp.relationships,
    callbackHost: row.drp.statusCallback ? new URL(row.drp.statusCallback).host : null,
    attested: {
      name: claims.name.length > 0,
      email: claims.email.length > 0,
      emailVerified: claims.email_verified === true,
      phone: claims.phone_number !== undefined,
      phoneVerified: claims.phone_number_verified === true,
      address: claims.address !== undefined,
      addressVerified: claims.address_verified === true,
      powerOfAttorney: claims.power_of_attorney !== undefined,
    },
    current: await currentDrpStatus(deps.db, row.request, row.drp),
    deliveries,
    duplicates: (
      await findOpenDuplicates(deps, {
        type: row.request.type,
        email: row.request.requesterEmail,
        ...(row.request.customerId ? { customerId: row.request.customerId } : {}),
      })
    ).items
      .filter((d) => d.id !== row.request.id)
      .map((d) => ({ id: d.id, reference: d.reference })),
  };
}
