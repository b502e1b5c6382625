import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { TRPCProvider } from '../lib/trpc';
import { colorSchemeManager, cssVariablesResolver, theme } from '../lib/theme';
import type { AppServices } from './services';

interface AppProvidersProps {
  services: AppServices;
  /** "test" turns off Mantine transitions and portals, so tests see content at once. */
  env?: 'default' | 'test';
  children: ReactNode;
}

export function AppProviders({ services, env = 'default', children }: AppProvidersProps) {
  return (
    <MantineProvider
      theme={theme}
      colorSchemeManager={colorSchemeManager}
      cssVariablesResolver={cssVariablesResolver}
      defaultColorScheme="auto"
      env={env}
    >
      <QueryClientProvider client={services.queryClient}>
        <TRPCProvider trpcClient={services.trpcClient} queryClient={services.queryClient}>
          {children}
        </TRPCProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
