/**
 * The public subprocessor list (issue 14, item 3): who processes customers' personal data for Syncronis, the
 * changes announced with their objection deadlines, and a form to receive the notices. The same page opens
 * a subscriber's mailed links (`/subprocessors/confirm/<token>`, `/subprocessors/unsubscribe/<token>`) and
 * acts only when its button is pressed: a mail scanner that follows a link changes nothing. Its own build
 * entry: plain DOM, no staff code; it reads the public JSON and calls three public routes.
 */
import type { PublicRegistry } from '@privdesk/shared';
import { subprocessorCategoryLabels, transferMechanismLabels } from '@privdesk/shared/constants';
import './subprocessors.css';

type LinkOutcome = 'confirmed' | 'already' | 'unsubscribed' | 'invalid' | 'expired';
type Failure = { error: { message: string; fieldErrors?: Record<string, string[]> | null } };

const page = document.getElementById('page') ?? document.body;

/** An element with attributes and children: the page is small enough to build by hand. */
function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

function show(wide: boolean, ...content: Node[]): void {
  document.body.classList.toggle('narrow', !wide);
  page.removeAttribute('aria-busy');
  page.replaceChildren(...content);
}

function focusHeading(): void {
  const heading = page.querySelector('h1');
  if (!heading) return;
  heading.tabIndex = -1;
  heading.focus();
}

/** Our own origin's address for a path (spelled out: a fetch outside a browser has no base to resolve it). */
const sameOrigin = (path: string) => new URL(path, window.location.origin).toString();

async function post<T>(path: string, body: unknown): Promise<T | Failure> {
  const res = await fetch(sameOrigin(path), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
  });
  if (res.status === 429)
    throw new Error('Too many tries from your connection: wait a minute and try again.');
  if (res.status >= 500 || res.status === 403)
    throw new Error('Something went wrong on our side. Try again in a moment.');
  return (await res.json()) as T | Failure;
}

const messageOf = (error: unknown) =>
  error instanceof Error ? error.message : 'Something went wrong. Try again.';

// ---- Dates and countries, in words ----

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' });
const regions = new Intl.DisplayNames(['en'], { type: 'region' });

/** A calendar date (ISO) as a reader says it, with the machine form kept in `datetime`. */
function date(iso: string): HTMLTimeElement {
  const at = new Date(`${iso}T00:00:00Z`);
  return el('time', { datetime: iso }, Number.isNaN(at.getTime()) ? iso : dateFormat.format(at));
}

function country(code: string): string {
  try {
    return regions.of(code) ?? code;
  } catch {
    return code;
  }
}

const countries = (codes: readonly string[]) => codes.map(country).join(', ');

// ---- The list ----

function upcomingSection(registry: PublicRegistry): HTMLElement {
  const section = el(
    'section',
    { 'aria-labelledby': 'upcoming-title' },
    el('h2', { id: 'upcoming-title' }, 'Upcoming changes'),
  );
  if (registry.upcoming.length === 0) {
    section.append(el('p', { class: 'muted' }, 'No change is announced at the moment.'));
    return section;
  }
  const list = el('ul', { class: 'changes' });
  for (const c of registry.upcoming) {
    const what =
      c.kind === 'replacement' && c.replaces !== null ? `Replaces ${c.replaces}` : 'New subprocessor';
    list.append(
      el(
        'li',
        { class: 'change' },
        el('p', { class: `tag ${c.kind}` }, what),
        el('h3', {}, c.name),
        el('p', { class: 'muted' }, `${c.legalName} · ${subprocessorCategoryLabels[c.category]}`),
        el('p', {}, c.purpose),
        el(
          'dl',
          {},
          el('dt', {}, 'Countries'),
          el('dd', {}, countries(c.countries)),
          el('dt', {}, 'Notice sent'),
          el('dd', {}, date(c.noticeOn)),
          el('dt', {}, 'Objections until'),
          el('dd', { class: 'deadline' }, date(c.objectionDeadline)),
        ),
      ),
    );
  }
  section.append(
    el(
      'p',
      {},
      'Each change takes effect only after its objection deadline. Customers may object until then, as their data processing agreement provides.',
    ),
    list,
  );
  return section;
}

