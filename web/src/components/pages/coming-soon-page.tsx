import { IconHourglass } from '@tabler/icons-react';
import { MessagePage } from './message-page';

export function ComingSoonPage({ title }: { title: string }) {
  return (
    <MessagePage icon={<IconHourglass size={32} />} title={title}>
      This part of Privacy Desk is coming soon. The pages you can use today are in the navigation.
    </MessagePage>
  );
}
