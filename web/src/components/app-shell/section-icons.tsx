import {
  IconChartBar,
  IconChecklist,
  IconInbox,
  IconListSearch,
  IconMail,
  IconMailbox,
  IconServer2,
  IconSettings,
  IconTrashX,
  IconUserCog,
  IconUsers,
  type Icon,
} from '@tabler/icons-react';
import type { Section } from '@privdesk/shared/constants';

export const sectionIcons: Record<Section['key'], Icon> = {
  queue: IconInbox,
  inbox: IconMailbox,
  deletions: IconTrashX,
  customers: IconUsers,
  mailbox: IconMail,
  registry: IconServer2,
  dashboard: IconChartBar,
  audit: IconListSearch,
  staff: IconUserCog,
  settings: IconSettings,
  'erasure-tasks': IconChecklist,
};
