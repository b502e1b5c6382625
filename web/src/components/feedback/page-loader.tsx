import { Center, Loader } from '@mantine/core';

export function PageLoader({ label = 'Loading' }: { label?: string }) {
  return (
    <Center mih="40vh" w="100%">
      <Loader role="status" aria-label={label} />
    </Center>
  );
}
