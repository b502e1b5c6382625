import { describe, expect, it } from 'vitest';
import { calendarDateFieldSchema, isoInstantSchema } from './fields.js';
import { isStorableText, unstorableTextFields, unstorableTextMessage } from './safe-text.js';

describe('unstorableTextFields', () => {
  it('names every field holding a NUL or half a surrogate pair, keys included', () => {
    expect(
      unstorableTextFields({
        requester: { name: 'Ada\u0000', email: 'ok@example.com' },
        statuses: ['received', '\uD83D'],
        note: 'emoji 😀 and accents é are fine',
        '\u0000': 1,
      }),
    ).toEqual({
      'requester.name': [unstorableTextMessage],
      'statuses.1': [unstorableTextMessage],
      _: [unstorableTextMessage],
    });
    expect(unstorableTextFields('\uDE00')).toEqual({ _: [unstorableTextMessage] });
    expect(unstorableTextFields({ a: [1, true, null, 'tab\tand newline\n'] })).toEqual({});
    expect(isStorableText('😀')).toBe(true);
    expect(isStorableText('\uD83D\uDE00'.slice(0, 1))).toBe(false);
  });
});

describe('dates the product means', () => {
  it('takes 1900 to 2100 and refuses what PostgreSQL could store but nobody means', () => {
    expect(calendarDateFieldSchema.safeParse('1900-01-01').success).toBe(true);
    expect(calendarDateFieldSchema.safeParse('2100-12-31').success).toBe(true);
    expect(calendarDateFieldSchema.safeParse('1899-12-31').error?.issues[0]?.message).toBe(
      'Use a date between 1900 and 2100.',
    );
    expect(calendarDateFieldSchema.safeParse('9999-12-31').success).toBe(false);
    expect(isoInstantSchema.safeParse('0000-01-01T00:00:00Z').success).toBe(false);
    expect(isoInstantSchema.safeParse('2026-03-02T09:00:00+01:00').success).toBe(true);
  });
});
