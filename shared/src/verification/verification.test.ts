import { describe, expect, it } from 'vitest';
import { matchDataPoints, normaliseMonth, type AccountRecordPoints } from './data-points.js';
import {
  assessVerification,
  defaultVerificationLevels,
  requiredLevelFor,
  type VerificationEvidence,
} from './verification.constants.js';

const table = defaultVerificationLevels();
const subject = { knowScope: null, sensitiveData: false } as const;

describe('the level a request needs', () => {
  it('is none for a CCPA opt-out and limit-use, whatever the settings say', () => {
    const raised = {
      ...table,
      ccpa: { ...table.ccpa, opt_out_sale: 'high', limit_sensitive: 'standard' },
    } as const;
    expect(requiredLevelFor(raised, { ...subject, regime: 'ccpa', type: 'opt_out_sale' }).level).toBe('none');
    expect(requiredLevelFor(raised, { ...subject, regime: 'ccpa', type: 'limit_sensitive' }).level).toBe(
      'none',
    );
  });

  it('is standard by default for most, none for the Virginia and Colorado opt-outs', () => {
    expect(requiredLevelFor(table, { ...subject, regime: 'gdpr', type: 'access' }).level).toBe('standard');
    expect(requiredLevelFor(table, { ...subject, regime: 'ccpa', type: 'know' }).level).toBe('standard');
    expect(requiredLevelFor(table, { ...subject, regime: 'vcdpa', type: 'opt_out_sale' }).level).toBe('none');
    expect(table.gdpr.know).toBeUndefined();
  });

  it('is high for CCPA specific pieces and for a deletion of sensitive data', () => {
    const pieces = requiredLevelFor(table, {
      regime: 'ccpa',
      type: 'know',
      knowScope: 'specific_pieces',
      sensitiveData: false,
    });
    expect(pieces).toEqual({
      level: 'high',
      why: 'High: a CCPA request for specific pieces of information (11 CCR §7062(c)).',
    });
    expect(
      requiredLevelFor(table, { regime: 'gdpr', type: 'erasure', knowScope: null, sensitiveData: true })
        .level,
    ).toBe('high');
    // The flag raises deletions only.
    expect(
      requiredLevelFor(table, { regime: 'gdpr', type: 'access', knowScope: null, sensitiveData: true }).level,
    ).toBe('standard');
  });
});

const none: Omit<VerificationEvidence, 'method'> = {
  outcome: 'passed',
  toAccountEmail: false,
  matchedPoints: [],
  comparedPoints: 0,
  declarationSigned: false,
  subjectConfirmed: false,
};

