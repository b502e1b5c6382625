import { platformAccountFootprint } from '../../platform/platform-connector.js';
import type { PlatformDb } from '../../platform/platform-db.js';
import type { PlatformLookup } from './plan-proposal.js';

/** The plan's question to the platform database: does it hold any row of this account, not yet erased? */
export function platformLookupOf(pdb: PlatformDb): PlatformLookup {
  return {
    async holdsAccount(accountNumber) {
      const footprint = await platformAccountFootprint(pdb, accountNumber);
      return footprint.found && footprint.erasedAt === null && footprint.tables.some((t) => t.rows > 0);
    },
  };
}
