import {
  AppShell,
  Box,
  Burger,
  Button,
  Divider,
  Group,
  Kbd,
  VisuallyHidden,
  ScrollArea,
  Text,
  ThemeIcon,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Notifications } from '@mantine/notifications';
import { spotlight } from '@mantine/spotlight';
import { sectionsFor } from '@privdesk/shared/constants';
import { IconFilePlus, IconLogout, IconSearch, IconShieldLock } from '@tabler/icons-react';
import { useMemo, type ReactNode } from 'react';
import { Link } from 'react-router';
import { paths } from '../../config/paths';
import { ActiveStaffContext, type ActiveStaff } from '../../lib/session';
import { ColourSchemeToggle } from './colour-scheme-toggle';
import { CommandPalette, type PaletteTask } from './command-palette';
import classes from './app-layout.module.css';
import { MainNav } from './main-nav';
import { UserSummary } from './user-summary';

interface AppLayoutProps {
  staff: ActiveStaff;
  onSignOut: () => void;
  isSigningOut: boolean;
  /** Controls a route adds to the header (the notifications bell), before the colour-scheme toggle. */
  headerActions?: ReactNode;
  children: ReactNode;
}

export function AppLayout({ staff, onSignOut, isSigningOut, headerActions, children }: AppLayoutProps) {
  const [isNavOpen, nav] = useDisclosure(false);
  const sections = useMemo(() => sectionsFor(staff.permissions), [staff.permissions]);
  // The palette finds customers and requests too, for those who may read them.
  const paletteLabel = staff.permissions.includes('customers:read')
    ? 'Search customers, pages'
    : 'Go to a page';
  const tasks = useMemo<PaletteTask[]>(
    () =>
      staff.permissions.includes('requests:create')
        ? [
            {
              id: 'new-request',
              label: 'New request',
              description: 'Log a data-subject request',
              path: paths.newRequest.build(),
              icon: IconFilePlus,
            },
          ]
        : [],
    [staff.permissions],
  );

  return (
    <ActiveStaffContext value={staff}>
      <a href="#main-content" className={classes.skipLink}>
        Skip to content
      </a>
      <AppShell
        header={{ height: 60 }}
        navbar={{ width: 208, breakpoint: 'sm', collapsed: { mobile: !isNavOpen } }}
        padding={{ base: 'sm', sm: 'lg' }}
      >
        <AppShell.Header>
          <Group h="100%" px={{ base: 'sm', sm: 'md' }} justify="space-between" wrap="nowrap" gap="xs">
            <Group gap="xs" wrap="nowrap" miw={0}>
              <Burger
                opened={isNavOpen}
                onClick={nav.toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={isNavOpen ? 'Close navigation' : 'Open navigation'}
                aria-expanded={isNavOpen}
                aria-controls="main-navigation"
              />
              <UnstyledButton
                component={Link}
                to={paths.home.build()}
                className={classes.brand}
                aria-label="Privacy Desk, start page"
              >
                <Group gap={8} wrap="nowrap">
                  <ThemeIcon size="md" radius="md" aria-hidden>
                    <IconShieldLock size={16} />
                  </ThemeIcon>
                  <Text fw={700} visibleFrom="xs">
                    Privacy Desk
                  </Text>
                </Group>
              </UnstyledButton>
            </Group>
            <Group gap="xs" wrap="nowrap">
              {/* The visible words are the accessible name (WCAG 2.5.3); narrow screens keep them for screen readers only. */}
              <UnstyledButton
                className={classes.search}
                onClick={() => spotlight.open()}
                aria-keyshortcuts="Control+K"
              >
                <Group gap={8} wrap="nowrap">
                  <IconSearch size={16} stroke={1.6} aria-hidden />
                  <Text size="sm" c="dimmed" visibleFrom="md">
                    {paletteLabel}
                  </Text>
                  <VisuallyHidden hiddenFrom="md">{paletteLabel}</VisuallyHidden>
                  <Kbd size="xs" visibleFrom="md" aria-hidden>
                    Ctrl K
                  </Kbd>
                </Group>
              </UnstyledButton>
              <Box visibleFrom="sm" maw={220}>
                <UserSummary staff={staff} />
              </Box>
              {headerActions}
              <ColourSchemeToggle />
              <Button
                variant="default"
                leftSection={<IconLogout size={16} aria-hidden />}
                onClick={onSignOut}
                loading={isSigningOut}
                px={{ base: 'xs', sm: 'md' }}
              >
                Sign out
              </Button>
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar id="main-navigation" aria-label="Main" p="sm">
          <AppShell.Section grow component={ScrollArea}>
            {/* On small screens the navigation is an overlay; following a link closes it. */}
            <MainNav sections={sections} onNavigate={nav.close} />
          </AppShell.Section>
          <AppShell.Section hiddenFrom="sm">
            <Divider my="sm" />
            <UserSummary staff={staff} />
          </AppShell.Section>
        </AppShell.Navbar>
        <AppShell.Main id="main-content" tabIndex={-1} className={classes.main}>
          {children}
        </AppShell.Main>
      </AppShell>
      <CommandPalette sections={sections} tasks={tasks} permissions={staff.permissions} />
      {/* Only signed-in pages notify; keeping this here keeps it out of the sign-in bundle. */}
      <Notifications position="bottom-right" zIndex={1000} />
    </ActiveStaffContext>
  );
}
