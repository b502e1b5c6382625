/**
 * Every route of the app in one place. Links and redirects go through these builders, so a renamed
 * route is a type error rather than a dead link.
 */
export const paths = {
  home: { pattern: '/', build: () => '/' },
  signIn: {
    pattern: '/sign-in',
    build: (next?: string) => (next ? `/sign-in?${new URLSearchParams({ next }).toString()}` : '/sign-in'),
  },
  setPassword: { pattern: '/set-password', build: () => '/set-password' },
  queue: {
    pattern: '/queue',
    build: (search?: URLSearchParams) => withSearch('/queue', search),
  },
  // Declared before the request page: "new" is not a request id (the router ranks static segments first).
  newRequest: { pattern: '/requests/new', build: () => '/requests/new' },
  request: {
    pattern: '/requests/:id',
    build: (id: string) => `/requests/${encodeURIComponent(id)}`,
  },
  erasureCertificate: {
    pattern: '/requests/:id/certificate',
    build: (id: string) => `/requests/${encodeURIComponent(id)}/certificate`,
  },
  customers: {
    pattern: '/customers',
    build: (q?: string) => (q ? `/customers?${new URLSearchParams({ q }).toString()}` : '/customers'),
  },
  customer: {
    pattern: '/customers/:id',
    build: (id: string) => `/customers/${encodeURIComponent(id)}`,
  },
  registry: {
    pattern: '/registry',
    build: (search?: URLSearchParams) => withSearch('/registry', search),
  },
  // Declared before the subprocessor page: "new", "subscribers" and "import" are not subprocessor ids.
  newSubprocessor: { pattern: '/registry/new', build: () => '/registry/new' },
  registrySubscribers: { pattern: '/registry/subscribers', build: () => '/registry/subscribers' },
  registryImport: { pattern: '/registry/import', build: () => '/registry/import' },
  // The data inventory lives in the registry's section; "systems" is not a subprocessor id either.
  dataInventory: { pattern: '/registry/systems', build: () => '/registry/systems' },
  newDataSystem: { pattern: '/registry/systems/new', build: () => '/registry/systems/new' },
  dataSystem: {
    pattern: '/registry/systems/:id',
    build: (id: string) => `/registry/systems/${encodeURIComponent(id)}`,
  },
  editDataSystem: {
    pattern: '/registry/systems/:id/edit',
    build: (id: string) => `/registry/systems/${encodeURIComponent(id)}/edit`,
  },
  subprocessor: {
    pattern: '/registry/:id',
    build: (id: string) => `/registry/${encodeURIComponent(id)}`,
  },
  editSubprocessor: {
    pattern: '/registry/:id/edit',
    build: (id: string) => `/registry/${encodeURIComponent(id)}/edit`,
  },
  dashboard: {
    pattern: '/dashboard',
    build: (search?: URLSearchParams) => withSearch('/dashboard', search),
  },
  // The CCPA §7102 metrics of a calendar year, printable (issue 18).
  ccpaReport: {
    pattern: '/dashboard/ccpa-7102',
    build: (year?: number) =>
      year === undefined ? '/dashboard/ccpa-7102' : `/dashboard/ccpa-7102?year=${String(year)}`,
  },
  audit: {
    pattern: '/audit',
    build: (search?: URLSearchParams) => withSearch('/audit', search),
  },
  staff: {
    pattern: '/staff',
    build: (search?: URLSearchParams) => withSearch('/staff', search),
  },
  settings: { pattern: '/settings', build: () => '/settings' },
  // The Data Rights Protocol's authorised agents: a page of the settings' section.
  drpAgents: { pattern: '/settings/agents', build: () => '/settings/agents' },
  mailbox: { pattern: '/mailbox', build: () => '/mailbox' },
  inbox: {
    pattern: '/inbox',
    build: (search?: URLSearchParams) => withSearch('/inbox', search),
  },
  erasureTasks: { pattern: '/erasure-tasks', build: () => '/erasure-tasks' },
  deletions: {
    pattern: '/deletions',
    build: (search?: URLSearchParams) => withSearch('/deletions', search),
  },
} as const;

export type PathKey = keyof typeof paths;

function withSearch(path: string, search?: URLSearchParams): string {
  const query = search?.toString();
  return query ? `${path}?${query}` : path;
}
