import { describe, expect, it } from 'vitest';
import { safeNextPath } from './safe-next';

describe('safeNextPath', () => {
  it('keeps paths inside the app, with their query and fragment', () => {
    expect(safeNextPath('/staff?role=admin')).toBe('/staff?role=admin');
    expect(safeNextPath('/audit#x')).toBe('/audit#x');
  });

  it.each([
    ['absolute URL', 'https://evil.example/x'],
    ['protocol-relative URL', '//evil.example/x'],
    ['backslash trick', '/\\evil.example'],
    ['javascript URL', 'javascript:alert(1)'],
    ['relative path', 'staff'],
    ['sign-in itself', '/sign-in?next=/staff'],
    ['nothing', null],
  ])('drops a %s', (_label, raw) => {
    expect(safeNextPath(raw)).toBeNull();
  });
});
