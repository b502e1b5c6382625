import type { Role } from '@privdesk/shared';

/**
 * Fictional demo staff with published credentials. They exist only where demo data is seeded
 * (embedded database, or SEED_DEMO=true), and cannot sign in anywhere else.
 */
export const demoPassword = 'demo-password-2026';

export interface DemoStaff {
  key: string;
  email: string;
  name: string;
  roles: Role[];
  /** Base32 TOTP secret; add it to any authenticator app, or run `npm run demo:codes`. */
  totpSecret: string;
}

export const demoStaff: DemoStaff[] = [
  {
    key: 'officer',
    email: 'officer@privacydesk.example',
    name: 'Olivia Okafor',
    roles: ['privacy_officer'],
    totpSecret: 'PRIVACYDESKDEMOOFFICERAAAAAAAAAA',
  },
  {
    key: 'officer2',
    email: 'officer2@privacydesk.example',
    name: 'Piotr Nowak',
    roles: ['privacy_officer'],
    totpSecret: 'PRIVACYDESKDEMOOFFICERBBBBBBBBBB',
  },
  {
    key: 'support',
    email: 'support@privacydesk.example',
    name: 'Sam Rivera',
    roles: ['support_agent'],
    totpSecret: 'PRIVACYDESKDEMOSUPPORTAAAAAAAAAA',
  },
  {
    key: 'manager',
    email: 'manager@privacydesk.example',
    name: 'Maya Lindqvist',
    roles: ['manager'],
    totpSecret: 'PRIVACYDESKDEMOMANAGERAAAAAAAAAA',
  },
  {
    key: 'admin',
    email: 'admin@privacydesk.example',
    name: 'Ade Mensah',
    roles: ['admin'],
    totpSecret: 'PRIVACYDESKDEMOADMINAAAAAAAAAAAA',
  },
  // A second admin: a role that reads personal data needs one admin to ask and another to confirm.
  {
    key: 'admin2',
    email: 'admin2@privacydesk.example',
    name: 'Bea Okonkwo',
    roles: ['admin'],
    totpSecret: 'PRIVACYDESKDEMOADMINBBBBBBBBBBBB',
  },
  {
    key: 'auditor',
    email: 'auditor@privacydesk.example',
    name: 'Aiko Tanaka',
    roles: ['auditor'],
    totpSecret: 'PRIVACYDESKDEMOAUDITORAAAAAAAAAA',
  },
];
