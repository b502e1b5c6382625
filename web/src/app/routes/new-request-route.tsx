import { RequirePermission } from '../../components/require-permission';
import { NewRequestPage } from '../../features/requests/components/new-request-page';

export function createNewRequestRoute() {
  return { Component: NewRequestRoutePage };
}

function NewRequestRoutePage() {
  return (
    <RequirePermission permission="requests:create">
      <NewRequestPage />
    </RequirePermission>
  );
}
