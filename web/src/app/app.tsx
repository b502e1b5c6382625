import { RouterProvider } from 'react-router';
import { AppProviders } from './providers';
import type { AppRouter } from './router';
import type { AppServices } from './services';

interface AppProps {
  services: AppServices;
  router: AppRouter;
  env?: 'default' | 'test';
}

export function App({ services, router, env }: AppProps) {
  return (
    <AppProviders services={services} env={env}>
      <RouterProvider router={router} />
    </AppProviders>
  );
}
