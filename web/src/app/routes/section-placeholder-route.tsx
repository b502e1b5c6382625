import { sections, type Section } from '@privdesk/shared/constants';
import { ComingSoonPage } from '../../components/pages/coming-soon-page';
import { RequirePermission } from '../../components/require-permission';

/** Dashboard until its issue lands: guarded like the real pages will be. */
export function createSectionPlaceholderRoute(key: Section['key']) {
  const section = sections.find((s) => s.key === key);
  if (!section) throw new Error(`Unknown section ${key}`);
  const Component = () => <SectionPlaceholderPage section={section} />;
  return { Component };
}

function SectionPlaceholderPage({ section }: { section: Section }) {
  return (
    <RequirePermission permission={section.permission}>
      <ComingSoonPage title={section.label} />
    </RequirePermission>
  );
}
