import { Spotlight, type SpotlightActionData } from '@mantine/spotlight';
import type { Section } from '@privdesk/shared/constants';
import { IconSearch } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { sectionIcons } from './section-icons';

/** Ctrl+K / Cmd+K: jump to any page the person's roles allow. */
export function CommandPalette({ sections }: { sections: readonly Section[] }) {
  const navigate = useNavigate();
  const actions = useMemo<SpotlightActionData[]>(
    () =>
      sections.map((section) => {
        const Icon = sectionIcons[section.key];
        return {
          id: section.key,
          label: section.label,
          description: `Go to ${section.label}`,
          leftSection: <Icon size={20} stroke={1.6} aria-hidden />,
          onClick: () => void navigate(section.path),
        };
      }),
    [sections, navigate],
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
