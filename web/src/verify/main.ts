/**
 * The requester's own page (issue 13, item 2): opened from the link we mailed them, it shows which request
 * the link is for and lets them confirm it is theirs — signing the declaration themselves when the request
 * needs high assurance. Its own entry point: plain DOM, no staff code, no staff data; it talks to two public
 * routes that take only the link's token and say nothing about any other request.
 */
import './verify.css';

type Inspect =
  | {
      state: 'ready';
      reference: string;
      requestType: string;
      law: string;
      receivedOn: string;
      expiresOn: string;
      declarationRequired: boolean;
    }
  | { state: 'unusable' };

type Confirm =
  | { state: 'confirmed'; reference: string }
  | { state: 'unusable' }
  | { error: { message: string; fieldErrors?: Record<string, string[]> } };

const page = document.getElementById('page') ?? document.body;
const token = decodeURIComponent(window.location.pathname.replace(/^\/verify\//, '').replace(/\/+$/, ''));

/** An element with text and attributes: the page is small enough to build by hand. */
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

function show(...content: Node[]): void {
  const heading = content.find((n): n is HTMLElement => n instanceof HTMLElement && n.tagName === 'H1');
  page.replaceChildren(
    el('p', { class: 'brand' }, 'Syncronis · Privacy'),
    el('div', { class: 'card' }, ...content),
  );
  if (heading) {
    heading.tabIndex = -1;
    heading.focus();
  }
}

async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
  });
  if (res.status === 429)
    throw new Error('Too many tries from your connection: wait a minute and try again.');
  if (res.status >= 500) throw new Error('Something went wrong on our side. Try again in a moment.');
  return (await res.json()) as T;
}

function unusable(): void {
  show(
    el('h1', {}, 'This link cannot be used'),
    el(
      'p',
      {},
      'It may have expired, been used already, or been replaced by a newer one. If you still need to confirm your request, reply to the email we sent you and we will help.',
    ),
  );
}

function failed(message: string, retry: () => void): void {
  const again = el('button', { type: 'button' }, 'Try again');
  again.addEventListener('click', retry);
  show(el('h1', {}, 'We could not load your request'), el('p', { role: 'alert' }, message), again);
}

function confirmed(reference: string): void {
  show(
    el('h1', { class: 'done' }, 'Thank you — confirmed'),
    el(
      'p',
      {},
      `We have recorded that request ${reference} is yours. We will now work on it and write to you by email.`,
    ),
    el('p', { class: 'muted small' }, 'You can close this page.'),
  );
}

function ready(r: Extract<Inspect, { state: 'ready' }>): void {
  const facts = el(
    'dl',
    {},
    el('dt', {}, 'Reference'),
    el('dd', {}, r.reference),
    el('dt', {}, 'Your request'),
    el('dd', {}, r.requestType),
    el('dt', {}, 'Law'),
    el('dd', {}, r.law),
    el('dt', {}, 'Received'),
    el('dd', {}, r.receivedOn),
  );
  const form = el('form', { novalidate: '' });
  const problem = el('p', { class: 'error', role: 'alert' });
  let nameInput: HTMLInputElement | null = null;
  let agreeInput: HTMLInputElement | null = null;
  const nameError = el('p', { class: 'error', id: 'signed-name-error' });
  const agreeError = el('p', { class: 'error', id: 'agreed-error' });
  if (r.declarationRequired) {
    agreeInput = el('input', { type: 'checkbox', id: 'agreed', 'aria-describedby': 'agreed-error' });
    nameInput = el('input', {
      type: 'text',
      id: 'signed-name',
      autocomplete: 'name',
      'aria-describedby': 'signed-name-error',
    });
    form.append(
      el(
        'p',
        {},
        'This request needs your signed declaration. Signing a false declaration is perjury under the law of California.',
      ),
      el(
        'div',
        { class: 'field' },
        el(
          'label',
          { class: 'check', for: 'agreed' },
          agreeInput,
          el(
            'span',
            {},
            'I declare under penalty of perjury that I am the person this request is about, or am authorised to make it for them.',
          ),
        ),
        agreeError,
      ),
      el(
        'div',
        { class: 'field' },
        el('label', { for: 'signed-name' }, 'Type your full name to sign'),
        nameInput,
        nameError,
      ),
    );
  }
  const button = el('button', { type: 'submit' }, 'Yes, this request is mine');
  form.append(problem, button);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    problem.textContent = '';
    nameError.textContent = '';
    agreeError.textContent = '';
    const declaration =
      nameInput && agreeInput
        ? { signedName: nameInput.value.trim(), agreed: agreeInput.checked }
        : undefined;
    if (declaration && !declaration.agreed) agreeError.textContent = 'Tick the box to make the declaration.';
    if (declaration && declaration.signedName.length < 2)
      nameError.textContent = 'Type your full name to sign.';
    if (agreeError.textContent || nameError.textContent) {
      (agreeError.textContent ? agreeInput : nameInput)?.focus();
      return;
    }
    button.disabled = true;
    post<Confirm>('/public/verification/confirm', { token, ...(declaration ? { declaration } : {}) })
      .then((out) => {
        if ('state' in out) {
          if (out.state === 'confirmed') confirmed(out.reference);
          else unusable();
          return;
        }
        const fields = out.error.fieldErrors ?? {};
        nameError.textContent = (fields['declaration.signedName'] ?? []).join(' ');
        agreeError.textContent = (fields['declaration.agreed'] ?? []).join(' ');
        problem.textContent =
          [...(fields.declaration ?? []), ...(fields.token ?? [])].join(' ') || out.error.message;
        button.disabled = false;
      })
      .catch((error: unknown) => {
        problem.textContent = error instanceof Error ? error.message : 'Something went wrong. Try again.';
        button.disabled = false;
      });
  });
  show(
    el('h1', {}, 'Confirm your privacy request'),
    el(
      'p',
      {},
      'You asked Syncronis to act on your personal data. Before we do, please confirm the request is yours.',
    ),
    facts,
    form,
    el(
      'p',
      { class: 'muted small' },
      `This link works once, until ${r.expiresOn}. If you did not make this request, close this page: nothing will happen.`,
    ),
  );
}

function load(): void {
  post<Inspect>('/public/verification/inspect', { token })
    .then((out) => (out.state === 'ready' ? ready(out) : unusable()))
    .catch((error: unknown) =>
      failed(error instanceof Error ? error.message : 'Something went wrong.', load),
    );
}

load();
