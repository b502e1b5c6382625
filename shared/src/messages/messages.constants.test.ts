import { describe, expect, it } from 'vitest';
import {
  complaintRightsFor,
  defaultMessageTemplates,
  fillTemplate,
  templateKinds,
  messageTextForStaff,
  placeholdersIn,
  templateProblems,
} from './messages.constants.js';

describe('message templates', () => {
  it('ships a default for every kind that passes its own checks', () => {
    for (const kind of templateKinds)
      expect(templateProblems(kind, defaultMessageTemplates[kind]), kind).toEqual({});
  });

  it('reads placeholders with or without spaces inside the braces, once each', () => {
    expect(placeholdersIn('Hi {{ requester_name }}, re {{reference}} and {{reference}}')).toEqual([
      'requester_name',
      'reference',
    ]);
  });

  it('refuses a placeholder the kind does not know, naming the ones it may use', () => {
    const problems = templateProblems('acknowledgement', {
      subject: 'Received {{reference}}',
      body: 'We will answer by {{due_date}}. Code {{code}}.',
    });
    expect(problems.body?.[0]).toBe(
      '{{code}} is not a placeholder of this message. It may use {{requester_name}}, {{reference}}, {{request_type}}, {{law}}, {{received_date}}, {{privacy_email}}, {{due_date}}.',
    );
    expect(problems.subject).toBeUndefined();
  });

  it('refuses a template missing a required placeholder, in subject and body alike', () => {
    const problems = templateProblems('extension_notice', {
      subject: 'More time for {{reference}}',
      body: 'We will answer by {{extended_due_date}}.',
    });
    expect(problems.body).toEqual([
      'This message must include {{extension_reason}}: why we need more time, as the officer wrote it.',
    ]);
    // A required placeholder in the subject counts.
    expect(
      templateProblems('acknowledgement', { subject: 'Request {{reference}}', body: 'Thank you.' }),
    ).toEqual({});
  });

  it('refuses a denial without the complaint rights (GDPR Art. 12(4))', () => {
    const problems = templateProblems('denial', {
      subject: 'No',
      body: '{{denial_explanation}}',
    });
    expect(problems.body?.[0]).toContain('{{complaint_rights}}');
  });

  it('refuses half-made placeholders, two-line subjects and secrets in the subject', () => {
    expect(
      templateProblems('verification_link', {
        subject: 'Your link {{verification_link}}',
        body: 'Open {{verification_link}} by {{link_expires_date}} {{reference}',
      }),
    ).toEqual({
      subject: ['{{verification_link}} belongs in the message, never in the subject.'],
      body: ['A “{{” or “}}” does not make a placeholder: write {{name}} with both pairs of braces.'],
    });
    expect(templateProblems('completion', { subject: 'Done\n{{reference}}', body: 'Done.' }).subject).toEqual(
      ['A subject is one line.'],
    );
    expect(templateProblems('completion', { subject: '  ', body: '{{reference}}' }).subject).toEqual([
      'Write a subject.',
    ]);
  });

  it('fills every placeholder, and refuses to send one without a value', () => {
    expect(
      fillTemplate('Dear {{requester_name}}, re {{ reference }}.', {
        requester_name: 'Ada',
        reference: 'DSR-2026-000001',
      }),
    ).toBe('Dear Ada, re DSR-2026-000001.');
    expect(() => fillTemplate('{{due_date}}', {})).toThrow('No value for the placeholder {{due_date}}.');
  });

  it('shows staff the stored text with the link and the code named, not shown', () => {
    expect(messageTextForStaff('Open [[verification-link]] or use [[one-time-code]].')).toBe(
      'Open [the requester’s personal link — not kept] or use [the one-time code — not kept].',
    );
  });
});

describe('complaint rights', () => {
  it('names the regime’s authority, the EU lead one by the handling country, and the judicial remedy', () => {
    expect(complaintRightsFor('gdpr', 'IE')).toBe(
      'If you disagree, you have the right to complain to the Data Protection Commission (Ireland), our lead supervisory authority in the EU, or to the data protection authority of the EU country where you live, work or where you think the law was broken. You also have the right to seek a judicial remedy before the courts.',
    );
    expect(complaintRightsFor('gdpr', 'DE-BY')).toContain('the competent German data protection authority');
    expect(complaintRightsFor('uk_gdpr', 'GB-ENG')).toContain("Information Commissioner's Office");
    expect(complaintRightsFor('ccpa', 'US-CA')).toBe(
      'If you disagree, you may complain to the California Privacy Protection Agency (cppa.ca.gov) or the California Attorney General (oag.ca.gov/privacy).',
    );
  });
});
