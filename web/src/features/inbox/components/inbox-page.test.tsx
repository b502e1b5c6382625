import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { activeMe } from '../../../testing/factories';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { TrpcFailure, trpcMutation, trpcQuery, type InputOf, type OutputOf } from '../../../testing/trpc-msw';

type Get = OutputOf<'inbox.get'>;
type Item = OutputOf<'inbox.find'>['items'][number];

const deleteMeId = '00000000-0000-4000-8000-00000000e101';
const replyId = '00000000-0000-4000-8000-00000000e102';
const requestId = '00000000-0000-4000-8000-00000000b101';

const deleteMe: Item = {
  id: deleteMeId,
  receivedAt: '2026-03-12T09:15:07.000Z',
  fromName: 'Nadia Okoro',
  fromAddress: 'nadia.okoro@example.com',
  subject: 'Please delete my account',
  preview: 'Hello, please delete my account and everything you hold about me.',
  status: 'new',
  flags: ['attachments_dropped'],
  attachmentCount: 1,
  request: null,
  version: 0,
};

const reply: Item = {
  id: replyId,
  receivedAt: '2026-03-11T16:02:00.000Z',
  fromName: '',
  fromAddress: null,
  subject: 'Re: Your request DSR-2026-000321',
  preview: 'Here is the document you asked for.',
  status: 'new',
  flags: ['no_from', 'truncated'],
  attachmentCount: 0,
  request: null,
  version: 3,
};

function mailOf(item: Item, extra: Partial<Get['mail']> = {}): Get['mail'] {
  return {
    ...item,
    text: `${item.preview}\n\n<b>not bold</b>\nThanks,\nNadia`,
    to: ['privacy@syncronis.net'],
    envelopeFrom: item.fromAddress ?? 'bounce@lists.example',
    messageId: '<m1@example.com>',
    inReplyTo: null,
    sizeBytes: 2048,
    attachments:
      item.attachmentCount > 0 ? [{ name: 'passport.jpg', type: 'image/jpeg', size: 234_000 }] : [],
    kept: [],
    auth: {
      spf: { verdict: 'pass', domain: 'example.com' },
      dkim: { verdict: 'none', domain: null },
      dmarc: { verdict: 'none', domain: null },
      checkedAt: '2026-03-12T09:15:09.000Z',
    },
    threadedVia: null,
    notRequest: null,
    handled: null,
    ...extra,
  };
}

const noSuggestion: Get['suggestion'] = {
  action: 'new_request',
  request: null,
  type: null,
  regime: null,
  customer: null,
};

/** The inbox as the server answers it, changeable by the test. */
function answerInbox(items: Item[], gets: Record<string, Get>) {
  const asked: InputOf<'inbox.find'>[] = [];
  const state = { items, gets, asked };
  server.use(
    trpcQuery('auth.me', () => activeMe(['privacy_officer'], { name: 'Olivia Okafor' })),
    trpcQuery('inbox.find', (input) => {
      asked.push(input);
      const shown = state.items.filter((m) =>
        input.show === 'handled' ? m.status !== 'new' : input.show === 'all' ? true : m.status === 'new',
      );
      return {
        items: shown,
        total: shown.length,
        page: input.page ?? 1,
        pageSize: input.pageSize ?? 25,
        newCount: state.items.filter((m) => m.status === 'new').length,
      };
    }),
    trpcQuery('inbox.get', (input) => {
      const found = state.gets[input.id];
      return found ?? new TrpcFailure('NOT_FOUND', 'No message with this id in the inbox.');
    }),
  );
  return state;
}

/** Every heading goes at most one level deeper than the one before it, starting from the page's h1. */
function expectHeadingsInOrder() {
  const levels = screen
    .getAllByRole('heading')
    .map((h) => Number(h.getAttribute('aria-level') ?? h.tagName.slice(1)));
  expect(levels[0]).toBe(1);
  levels.forEach((level, i) => {
    if (i > 0) expect(level).toBeLessThanOrEqual((levels[i - 1] ?? 1) + 1);
  });
}

/** Every control a person can reach has a name a screen reader says. */
function expectEveryControlLabelled(container: HTMLElement) {
  const controls = ['button', 'link', 'textbox', 'combobox', 'radio', 'checkbox'].flatMap((role) =>
    within(container).queryAllByRole(role),
  );
  expect(controls.length).toBeGreaterThan(0);
  for (const control of controls) expect(control).toHaveAccessibleName();
}

