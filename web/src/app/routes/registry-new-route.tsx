import type { LoaderFunctionArgs } from 'react-router';
import { RequirePermission } from '../../components/require-permission';
import { NewSubprocessorPage } from '../../features/registry/components/subprocessor-form-pages';
import type { AppServices } from '../services';
import { activeStaffOf, can, signInRedirect, warm } from './route-helpers';

export function createRegistryNewRoute(services: AppServices) {
  const { queryClient, trpc } = services;
  return {
    loader: async ({ request }: LoaderFunctionArgs) => {
      const staff = await activeStaffOf(services);
      if (!staff) return signInRedirect(request);
      if (!can(staff, 'registry:manage')) return null;
      await warm([queryClient.ensureQueryData(trpc.registry.choices.queryOptions())]);
      return null;
    },
    Component: RegistryNewRoutePage,
  };
}

function RegistryNewRoutePage() {
  return (
    <RequirePermission permission="registry:manage">
      <NewSubprocessorPage />
    </RequirePermission>
  );
}
