import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';

/**
 * index.html names the entry's chunks; the page's own route chunks (every page is a lazy route) are found
 * only once the entry has run, and the page's data waits for them — on a cold load of the queue they were
 * asked for 150 ms after the entry's. So each page's HTML names them too: the route modules a first load of
 * that path runs, followed through the build's manifest to every chunk and stylesheet they import.
 *
 * The table mirrors the web's route tree (web/src/app/router.tsx, web/src/config/paths.ts); a test checks that
 * every route module the web has is named here. A path it does not know gets the plain index.html.
 */

/** The encoding to send for an Accept-Encoding header: Brotli, else gzip, else none (`q=0` refuses one). */
export function pageEncodingFor(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  const accepted = new Set<string>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((x) => x.trim()).find((x) => x.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return null;
}
const signedIn = 'app-layout';
export const pageRoutes: ReadonlyArray<{ pattern: RegExp; routes: readonly string[] }> = [
  { pattern: /^\/sign-in$/, routes: ['sign-in'] },
  { pattern: /^\/set-password$/, routes: ['set-password'] },
  // "/" sends most people on to the queue (route-helpers' startPathFor).
  { pattern: /^\/$/, routes: [signedIn, 'home', 'queue'] },
  { pattern: /^\/queue$/, routes: [signedIn, 'queue'] },
  { pattern: /^\/requests\/new$/, routes: [signedIn, 'new-request'] },
  { pattern: /^\/requests\/[^/]+\/certificate$/, routes: [signedIn, 'erasure-certificate'] },
  { pattern: /^\/requests\/[^/]+$/, routes: [signedIn, 'request'] },
  { pattern: /^\/customers$/, routes: [signedIn, 'customers'] },
  { pattern: /^\/customers\/[^/]+$/, routes: [signedIn, 'customer'] },
  { pattern: /^\/registry\/import$/, routes: [signedIn, 'registry-import'] },
  { pattern: /^\/registry$/, routes: [signedIn, 'registry'] },
  { pattern: /^\/registry\/new$/, routes: [signedIn, 'registry-new'] },
  { pattern: /^\/registry\/subscribers$/, routes: [signedIn, 'registry-subscribers'] },
  // The data inventory lives under the registry: its named pages before the subprocessor's.
  { pattern: /^\/registry\/systems$/, routes: [signedIn, 'inventory'] },
  { pattern: /^\/registry\/systems\/new$/, routes: [signedIn, 'inventory-new'] },
  { pattern: /^\/registry\/systems\/[^/]+\/edit$/, routes: [signedIn, 'inventory-edit'] },
  { pattern: /^\/registry\/systems\/[^/]+$/, routes: [signedIn, 'inventory-system'] },
  { pattern: /^\/registry\/[^/]+\/edit$/, routes: [signedIn, 'registry-edit'] },
  // After the named pages above: the first pattern that matches wins.
  { pattern: /^\/registry\/[^/]+$/, routes: [signedIn, 'registry-subprocessor'] },
  { pattern: /^\/dashboard$/, routes: [signedIn, 'dashboard'] },
  { pattern: /^\/dashboard\/ccpa-7102$/, routes: [signedIn, 'ccpa-report'] },
  { pattern: /^\/audit$/, routes: [signedIn, 'audit'] },
  { pattern: /^\/staff$/, routes: [signedIn, 'staff'] },
  { pattern: /^\/settings$/, routes: [signedIn, 'settings'] },
  { pattern: /^\/settings\/agents$/, routes: [signedIn, 'drp-agents'] },
  { pattern: /^\/mailbox$/, routes: [signedIn, 'mailbox'] },
  { pattern: /^\/inbox$/, routes: [signedIn, 'inbox'] },
  { pattern: /^\/erasure-tasks$/, routes: [signedIn, 'erasure-tasks'] },
  { pattern: /^\/deletions$/, routes: [signedIn, 'pending-deletions'] },
];

export const routeModule = (name: string) => `src/app/routes/${name}-route.tsx`;

interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
}

/** A page's HTML as built for it, and its compressed copies (made once: the pages are few and small). */
export interface PageHtml {
  html: string;
  br: Buffer;
  gzip: Buffer;
}

/** The HTML to send for a path. */
export interface PagePreloads {
  htmlFor(pathname: string): string;
  pageFor(pathname: string): PageHtml;
}

const compressed = (html: string): PageHtml => ({
  html,
  br: brotliCompressSync(html, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }),
  gzip: gzipSync(html, { level: 9 }),
});

export function loadPagePreloads(webDist: string): PagePreloads | null {
  const manifestPath = path.join(webDist, '.vite', 'manifest.json');
  const indexPath = path.join(webDist, 'index.html');
  if (!existsSync(manifestPath) || !existsSync(indexPath)) return null;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, ManifestChunk>;
  const index = readFileSync(indexPath, 'utf8');
  return pagePreloadsOf(index, manifest);
}

export function pagePreloadsOf(index: string, manifest: Record<string, ManifestChunk>): PagePreloads {
  const pages = pageRoutes.map(({ pattern, routes }) => {
    const scripts: string[] = [];
    const styles: string[] = [];
    const seen = new Set<string>();
    const visit = (key: string) => {
      const chunk = manifest[key];
      if (!chunk || seen.has(key)) return;
      seen.add(key);
      for (const dep of chunk.imports ?? []) visit(dep);
      scripts.push(`/${chunk.file}`);
      for (const css of chunk.css ?? []) styles.push(`/${css}`);
    };
    for (const route of routes) visit(routeModule(route));
    // What index.html already names (the entry's own chunks and styles) is not named twice.
    const links = [
      ...[...new Set(scripts)]
        .filter((href) => !index.includes(`"${href}"`))
        .map((href) => `<link rel="modulepreload" crossorigin href="${href}">`),
      ...[...new Set(styles)]
        .filter((href) => !index.includes(`"${href}"`))
        .map((href) => `<link rel="preload" as="style" crossorigin href="${href}">`),
    ];
    const html =
      links.length > 0 ? index.replace('</head>', `    ${links.join('\n    ')}\n  </head>`) : index;
    return { pattern, page: compressed(html) };
  });
  const plain = compressed(index);
  const pageFor = (pathname: string) => {
    const p = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
    return pages.find((page) => page.pattern.test(p))?.page ?? plain;
  };
  return { pageFor, htmlFor: (pathname) => pageFor(pathname).html };
}
