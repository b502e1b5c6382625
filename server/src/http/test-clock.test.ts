import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { movableClock } from '../lib/test-clock.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { testServer } from '../testing/test-server.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app.close();
});

describe('the movable test clock', () => {
  it('has no route unless the server was given one', async () => {
    const server = await testServer(app);
    expect((await server.inject({ method: 'GET', url: '/test-clock' })).statusCode).toBe(404);
    await server.close();
  });

  it('moves forward only, by what the test asks, and reads back the moved time', async () => {
    const clock = movableClock();
    const server = await testServer(app, { testClock: clock });
    const origin = { origin: 'http://desk.test', host: 'desk.test', 'content-type': 'application/json' };
    const before = Date.now();
    const moved = await server.inject({
      method: 'POST',
      url: '/test-clock',
      headers: origin,
      payload: { days: 31 },
    });
    expect(moved.statusCode).toBe(200);
    const movedTo = Date.parse(moved.json<{ now: string }>().now);
    // 31 days ahead, give or take the test's own run time.
    expect(movedTo - before).toBeGreaterThanOrEqual(31 * 86_400_000);
    expect(movedTo - before).toBeLessThan(31 * 86_400_000 + 60_000);
    const back = await server.inject({
      method: 'POST',
      url: '/test-clock',
      headers: origin,
      payload: { days: -1 },
    });
    expect(back.statusCode).toBe(400);
    expect(() => clock.advance(400 * 86_400_000)).toThrow(/forward only, by at most a year/);
    const read = await server.inject({ method: 'GET', url: '/test-clock' });
    expect(Date.parse(read.json<{ now: string }>().now)).toBeGreaterThanOrEqual(movedTo);
    await server.close();
  });
});
