import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { httpLink } from '@trpc/client';
import { App } from '../app/app';
import { createAppRouter } from '../app/router';
import { createAppServices } from '../app/services';
import type { AppRouter } from '../lib/trpc';

/**
 * The whole app at `url`, as a person would meet it: real router, real query cache, real tRPC client,
 * with only the network answered by MSW (`server.use(...)` before calling this).
 */
export function renderApp(url: string) {
  const services = createAppServices({
    // Unbatched and absolute, so each procedure is one plain request MSW can answer.
    link: httpLink<AppRouter>({ url: `${window.location.origin}/trpc` }),
    retry: false,
  });
  const router = createAppRouter(services, { initialEntries: [url] });
  const user = userEvent.setup();
  const view = render(<App services={services} router={router} env="test" />);
  const location = () => router.state.location;
  return { ...view, user, router, services, location };
}
