import { describe, expect, it } from 'vitest';
import { clockEventSchema, clockInputSchema, clockResultSchema } from './clock.schemas.js';
import { computeClocks } from './engine.js';

describe('clock schemas', () => {
  it('accepts a well-formed input and the engine output matches the result schema', () => {
    const input = clockInputSchema.parse({
      regime: 'ccpa',
      type: 'know',
      receivedOn: '2025-03-03',
      calendar: 'US-CA',
      events: [{ kind: 'extension_noticed', on: '2025-04-01', reason: '  many systems  ' }],
      settings: { companySlaDays: 30 },
    });
    expect(input.events[0]?.reason).toBe('many systems');
    expect(clockResultSchema.parse(computeClocks(input)).statutory.state).toBe('extended');
  });

  it('refuses impossible dates, missing reasons and types outside the regime', () => {
    const bad = clockInputSchema.safeParse({
      regime: 'gdpr',
      type: 'know',
      receivedOn: '2025-02-30',
      calendar: 'IE',
      events: [],
    });
    expect(bad.success).toBe(false);
    if (!bad.success) {
      const messages = bad.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
      expect(messages).toContain('receivedOn: Must be a real calendar date (YYYY-MM-DD).');
    }
    const notCovered = clockInputSchema.safeParse({
      regime: 'gdpr',
      type: 'know',
      receivedOn: '2025-02-03',
      calendar: 'IE',
      events: [],
    });
    expect(notCovered.success ? [] : notCovered.error.issues.map((i) => i.message)).toEqual([
      '"know" is not a right under EU GDPR.',
    ]);
    expect(clockEventSchema.safeParse({ kind: 'paused', on: '2025-03-03' }).success).toBe(false);
    expect(clockEventSchema.safeParse({ kind: 'resumed', on: '2025-03-03' }).success).toBe(true);
    expect(clockEventSchema.safeParse({ kind: 'closed', on: '2025-03-03' }).success).toBe(false);
  });
});
