// Zod-free: the web shows masked values the same way the server produces them.
import { retentionPlaceholder } from './retention.js';

/**
 * `jane.doe@example.com` → `j***@e***.com`: enough to tell two requesters apart on a call, not enough to
 * contact anyone. The top-level domain stays (it says little and helps recognise a country).
 */
export function maskEmail(email: string): string {
  // Removed after the retention period: the phrase holds nothing of anyone, and a mask of it would read as
  // an address (`R***`).
  if (email === retentionPlaceholder) return email;
  const at = email.lastIndexOf('@');
  if (at <= 0) return maskWord(email);
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const host = dot > 0 ? domain.slice(0, dot) : domain;
  const tld = dot > 0 ? domain.slice(dot) : '';
  return `${maskWord(local)}@${maskWord(host)}${tld}`;
}

/** `Jane Doe` → `J. D***`; `Cher` → `C***`; `Mary Ann van Dyke` → `M. A. v. D***`. */
export function maskName(name: string): string {
  if (name === retentionPlaceholder) return name;
  const words = name
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  if (words.length === 0) return '***';
  const last = words[words.length - 1] ?? '';
  const initials = words.slice(0, -1).map((w) => `${firstChar(w)}.`);
  return [...initials, maskWord(last)].join(' ');
}

function firstChar(word: string): string {
  // Array.from keeps a surrogate pair (an emoji, a rare CJK character) whole.
  return Array.from(word)[0] ?? '';
}

function maskWord(word: string): string {
  return `${firstChar(word)}***`;
}
