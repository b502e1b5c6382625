import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useRef, type ReactNode } from 'react';
import { useBlocker } from 'react-router';

/**
 * Asks before typed work is lost: leaving the page in the app (a link, Back) opens a confirmation; closing
 * or reloading the tab gets the browser's own question. A form that has just saved calls `release()` before
 * it navigates on, so its own navigation is let through.
 */
export function useLeaveGuard(
  hasWork: boolean,
  what = 'what you typed',
): { guard: ReactNode; release: () => void } {
  const released = useRef(false);
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      hasWork &&
      !released.current &&
      (currentLocation.pathname !== nextLocation.pathname || currentLocation.search !== nextLocation.search),
  );
  useEffect(() => {
    if (!hasWork) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (released.current) return;
      event.preventDefault();
      // Older browsers need a value set; the words shown are the browser's own.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [hasWork]);
  const release = useCallback(() => {
    released.current = true;
  }, []);
  const guard =
    blocker.state === 'blocked' ? (
      <Modal opened onClose={() => blocker.reset()} title="Leave without saving?">
        <Stack gap="md">
          <Text size="sm">If you leave this page now, {what} is lost: nothing has been saved yet.</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => blocker.reset()} data-autofocus>
              Stay on the page
            </Button>
            <Button color="red" onClick={() => blocker.proceed()}>
              Leave and discard
            </Button>
          </Group>
        </Stack>
      </Modal>
    ) : null;
  return { guard, release };
}
