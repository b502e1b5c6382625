import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { applyServerErrors } from './form-errors';

function formWith(values: object) {
  const state: { errors: Record<string, unknown> } = { errors: {} };
  return {
    state,
    getValues: () => values,
    setErrors: (errors: Record<string, unknown>) => {
      state.errors = errors;
    },
  };
}

function serverError(message: string, fieldErrors: Record<string, string[]> | null) {
  return TRPCClientError.from({
    error: {
      message,
      code: -32600,
      data: { code: 'BAD_REQUEST', httpStatus: 400, path: 'staff.create', domainCode: null, fieldErrors },
    },
  });
}

describe('applyServerErrors', () => {
  it('puts field errors beside their fields, nested paths on their parent', () => {
    const form = formWith({ email: '', roles: [] });
    const left = applyServerErrors(
      form,
      serverError('Some fields need attention.', { email: ['Taken.'], 'roles.0': ['Unknown role.'] }),
    );
    expect(form.state.errors).toEqual({ email: 'Taken.', roles: 'Unknown role.' });
    expect(left).toBeNull();
  });

  it('returns the message when a problem has no field to go to', () => {
    const form = formWith({ email: '' });
    expect(applyServerErrors(form, serverError('Some fields need attention.', { version: ['Stale.'] }))).toBe(
      'Some fields need attention.',
    );
    expect(applyServerErrors(form, serverError('Someone else changed it.', null))).toBe(
      'Someone else changed it.',
    );
  });

  it('renames fields when asked', () => {
    const form = formWith({ recoveryCode: '' });
    expect(
      applyServerErrors(form, serverError('Bad code.', { code: ['Not valid.'] }), { code: 'recoveryCode' }),
    ).toBeNull();
    expect(form.state.errors).toEqual({ recoveryCode: 'Not valid.' });
  });
});
