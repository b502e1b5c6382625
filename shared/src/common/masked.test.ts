import { describe, expect, it } from 'vitest';
import { linkedCustomerSchema, requestQueueSummaryRowSchema } from '../requests/requests.schemas.js';
import { maskedEmail, maskedEmailSchema, maskedName, maskedNameSchema } from './masked.js';

describe('masked values as types', () => {
  it('accepts exactly what the masks produce', () => {
    expect(maskedName('Jane Doe')).toBe('J. D***');
    expect(maskedName('Mary Ann van Dyke')).toBe('M. A. v. D***');
    expect(maskedEmail('jane.doe@example.com')).toBe('j***@e***.com');
    expect(maskedEmail('nodomain')).toBe('n***');
    expect(maskedNameSchema.safeParse('***').success).toBe(true);
  });

  it('passes the retention placeholder as it is, and nothing that merely starts like it', () => {
    expect(maskedName('Removed after the retention period')).toBe('Removed after the retention period');
    expect(maskedEmail('Removed after the retention period')).toBe('Removed after the retention period');
    expect(maskedNameSchema.safeParse('Removed after the retention period, Jane Doe').success).toBe(false);
    expect(maskedEmailSchema.safeParse('Removed after the retention periodXjane@example.com').success).toBe(
      false,
    );
  });

  it('refuses a clear name or email where a masked one is due', () => {
    expect(maskedNameSchema.safeParse('Jane Doe').success).toBe(false);
    expect(maskedNameSchema.safeParse('J. Doe').success).toBe(false);
    expect(maskedEmailSchema.safeParse('jane.doe@example.com').success).toBe(false);
    expect(maskedEmailSchema.safeParse('j***@example.com').success).toBe(false);
  });

  it('makes a summary row with a clear requester fail its output schema', () => {
    const row = {
      id: '5f0c1a4e-2b7d-4c8e-9a1f-3d6b7e8f9a0b',
      reference: 'DSR-2026-000123',
      type: 'access',
      regime: 'gdpr',
      status: 'received',
      receivedAt: '2026-11-03T09:15:00.000Z',
      dueOn: '2026-12-03',
      requesterMasked: true,
      customerFlags: [],
    };
    expect(
      requestQueueSummaryRowSchema.safeParse({
        ...row,
        requesterName: 'J. D***',
        requesterEmail: 'j***@e***.com',
      }).success,
    ).toBe(true);
    expect(
      requestQueueSummaryRowSchema.safeParse({
        ...row,
        requesterName: 'Jane Doe',
        requesterEmail: 'jane.doe@example.com',
      }).success,
    ).toBe(false);
  });

  it('types a linked customer per view: masked says masked, clear says clear', () => {
    const customer = {
      id: '5f0c1a4e-2b7d-4c8e-9a1f-3d6b7e8f9a0b',
      accountNumber: 'SYN-100001',
      organisation: null,
      country: 'DE',
      plan: 'team',
      minor: false,
      status: 'active' as const,
      purgeOn: null,
    };
    expect(
      linkedCustomerSchema.safeParse({
        ...customer,
        name: 'Jane Doe',
        email: 'jane@example.com',
        masked: true,
      }).success,
    ).toBe(false);
    expect(
      linkedCustomerSchema.safeParse({
        ...customer,
        name: 'Jane Doe',
        email: 'jane@example.com',
        masked: false,
      }).success,
    ).toBe(true);
  });
});
