import type { LoaderFunctionArgs } from 'react-router';
import { RequirePermission } from '../../components/require-permission';
import { RegistryPage } from '../../features/registry/components/registry-page';
import { parseRegistrySearch, registryFindInputOf } from '../../features/registry/registry-search';
import type { AppServices } from '../services';
import { activeStaffOf, can, revalidateOnPathChangeOnly, signInRedirect, warm } from './route-helpers';

export function createRegistryRoute(services: AppServices) {
  const { queryClient, trpc } = services;
  return {
    loader: async ({ request }: LoaderFunctionArgs) => {
      const staff = await activeStaffOf(services);
      if (!staff) return signInRedirect(request);
      if (!can(staff, 'registry:read')) return null;
      const search = parseRegistrySearch(new URL(request.url).searchParams);
      await warm([queryClient.ensureQueryData(trpc.registry.find.queryOptions(registryFindInputOf(search)))]);
      return null;
    },
    shouldRevalidate: revalidateOnPathChangeOnly,
    Component: RegistryRoutePage,
  };
}

function RegistryRoutePage() {
  return (
    <RequirePermission permission="registry:read">
      <RegistryPage />
    </RequirePermission>
  );
}
