import { openConfigured } from '../bootstrap.js';
import { loadEnv } from '../env.js';
import { latestAuditCheckpoint, verifyAgainstCheckpoint } from '../features/audit/audit-checkpoints.js';

// Exit 0 when the whole chain verifies and reaches the latest signed checkpoint; 1 naming what broke otherwise.
const env = loadEnv();
const { database, config } = await openConfigured(env);
try {
  const started = performance.now();
  const { checkpoint, unsigned } = latestAuditCheckpoint(env.auditCheckpointFile, config.secretBox);
  const result = await verifyAgainstCheckpoint(database.db, checkpoint);
  const ms = Math.round(performance.now() - started);
  if (unsigned > 0) {
    process.stdout.write(
      `Warning: ${unsigned} line(s) of ${env.auditCheckpointFile} are not signed with this server's key; ignored.\n`,
    );
  }
  if (result.ok) {
    process.stdout.write(`Audit chain intact: ${result.checked} events verified in ${ms} ms.\n`);
    if (result.head) process.stdout.write(`Head: event ${result.head.seq}, hash ${result.head.hash}\n`);
    process.stdout.write(
      checkpoint
        ? `It reaches the latest checkpoint (event ${checkpoint.seq}, ${checkpoint.at}) in ${env.auditCheckpointFile}.\n`
        : `No checkpoint in ${env.auditCheckpointFile} yet: a cut tail could not be told from here.\n`,
    );
  } else {
    process.stdout.write(
      `Audit chain BROKEN at event ${result.firstBrokenSeq}: ${result.problem}. ${result.checked} events verified before it.\n`,
    );
    process.exitCode = 1;
  }
} finally {
  await database.close();
}
