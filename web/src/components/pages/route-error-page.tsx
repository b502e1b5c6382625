import { Button, Center, Group } from '@mantine/core';
import { IconBug } from '@tabler/icons-react';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { paths } from '../../config/paths';
import { errorMessageOf, isTrpcError } from '../../lib/trpc';
import { MessagePage } from './message-page';
import { NotFoundPage } from './not-found-page';

/**
 * The route error boundary. It says what happened in words a person can act on and never shows a
 * stack trace: those go to the browser console only in development builds.
 */
export function RouteErrorPage({ standalone = false }: { standalone?: boolean }) {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;

  const message = isTrpcError(error)
    ? errorMessageOf(error)
    : 'The page stopped working. Reloading usually helps; if it keeps happening, tell an admin what you were doing.';
  const page = (
    <MessagePage
      icon={<IconBug size={32} />}
      color="red"
      title="Something went wrong"
      actions={
        <Group justify="center">
          <Button onClick={() => window.location.reload()}>Reload the page</Button>
          <Button variant="default" component={Link} to={paths.home.build()}>
            Go to the start page
          </Button>
        </Group>
      }
    >
      {message}
    </MessagePage>
  );
  return standalone ? (
    <Center component="main" mih="100dvh">
      {page}
    </Center>
  ) : (
    page
  );
}
