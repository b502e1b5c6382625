import { describe, expect, it } from 'vitest';
import { clockRuleFor, regimeTable, regimeTypes, regimes, requestTypes } from './regimes.js';

describe('regime table (product.md §4)', () => {
  it('covers the rights the table lists, per regime', () => {
    expect(regimeTypes.gdpr).toEqual([
      'access',
      'rectification',
      'erasure',
      'restriction',
      'portability',
      'objection',
      'withdraw_consent',
    ]);
    expect(regimeTypes.uk_gdpr).toEqual(regimeTypes.gdpr);
    expect(regimeTypes.ccpa).toEqual(['know', 'delete', 'correct', 'opt_out_sale', 'limit_sensitive']);
    expect(regimeTypes.lgpd).toEqual(['confirmation', 'access']);
    expect(regimeTypes.vcdpa).toEqual(['access', 'correct', 'delete', 'portability', 'opt_out_sale']);
    expect(regimeTypes.cpa).toEqual(regimeTypes.vcdpa);
    expect(regimeTypes.pipeda).toEqual(['access', 'correct']);
    expect(regimeTypes.quebec).toEqual(['access', 'rectification', 'delete']);
  });

  it('maps every type to exactly one rule in its regime, and every type is used somewhere', () => {
    for (const regime of regimes) {
      for (const type of regimeTypes[regime]) {
        expect(regimeTable[regime].rules.filter((rule) => rule.types.includes(type))).toHaveLength(1);
      }
    }
    const used = new Set(regimes.flatMap((regime) => regimeTypes[regime]));
    for (const type of requestTypes) expect(used.has(type), type).toBe(true);
  });

  it('holds the periods, extensions, acknowledgements and pause rules', () => {
    const summary = (regime: (typeof regimes)[number], type: (typeof requestTypes)[number]): string => {
      const rule = clockRuleFor(regime, type);
      if (rule === undefined) return 'none';
      const ext =
        rule.extension === null
          ? '-'
          : `${rule.extension.totalFromReceipt.amount} ${rule.extension.totalFromReceipt.unit}`;
      const ack = rule.acknowledge === null ? '-' : `${rule.acknowledge.amount} ${rule.acknowledge.unit}`;
      return `${rule.period.amount} ${rule.period.unit} | ext ${ext} | ack ${ack} | pause ${rule.pause} | roll ${rule.rollForward}`;
    };
    expect(summary('gdpr', 'access')).toBe('1 months | ext 3 months | ack - | pause if_enabled | roll true');
    expect(summary('uk_gdpr', 'erasure')).toBe('1 months | ext 3 months | ack - | pause always | roll true');
    expect(summary('ccpa', 'know')).toBe(
      '45 calendar_days | ext 90 calendar_days | ack 10 business_days | pause never | roll false',
    );
    expect(summary('ccpa', 'opt_out_sale')).toBe(
      '15 business_days | ext - | ack - | pause never | roll false',
    );
    expect(summary('ccpa', 'limit_sensitive')).toBe(
      '15 business_days | ext - | ack - | pause never | roll false',
    );
    expect(summary('lgpd', 'confirmation')).toBe(
      '15 calendar_days | ext - | ack - | pause never | roll false',
    );
    expect(summary('vcdpa', 'delete')).toBe(
      '45 calendar_days | ext 90 calendar_days | ack - | pause never | roll false',
    );
    expect(summary('cpa', 'opt_out_sale')).toBe(
      '45 calendar_days | ext 90 calendar_days | ack - | pause never | roll false',
    );
    expect(summary('pipeda', 'access')).toBe(
      '30 calendar_days | ext 60 calendar_days | ack - | pause never | roll false',
    );
    expect(summary('quebec', 'rectification')).toBe(
      '30 calendar_days | ext - | ack - | pause never | roll false',
    );
    expect(summary('ccpa', 'erasure')).toBe('none');
    expect(clockRuleFor('ccpa', 'opt_out_sale')?.verificationForbidden).toBe(true);
  });
});