function activeSection(registry: PublicRegistry): HTMLElement {
  const section = el(
    'section',
    { 'aria-labelledby': 'active-title' },
    el('h2', { id: 'active-title' }, 'Current subprocessors'),
  );
  if (registry.active.length === 0) {
    section.append(el('p', { class: 'muted' }, 'None at the moment.'));
    return section;
  }
  const headings = [
    'Subprocessor',
    'Category and purpose',
    'Countries of processing',
    'Transfer safeguards',
    'Active since',
  ];
  // Explicit roles: on a phone the rows are laid out as cards, and CSS display would otherwise drop them.
  const head = el(
    'thead',
    { role: 'rowgroup' },
    el('tr', { role: 'row' }, ...headings.map((h) => el('th', { scope: 'col', role: 'columnheader' }, h))),
  );
  const body = el('tbody', { role: 'rowgroup' });
  for (const s of registry.active) {
    const name = el(
      'td',
      { role: 'cell', 'data-label': 'Subprocessor' },
      el('strong', {}, s.name),
      el('span', { class: 'sub' }, s.legalName),
    );
    if (s.website !== null)
      name.append(
        el(
          'a',
          { class: 'sub', href: s.website, rel: 'noopener noreferrer external' },
          s.website.replace(/^https:\/\/(www\.)?/, '').replace(/\/$/, ''),
        ),
      );
    body.append(
      el(
        'tr',
        { role: 'row' },
        name,
        el(
          'td',
          { role: 'cell', 'data-label': 'Category and purpose' },
          el('span', { class: 'category' }, subprocessorCategoryLabels[s.category]),
          el('span', { class: 'sub' }, s.purpose),
        ),
        el('td', { role: 'cell', 'data-label': 'Countries' }, countries(s.countries)),
        el(
          'td',
          { role: 'cell', 'data-label': 'Safeguards' },
          s.mechanisms.map((m) => transferMechanismLabels[m]).join(', ') || '—',
        ),
        el(
          'td',
          { role: 'cell', 'data-label': 'Active since' },
          s.activeFrom === null ? '—' : date(s.activeFrom),
        ),
      ),
    );
  }
  section.append(el('table', { role: 'table', 'aria-labelledby': 'active-title' }, head, body));
  return section;
}

/** A labelled input with the place its error goes, tied together for assistive technology. */
function field(id: string, label: string, input: HTMLInputElement, hint?: string) {
  const error = el('p', { class: 'error', id: `${id}-error` });
  input.id = id;
  input.name = id;
  input.setAttribute('aria-describedby', hint ? `${id}-hint ${id}-error` : `${id}-error`);
  const wrap = el('div', { class: 'field' }, el('label', { for: id }, label));
  if (hint) wrap.append(el('p', { class: 'hint', id: `${id}-hint` }, hint));
  wrap.append(input, error);
  const setError = (messages: readonly string[]) => {
    error.textContent = messages.join(' ');
    if (messages.length > 0) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  };
  return { wrap, setError };
}

function subscribeSection(): HTMLElement {
  const email = el('input', { type: 'email', autocomplete: 'email', required: '', maxlength: '254' });
  const organisation = el('input', { type: 'text', autocomplete: 'organization', maxlength: '200' });
  const emailField = field('email', 'Email address', email);
  const orgField = field(
    'organisation',
    'Organisation (optional)',
    organisation,
    'The customer you receive the notices for.',
  );
  const status = el('p', { class: 'status', role: 'status' });
  const button = el('button', { type: 'submit' }, 'Subscribe');
  const form = el(
    'form',
    { novalidate: '', class: 'subscribe' },
    emailField.wrap,
    orgField.wrap,
    button,
    status,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    status.textContent = '';
    status.classList.remove('error');
    emailField.setError([]);
    orgField.setError([]);
    const address = email.value.trim();
    if (address === '') {
      emailField.setError(['Enter your email address.']);
      email.focus();
      return;
    }
    button.disabled = true;
    const org = organisation.value.trim();
    post<{ state: 'sent'; message: string }>('/public/registry/subscribe', {
      email: address,
      ...(org === '' ? {} : { organisation: org }),
    })
      .then((out) => {
        if ('error' in out) {
          const fields = out.error.fieldErrors ?? {};
          emailField.setError(fields.email ?? []);
          orgField.setError(fields.organisation ?? []);
          if (!fields.email && !fields.organisation) {
            status.textContent = out.error.message;
            status.classList.add('error');
          }
          (fields.email ? email : organisation).focus();
          return;
        }
        status.textContent = out.message;
        form.reset();
      })
      .catch((error: unknown) => {
        status.textContent = messageOf(error);
        status.classList.add('error');
      })
      .finally(() => {
        button.disabled = false;
      });
  });
  return el(
    'section',
    { 'aria-labelledby': 'subscribe-title', id: 'subscribe', class: 'panel' },
    el('h2', { id: 'subscribe-title' }, 'Get notified of changes'),
    el(
      'p',
      {},
      'We email a notice before any new or replacing subprocessor starts, with the date until which customers may object. Confirm your address with the link we send; each notice has a link to stop them.',
    ),
    form,
  );
}

