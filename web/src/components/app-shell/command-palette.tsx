import { Spotlight, type SpotlightActionData } from '@mantine/spotlight';
import type { Section } from '@privdesk/shared/constants';
import { IconSearch, type Icon } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { sectionIcons } from './section-icons';

/** A task rather than a section ("New request"), offered only to people whose roles allow it. */
export interface PaletteTask {
  id: string;
  label: string;
  description: string;
  path: string;
  icon: Icon;
}

/** Ctrl+K / Cmd+K: jump to any page the person's roles allow, or start a task they may do. */
export function CommandPalette({
  sections,
  tasks = [],
}: {
  sections: readonly Section[];
  tasks?: readonly PaletteTask[];
}) {
  const navigate = useNavigate();
  const actions = useMemo<SpotlightActionData[]>(
    () => [
      ...tasks.map((task) => ({
        id: task.id,
        label: task.label,
        description: task.description,
        leftSection: <task.icon size={20} stroke={1.6} aria-hidden />,
        onClick: () => void navigate(task.path),
      })),
      ...sections.map((section) => {
        const Icon = sectionIcons[section.key];
        return {
          id: section.key,
          label: section.label,
          description: `Go to ${section.label}`,
          leftSection: <Icon size={20} stroke={1.6} aria-hidden />,
          onClick: () => void navigate(section.path),
        };
      }),
    ],
    [sections, tasks, navigate],
  );
  return (
    <Spotlight
      actions={actions}
      shortcut={['mod + K']}
      nothingFound="No page matches"
      highlightQuery
      scrollable
      maxHeight={360}
      searchProps={{
        leftSection: <IconSearch size={18} stroke={1.6} aria-hidden />,
        placeholder: 'Go to a page…',
        'aria-label': 'Search pages',
      }}
    />
  );
}
