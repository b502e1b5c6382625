import {
  Combobox,
  Drawer,
  Modal,
  Notification,
  createTheme,
  localStorageColorSchemeManager,
  type CSSVariablesResolver,
} from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 6 under white text is below WCAG AA (4.5:1); 8 in light and dark passes.
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'md',
  // Keyboard users always see where they are; mouse clicks do not leave rings behind.
  focusRing: 'auto',
  cursorType: 'pointer',
  fontFamily:
    'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif',
  headings: { fontWeight: '650' },
  // Icon-only close buttons need a name for screen readers; notification text keeps AA contrast.
  components: {
    // Mantine mounts every closed select's list (hidden) and positions it on mount: on the queue that is six
    // lists of options and six forced style recalculations before the first row can paint. A list is made
    // when it opens; the input only points at it (aria-controls) while it is open, so nothing dangles.
    Combobox: Combobox.extend({ defaultProps: { keepMounted: false } }),
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss notification' } },
      styles: { description: { color: 'var(--mantine-color-text)' } },
    }),
  },
});

/** Same key as public/color-scheme.js, which applies the choice before React starts. */
export const colorSchemeManager = localStorageColorSchemeManager({ key: 'privdesk-color-scheme' });

/**
 * Mantine's light-mode "dimmed" grey, error red and light-variant text (shade 6 on a pale tint) are about
 * 3:1; these shades read at WCAG AA (4.5:1). In dark mode its dimmed grey (dark 2) and error red (red 8) on
 * the dark body are 4.0:1 and 3.4:1: one shade lighter each reads at AA there too.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': t.colors.gray[7] ?? '#495057',
    '--mantine-color-error': t.colors.red[9] ?? '#c92a2a',
    ...Object.fromEntries(
      Object.entries(t.colors).map(([name, shades]) => [
        `--mantine-color-${name}-light-color`,
        shades[9] ?? shades[8] ?? '',
      ]),
    ),
  },
  dark: {
    '--mantine-color-dimmed': t.colors.dark[1] ?? '#b8b8b8',
    '--mantine-color-error': t.colors.red[5] ?? '#ff6b6b',
  },
});