function listPage(registry: PublicRegistry): void {
  show(
    true,
    el('h1', {}, 'Subprocessors'),
    el(
      'p',
      { class: 'lead' },
      'Syncronis engages these companies (subprocessors) to process personal data on behalf of its customers. New or replacing ones are announced here, and to subscribers, before they start.',
    ),
    el(
      'p',
      { class: 'muted small' },
      'Updated on ',
      date(registry.updatedOn),
      ' · Also as ',
      el('a', { href: '/subprocessors.md' }, 'text (Markdown)'),
      ' and ',
      el('a', { href: '/public/registry.json' }, 'JSON'),
    ),
    upcomingSection(registry),
    activeSection(registry),
    subscribeSection(),
  );
  if (window.location.hash === '#subscribe') document.getElementById('subscribe')?.scrollIntoView();
}

function loadList(): void {
  fetch(sameOrigin('/public/registry.json'), { credentials: 'omit' })
    .then(async (res) => {
      if (!res.ok) throw new Error('The list could not be loaded. Try again in a moment.');
      listPage((await res.json()) as PublicRegistry);
    })
    .catch((error: unknown) => {
      const again = el('button', { type: 'button' }, 'Try again');
      again.addEventListener('click', loadList);
      show(
        false,
        el('h1', {}, 'Subprocessors'),
        el('p', { role: 'alert' }, messageOf(error)),
        again,
        el(
          'p',
          { class: 'muted small' },
          'The same list: ',
          el('a', { href: '/subprocessors.md' }, 'as text (Markdown)'),
          ' or ',
          el('a', { href: '/public/registry.json' }, 'as JSON'),
          '.',
        ),
      );
    });
}

// ---- A subscriber's link ----

const linkPages = {
  confirm: {
    title: 'Confirm your subscription',
    text: 'Press the button to receive Syncronis’s notices of subprocessor changes at the address this link was sent to.',
    button: 'Confirm subscription',
    already: 'Already subscribed',
    note: 'If you did not ask to subscribe, close this page: nothing will change.',
    url: '/public/registry/confirm',
  },
  unsubscribe: {
    title: 'Stop the notices',
    text: 'Press the button to stop receiving Syncronis’s notices of subprocessor changes at the address this link was sent to.',
    button: 'Unsubscribe',
    already: 'Already unsubscribed',
    note: 'Nothing changes until you press the button.',
    url: '/public/registry/unsubscribe',
  },
} as const;

const outcomeTitles: Record<LinkOutcome, string> = {
  confirmed: 'Subscribed',
  already: 'Nothing to change',
  unsubscribed: 'Unsubscribed',
  invalid: 'This link cannot be used',
  expired: 'This link has expired',
};

function linkPage(purpose: keyof typeof linkPages, token: string): void {
  const copy = linkPages[purpose];
  const problem = el('p', { class: 'error', role: 'alert' });
  const button = el('button', { type: 'button' }, copy.button);
  button.addEventListener('click', () => {
    problem.textContent = '';
    button.disabled = true;
    post<{ outcome: LinkOutcome; message: string }>(copy.url, { token })
      .then((out) => {
        if ('error' in out) {
          problem.textContent = [...(out.error.fieldErrors?.token ?? [])].join(' ') || out.error.message;
          button.disabled = false;
          return;
        }
        const ok = out.outcome === 'confirmed' || out.outcome === 'unsubscribed' || out.outcome === 'already';
        const next =
          purpose === 'confirm' && !ok
            ? el('a', { href: '/subprocessors#subscribe', class: 'button' }, 'Subscribe again')
            : el('a', { href: '/subprocessors' }, 'See the list of subprocessors');
        show(
          false,
          el(
            'div',
            { class: 'card' },
            el(
              'h1',
              { class: ok ? 'done' : '' },
              out.outcome === 'already' ? copy.already : outcomeTitles[out.outcome],
            ),
            el('p', {}, out.message),
            next,
          ),
        );
        focusHeading();
      })
      .catch((error: unknown) => {
        problem.textContent = messageOf(error);
        button.disabled = false;
      });
  });
  show(
    false,
    el(
      'div',
      { class: 'card' },
      el('h1', {}, copy.title),
      el('p', {}, copy.text),
      button,
      problem,
      el('p', { class: 'muted small' }, copy.note),
    ),
  );
}

const link = /^\/subprocessors\/(confirm|unsubscribe)\/([^/]+)\/?$/.exec(window.location.pathname);
/** A token as the mail wrote it; a mangled escape is passed on as it is and answered "cannot be used". */
function tokenOf(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
if (link?.[1] === 'confirm' || link?.[1] === 'unsubscribe') linkPage(link[1], tokenOf(link[2] ?? ''));
else loadList();
