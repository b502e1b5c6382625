import { Button, Center } from '@mantine/core';
import { IconMapQuestion } from '@tabler/icons-react';
import { Link } from 'react-router';
import { paths } from '../../config/paths';
import { MessagePage } from './message-page';

export function NotFoundPage() {
  return (
    <Center component="main" mih="100dvh">
      <MessagePage
        icon={<IconMapQuestion size={32} />}
        title="Page not found"
        actions={
          <Button component={Link} to={paths.home.build()}>
            Go to the start page
          </Button>
        }
      >
        There is nothing at this address. It may have moved, or the link may be mistyped.
      </MessagePage>
    </Center>
  );
}
