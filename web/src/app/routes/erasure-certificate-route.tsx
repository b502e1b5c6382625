import { useParams, type LoaderFunctionArgs } from 'react-router';
import { RequirePermission } from '../../components/require-permission';
import { CertificatePage } from '../../features/erasure/components/certificate-page';
import type { AppServices } from '../services';
import { activeStaffOf, can, signInRedirect, warm } from './route-helpers';

export function createErasureCertificateRoute(services: AppServices) {
  const { queryClient, trpc } = services;
  return {
    loader: async ({ request, params }: LoaderFunctionArgs) => {
      const staff = await activeStaffOf(services);
      if (!staff) return signInRedirect(request);
      if (!can(staff, 'requests:read') || !params.id) return null;
      await warm([
        queryClient.ensureQueryData(trpc.erasure.certificate.queryOptions({ requestId: params.id })),
      ]);
      return null;
    },
    Component: ErasureCertificateRoutePage,
  };
}

function ErasureCertificateRoutePage() {
  const { id = '' } = useParams();
  return (
    <RequirePermission permission="requests:read">
      <CertificatePage requestId={id} />
    </RequirePermission>
  );
}
