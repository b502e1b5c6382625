import { NavLink, Stack } from '@mantine/core';
import type { Section } from '@privdesk/shared/constants';
import { Link, useLocation } from 'react-router';
import classes from './app-layout.module.css';
import { sectionIcons } from './section-icons';

export function MainNav({ sections, onNavigate }: { sections: readonly Section[]; onNavigate: () => void }) {
  const { pathname } = useLocation();
  return (
    <Stack gap={4}>
      {sections.map((section) => {
        const Icon = sectionIcons[section.key];
        const isActive = pathname === section.path || pathname.startsWith(`${section.path}/`);
        return (
          <NavLink
            key={section.key}
            component={Link}
            to={section.path}
            label={section.label}
            leftSection={<Icon size={18} stroke={1.6} aria-hidden />}
            active={isActive}
            aria-current={isActive ? 'page' : undefined}
            variant="light"
            className={classes.navLink}
            onClick={onNavigate}
          />
        );
      })}
    </Stack>
  );
}