describe('the inbox', () => {
  it('lists new mail newest first, opens a message beside the list and suggests making a request of it', async () => {
    const state = answerInbox([deleteMe, reply], {
      [deleteMeId]: {
        mail: mailOf(deleteMe),
        suggestion: {
          action: 'new_request',
          request: null,
          type: 'erasure',
          regime: 'gdpr',
          customer: {
            id: '00000000-0000-4000-8000-00000000c101',
            accountNumber: 'ACC-100234',
            country: 'DE',
          },
        },
      },
    });
    const { user, location } = renderApp('/inbox');
    const list = await screen.findByRole('list', { name: 'New mail, newest first' });
    const [first, second] = within(list).getAllByRole('link');
    expect(first).toHaveTextContent('Nadia Okoro');
    expect(first).toHaveTextContent('nadia.okoro@example.com');
    expect(first).toHaveTextContent('Please delete my account');
    expect(first).toHaveTextContent('1 attachment');
    expect(first).toHaveTextContent('New');
    expect(second).toHaveTextContent('No sender address');
    expect(second).toHaveTextContent('Text cut');
    expect(screen.getByRole('radio', { name: 'New (2)' })).toBeChecked();
    expect(state.asked.at(-1)).toEqual({ show: 'new', page: 1, pageSize: 25 });
    expect(screen.getByText('Choose a message to read it and decide what it is.')).toBeInTheDocument();

    if (!first) throw new Error('no first message');
    await user.click(first);
    await waitFor(() => expect(location().search).toBe(`?mail=${deleteMeId}`));
    const mail = await screen.findByRole('region', { name: 'Please delete my account' });
    expect(first).toHaveAttribute('aria-current', 'true');
    expect(mail).toHaveTextContent('Nadia Okoro <nadia.okoro@example.com>');
    expect(mail).toHaveTextContent('privacy@syncronis.net');
    expect(mail).toHaveTextContent(/12 Mar 2026, \d\d:\d5:07/);
    expect(mail).toHaveTextContent('Attachments recorded, not kept');
    expect(mail).toHaveTextContent(
      'Sender checks: SPF pass · DKIM none · DMARC none — a signal, not identity verification',
    );
    expect(mail).toHaveTextContent('passport.jpg · image/jpeg · 229 KB');
    // The text is text: markup in it is shown, never rendered.
    expect(within(mail).getByText(/<b>not bold<\/b>/)).toBeInTheDocument();
    expect(mail.querySelector('b')).toBeNull();

    const next = within(mail).getByRole('region', { name: 'Suggested next step' });
    expect(next).toHaveTextContent('Looks like: erasure · EU GDPR (from the account’s country)');
    expect(within(next).getByRole('link', { name: /Make a request of this email/ })).toHaveAttribute(
      'href',
      `/requests/new?fromMail=${deleteMeId}`,
    );
    expect(within(next).getByRole('link', { name: 'ACC-100234' })).toBeInTheDocument();
    expect(within(next).getByRole('button', { name: 'Put on another request…' })).toBeInTheDocument();
    expect(within(next).getByRole('button', { name: 'Not a request…' })).toBeInTheDocument();

    expectHeadingsInOrder();
    expectEveryControlLabelled(document.body);

    await user.click(screen.getByRole('radio', { name: 'Handled' }));
    await waitFor(() => expect(location().search).toBe(`?show=handled&mail=${deleteMeId}`));
    await waitFor(() => expect(state.asked.at(-1)).toEqual({ show: 'handled', page: 1, pageSize: 25 }));
    expect(await screen.findByText(/Messages appear here once they become requests/)).toBeInTheDocument();
  });

  it('shows beside the field the note the server asks for when the reason is "something else"', async () => {
    const dismissals: InputOf<'inbox.dismiss'>[] = [];
    answerInbox([deleteMe], { [deleteMeId]: { mail: mailOf(deleteMe), suggestion: noSuggestion } });
    server.use(
      trpcMutation('inbox.dismiss', (input) => {
        dismissals.push(input);
        return new TrpcFailure('BAD_REQUEST', 'Check the highlighted fields.', {
          note: ['Say what this message is.'],
        });
      }),
    );
    const { user } = renderApp(`/inbox?mail=${deleteMeId}`);
    const mail = await screen.findByRole('region', { name: 'Please delete my account' });
    await user.click(within(mail).getByRole('button', { name: 'Not a request…' }));
    const form = within(mail).getByRole('form', { name: 'Not a request' });
    await user.selectOptions(within(form).getByRole('combobox', { name: /What it is instead/ }), 'other');
    await user.click(within(form).getByRole('button', { name: 'Mark as not a request' }));

    const note = within(form).getByRole('textbox', { name: /Note/ });
    await waitFor(() => expect(note).toHaveAccessibleDescription(/Say what this message is\./));
    expect(note).toHaveAttribute('aria-invalid', 'true');
    expect(dismissals).toEqual([{ id: deleteMeId, version: 0, reason: 'other' }]);
    // Placed beside its field, so no alert repeats it.
    expect(within(form).queryByRole('alert')).not.toBeInTheDocument();
    expectEveryControlLabelled(form);
  });

  it('puts a reply on the request it names and then says what became of it', async () => {
    const state = answerInbox([reply], {
      [replyId]: {
        mail: mailOf(reply),
        suggestion: {
          action: 'reply',
          request: { id: requestId, reference: 'DSR-2026-000321', status: 'awaiting_requester' },
          type: null,
          regime: null,
          customer: null,
        },
      },
    });
    const attaches: InputOf<'inbox.attach'>[] = [];
    server.use(
      trpcMutation('inbox.attach', (input) => {
        attaches.push(input);
        const handledReply: Item = {
          ...reply,
          status: 'reply',
          version: 4,
          request: { id: requestId, reference: 'DSR-2026-000321' },
        };
        state.items = [handledReply];
        state.gets[replyId] = {
          mail: mailOf(handledReply, {
            threadedVia: 'officer',
            handled: { by: 'Olivia Okafor', at: '2026-03-12T10:00:00.000Z' },
          }),
          suggestion: noSuggestion,
        };
        return {
          id: replyId,
          version: 4,
          status: 'reply' as const,
          request: { id: requestId, reference: 'DSR-2026-000321' },
        };
      }),
    );
    const { user, location } = renderApp(`/inbox?mail=${replyId}`);
    const mail = await screen.findByRole('region', { name: 'Re: Your request DSR-2026-000321' });
    expect(mail).toHaveTextContent('No sender address');
    expect(mail).toHaveTextContent('Text longer than the inbox keeps: cut');
    const next = within(mail).getByRole('region', { name: 'Suggested next step' });
    expect(next).toHaveTextContent('(status: Waiting on requester)');
    await user.click(within(next).getByRole('button', { name: 'Put on DSR-2026-000321' }));

    const notice = await screen.findByRole('alert');
    expect(notice).toHaveTextContent('Put on DSR-2026-000321');
    expect(notice).toHaveTextContent('Re: Your request DSR-2026-000321');
    expect(attaches).toEqual([{ id: replyId, version: 3, reference: 'DSR-2026-000321' }]);
    const outcome = await within(mail).findByRole('region', { name: 'Handled' });
    expect(outcome).toHaveTextContent('On DSR-2026-000321 (threaded because an officer attached it)');
    expect(outcome).toHaveTextContent('By Olivia Okafor');
    expect(within(outcome).getByRole('link', { name: 'DSR-2026-000321' })).toHaveAttribute(
      'href',
      `/requests/${requestId}`,
    );
    expect(within(mail).queryByRole('button', { name: /Not a request/ })).not.toBeInTheDocument();
    // The selection stays; the message has left the new mail.
    expect(location().search).toBe(`?mail=${replyId}`);
    expect(await screen.findByText(/No new mail\./)).toBeInTheDocument();
    expect(
      screen.getByText(/Mail sent to privacy@syncronis\.net appears here as it arrives\./),
    ).toBeInTheDocument();
  });

  it('says what a handled message became, with no actions left on it', async () => {
    const dismissed: Item = { ...deleteMe, status: 'not_request', version: 1 };
    answerInbox([dismissed], {
      [deleteMeId]: {
        mail: mailOf(dismissed, {
          notRequest: { reason: 'marketing_reply', note: 'Wants off the newsletter.' },
          handled: { by: 'Piotr Nowak', at: '2026-03-12T11:00:00.000Z' },
          auth: null,
        }),
        suggestion: noSuggestion,
      },
    });
    renderApp(`/inbox?show=all&mail=${deleteMeId}`);
    const mail = await screen.findByRole('region', { name: 'Please delete my account' });
    const outcome = within(mail).getByRole('region', { name: 'Handled' });
    expect(outcome).toHaveTextContent('Not a request: a reply to marketing — Wants off the newsletter.');
    expect(outcome).toHaveTextContent(/By Piotr Nowak, 12 Mar 2026, \d\d:\d\d:00/);
    expect(mail).toHaveTextContent('Sender checks pending');
    expect(within(mail).queryByRole('button')).not.toBeInTheDocument();
    expect(within(mail).queryByRole('link', { name: /Make a request/ })).not.toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'All' })).toBeChecked();
    const list = screen.getByRole('list', { name: 'All mail, newest first' });
    expect(within(list).getByRole('link', { current: true })).toHaveTextContent('Not a request');
  });

  it('offers a kept attachment as a download until its keeping time ends, then says when it went', async () => {
    const withFile: Item = { ...deleteMe, attachmentCount: 2 };
    const keptId = '00000000-0000-4000-8000-00000000a0f1';
    answerInbox([withFile], {
      [deleteMeId]: {
        mail: mailOf(withFile, {
          attachments: [
            { name: 'passport.jpg', type: 'image/jpeg', size: 234_000 },
            { name: 'bill.pdf', type: 'application/pdf', size: 1_000 },
          ],
          kept: [
            { id: keptId, position: 0, keptUntil: '2026-03-19T09:15:00.000Z', purgedAt: null },
            {
              id: '00000000-0000-4000-8000-00000000a0f2',
              position: 1,
              keptUntil: '2026-03-19T09:15:00.000Z',
              purgedAt: '2026-03-19T09:15:02.000Z',
            },
          ],
        }),
        suggestion: noSuggestion,
      },
    });
    renderApp(`/inbox?mail=${deleteMeId}`);
    const mail = await screen.findByRole('region', { name: 'Please delete my account' });
    const download = within(mail).getByRole('link', { name: 'Download passport.jpg' });
    expect(download).toHaveAttribute('href', `/export/inbox-attachment?id=${keptId}`);
    expect(mail).toHaveTextContent(/bill\.pdf · application\/pdf · .* · deleted 19 Mar 2026/);
    expect(mail).toHaveTextContent('Kept for a short time only, then deleted by itself');
  });

  it('shows a message handled meanwhile as a conflict', async () => {
    answerInbox([deleteMe], { [deleteMeId]: { mail: mailOf(deleteMe), suggestion: noSuggestion } });
    server.use(
      trpcMutation(
        'inbox.attach',
        () =>
          new TrpcFailure(
            'CONFLICT',
            'This message was handled by someone else meanwhile — reload to see what became of it.',
          ),
      ),
    );
    const { user } = renderApp(`/inbox?mail=${deleteMeId}`);
    const mail = await screen.findByRole('region', { name: 'Please delete my account' });
    await user.click(within(mail).getByRole('button', { name: 'Put on another request…' }));
    const form = within(mail).getByRole('form', { name: 'Put on another request' });
    await user.type(within(form).getByRole('textbox', { name: /Request reference/ }), 'dsr-2026-000009');
    await user.click(within(form).getByRole('button', { name: 'Put on this request' }));
    const alert = await within(form).findByRole('alert');
    expect(alert).toHaveTextContent('Someone else handled this message');
    expect(alert).toHaveTextContent('handled by someone else meanwhile');
  });

  it('shows the empty inbox and a failed load with a way to try again', async () => {
    const state = answerInbox([], {});
    server.use(
      trpcQuery('inbox.find', () => new TrpcFailure('INTERNAL_SERVER_ERROR', 'The database is busy.')),
    );
    const { user } = renderApp('/inbox');
    expect(await screen.findByText('Could not load the inbox')).toBeInTheDocument();
    server.use(
      trpcQuery('inbox.find', () => ({ items: state.items, total: 0, page: 1, pageSize: 25, newCount: 0 })),
    );
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText(/No new mail\./)).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'New (0)' })).toBeChecked();
  });

  it('on a phone, opens a message in place of the list and goes back to it', async () => {
    // The inbox's own breakpoint matches; every other media query (colour scheme, Mantine's) does not.
    const narrow = (query: string): MediaQueryList => ({
      matches: query === '(max-width: 999.98px)',
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    });
    vi.spyOn(window, 'matchMedia').mockImplementation(narrow);
    answerInbox([deleteMe, reply], { [deleteMeId]: { mail: mailOf(deleteMe), suggestion: noSuggestion } });
    const { user, location } = renderApp('/inbox');
    const list = await screen.findByRole('list', { name: 'New mail, newest first' });
    expect(screen.queryByText('Choose a message to read it and decide what it is.')).not.toBeInTheDocument();
    await user.click(within(list).getByRole('link', { name: /Please delete my account/ }));

    const subject = await screen.findByRole('heading', { level: 2, name: 'Please delete my account' });
    await waitFor(() => expect(subject).toHaveFocus());
    expect(screen.queryByRole('list', { name: 'New mail, newest first' })).not.toBeInTheDocument();
    expectHeadingsInOrder();

    await user.click(screen.getByRole('link', { name: 'Back to the list' }));
    expect(location().search).toBe('');
    const back = await screen.findByRole('list', { name: 'New mail, newest first' });
    await waitFor(() =>
      expect(within(back).getByRole('link', { name: /Please delete my account/ })).toHaveFocus(),
    );
    expect(screen.queryByRole('region', { name: 'Please delete my account' })).not.toBeInTheDocument();
  });

  it('is closed to an admin', async () => {
    server.use(trpcQuery('auth.me', () => activeMe(['admin'])));
    renderApp('/inbox');
    expect(await screen.findByRole('heading', { name: "You don't have access" })).toBeInTheDocument();
  });
});
