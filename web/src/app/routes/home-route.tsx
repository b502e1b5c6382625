import { IconCompass } from '@tabler/icons-react';
import { redirect, type LoaderFunctionArgs } from 'react-router';
import { MessagePage } from '../../components/pages/message-page';
import { paths } from '../../config/paths';
import type { AppServices } from '../services';
import { activeStaffOf, signInRedirect, startPathFor } from './route-helpers';

/** "/" goes to the first page the person's roles allow. */
export function createHomeRoute(services: AppServices) {
  return {
    loader: async ({ request }: LoaderFunctionArgs) => {
      const staff = await activeStaffOf(services);
      if (!staff) return signInRedirect(request);
      const start = startPathFor(staff);
      return start === paths.home.build() ? null : redirect(start);
    },
    Component: NoSectionsPage,
  };
}

function NoSectionsPage() {
  return (
    <MessagePage icon={<IconCompass size={32} />} title="Nothing here for your roles yet">
      Your roles do not open any page of Privacy Desk. Ask an admin to check your roles.
    </MessagePage>
  );
}