describe('what the evidence proves', () => {
  it('meets standard with two data points, not with one', () => {
    const one = assessVerification('standard', 'email', [
      { ...none, method: 'data_points', matchedPoints: ['name'], comparedPoints: 3 },
    ]);
    expect(one).toMatchObject({ met: 'none', satisfied: false, points: ['name'] });
    expect(one.missing).toBe(
      'Standard needs two matched data points (1 data point so far), an account match, or a link or code confirmed at the account’s own email.',
    );
    const two = assessVerification('standard', 'email', [
      { ...none, method: 'data_points', matchedPoints: ['name', 'plan'], comparedPoints: 2 },
    ]);
    expect(two).toMatchObject({ met: 'standard', satisfied: true, missing: null });
  });

  it('counts a confirmed address other than the account’s as one data point', () => {
    const other = assessVerification('standard', 'email', [{ ...none, method: 'email_link' }]);
    expect(other).toMatchObject({ met: 'none', points: ['email'] });
    const own = assessVerification('standard', 'email', [
      { ...none, method: 'email_link', toAccountEmail: true },
    ]);
    expect(own.met).toBe('standard');
    // The same email proven twice is still one point.
    const twice = assessVerification('standard', 'email', [
      { ...none, method: 'email_link' },
      { ...none, method: 'data_points', matchedPoints: ['email'], comparedPoints: 1 },
    ]);
    expect(twice.points).toEqual(['email']);
    expect(twice.met).toBe('none');
  });

  it('meets high with three points and a declaration, or a document; failures count for nothing', () => {
    const three = [
      { ...none, method: 'data_points', matchedPoints: ['name', 'email', 'plan'], comparedPoints: 3 },
    ] as const;
    expect(assessVerification('high', 'email', three)).toMatchObject({
      met: 'standard',
      satisfied: false,
      missing:
        'High needs three matched data points and a signed declaration (the declaration is missing), or a document reviewed by an officer.',
    });
    expect(
      assessVerification('high', 'email', [
        ...three,
        { ...none, method: 'email_link', declarationSigned: true },
      ]).met,
    ).toBe('high');
    expect(assessVerification('high', 'email', [{ ...none, method: 'document_review' }]).met).toBe('high');
    expect(
      assessVerification('high', 'email', [{ ...none, method: 'document_review', outcome: 'failed' }]).met,
    ).toBe('none');
  });

  it('wants the agent’s authority confirmed by the subject for a request an agent filed', () => {
    const verified = { ...none, method: 'account_match', toAccountEmail: true } as const;
    const without = assessVerification('standard', 'authorised_agent', [verified]);
    expect(without).toMatchObject({ met: 'standard', satisfied: false });
    expect(without.missing).toBe(
      'The agent’s signed permission, with the subject confirming directly that the agent acts for them.',
    );
    expect(
      assessVerification('standard', 'authorised_agent', [
        verified,
        { ...none, method: 'authorised_agent', subjectConfirmed: true },
      ]).satisfied,
    ).toBe(true);
    // Nothing is needed where nothing may be asked.
    expect(assessVerification('none', 'authorised_agent', []).satisfied).toBe(true);
  });
});

const record: AccountRecordPoints = {
  name: 'Zoë O’Brien-Lacroix',
  email: 'Zoe.OBrien@example.ie',
  accountNumber: 'SYN-004233',
  organisation: 'Kestrel Robotics GmbH',
  country: 'IE',
  plan: 'team',
  birthYear: 1988,
  signupAt: new Date('2024-02-11T09:00:00Z'),
};

describe('comparing data points with the account record', () => {
  it('matches once case, accents, punctuation, legal forms and formats are set aside', () => {
    expect(
      matchDataPoints(
        {
          name: 'zoe o brien lacroix',
          email: ' zoe.obrien@EXAMPLE.ie ',
          account_number: 'syn 4233',
          organisation: 'Kestrel Robotics',
          country: 'ie',
          plan: 'Team',
          birth_year: '1988',
          signup_month: 'February 2024',
        },
        record,
      ),
    ).toEqual({
      compared: [
        'name',
        'email',
        'account_number',
        'organisation',
        'country',
        'plan',
        'birth_year',
        'signup_month',
      ],
      matched: [
        'name',
        'email',
        'account_number',
        'organisation',
        'country',
        'plan',
        'birth_year',
        'signup_month',
      ],
    });
  });

  it('does not match near misses, and leaves empty values out', () => {
    expect(
      matchDataPoints(
        {
          name: 'Zoe OBrien',
          account_number: '4234',
          birth_year: '1989',
          signup_month: '2024-03',
          plan: ' ',
        },
        record,
      ),
    ).toEqual({ compared: ['name', 'account_number', 'birth_year', 'signup_month'], matched: [] });
    expect(matchDataPoints({ organisation: 'GmbH' }, record).matched).toEqual([]);
  });

  it('reads months in the usual ways', () => {
    expect(normaliseMonth('02/2024')).toBe('2024-02');
    expect(normaliseMonth('2024-2')).toBe('2024-02');
    expect(normaliseMonth('Sept 2024')).toBe('2024-09');
    expect(normaliseMonth('Febru 2024')).toBe('2024-02');
    expect(normaliseMonth('Fbr 2024')).toBeNull();
    expect(normaliseMonth('2024')).toBeNull();
  });
});
