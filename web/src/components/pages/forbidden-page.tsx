import { IconLock } from '@tabler/icons-react';
import { MessagePage } from './message-page';

export function ForbiddenPage() {
  return (
    <MessagePage icon={<IconLock size={32} />} color="orange" title="You don't have access">
      Your role does not include this page. If you need it for your work, ask an admin to change your roles.
    </MessagePage>
  );
}
