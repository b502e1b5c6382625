import { demoPassword, demoStaff } from '../demo/demo-staff.js';
import { totpCode } from '../lib/totp.js';

// Prints the current MFA code of every demo account, for trying the demo without an authenticator app.
const now = new Date();
const secondsLeft = 30 - (Math.floor(now.getTime() / 1000) % 30);
for (const person of demoStaff) {
  process.stdout.write(`${person.email.padEnd(32)} ${await totpCode(person.totpSecret, now)}\n`);
}
process.stdout.write(
  `(valid for about ${secondsLeft} more seconds; the password for all: ${demoPassword})\n`,
);
