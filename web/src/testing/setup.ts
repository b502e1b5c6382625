import '@testing-library/jest-dom/vitest';
import { notifications } from '@mantine/notifications';
import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { server } from './msw-server';

// The first render of a file also compiles its lazy routes; on a busy 2-core machine that can take a while
// (CI once took over 4 s for a file's first render of the whole app). Still well inside the 20 s per test.
configure({ asyncUtilTimeout: 10_000 });

// jsdom lacks these; Mantine needs them.
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string): MediaQueryList => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  }),
});

class ResizeObserverShim {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
window.ResizeObserver = ResizeObserverShim;
window.HTMLElement.prototype.scrollIntoView = function scrollIntoView() {};
// jsdom has no layout: the router's scroll restoration calls this on every navigation.
window.scrollTo = () => undefined;
// Textarea autosize re-measures when web fonts load.
Object.defineProperty(document, 'fonts', {
  configurable: true,
  value: {
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    ready: Promise.resolve(),
  },
});

// A console.error during a test is a defect (React warnings, failed requests MSW did not expect).
let consoleErrors: string[] = [];
beforeEach(() => {
  consoleErrors = [];
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    consoleErrors.push(args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : String(a))).join(' '));
  });
});
afterEach(() => {
  const errors = consoleErrors;
  consoleErrors = [];
  if (errors.length > 0)
    throw new Error(`console.error was called during the test:\n${errors.join('\n---\n')}`);
});

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  // Mantine's notifications live in a module-level store: a toast from one test must not show in the next.
  notifications.clean();
  notifications.cleanQueue();
  server.resetHandlers();
  window.localStorage.clear();
});
afterAll(() => server.close());
