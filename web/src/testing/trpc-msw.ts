import { http, HttpResponse } from 'msw';
import type { AppTrpc } from '../lib/trpc';

// Typed MSW handlers for tRPC procedures over `httpLink` (no batching, no transformer): queries are
// GET /trpc/<path>?input=<json>, mutations POST /trpc/<path> with the input as the JSON body.

type ProcedureAt<P extends string> = P extends `${infer R}.${infer N}`
  ? R extends keyof AppTrpc
    ? N extends keyof AppTrpc[R]
      ? AppTrpc[R][N]
      : never
    : never
  : never;

type RouterKey = Exclude<keyof AppTrpc, `~${string}` | 'pathKey' | 'pathFilter'>;
type ProcedurePath = {
  [R in RouterKey]: {
    [N in keyof AppTrpc[R] & string]: AppTrpc[R][N] extends { '~types': unknown }
      ? `${R & string}.${N}`
      : never;
  }[keyof AppTrpc[R] & string];
}[RouterKey];

type Types<P extends ProcedurePath> =
  ProcedureAt<P> extends { '~types': { input: infer I; output: infer O } } ? { input: I; output: O } : never;
export type InputOf<P extends ProcedurePath> = Types<P>['input'];
export type OutputOf<P extends ProcedurePath> = Types<P>['output'];

const jsonRpcCodes = {
  BAD_REQUEST: { code: -32600, status: 400 },
  UNAUTHORIZED: { code: -32001, status: 401 },
  FORBIDDEN: { code: -32003, status: 403 },
  NOT_FOUND: { code: -32004, status: 404 },
  CONFLICT: { code: -32009, status: 409 },
  PRECONDITION_FAILED: { code: -32012, status: 412 },
  TOO_MANY_REQUESTS: { code: -32029, status: 429 },
  INTERNAL_SERVER_ERROR: { code: -32603, status: 500 },
} as const;

type ErrorCode = keyof typeof jsonRpcCodes;

/** What a resolver returns to make the procedure fail the way the server's errorFormatter would. */
export class TrpcFailure {
  constructor(
    readonly code: ErrorCode,
    readonly message: string,
    readonly fieldErrors: Record<string, string[]> | null = null,
    /** The server's DomainError code (`STEP_UP_REQUIRED`, …), when the refusal came from a rule. */
    readonly domainCode: string | null = null,
  ) {}
}

type Resolver<P extends ProcedurePath> = (
  input: InputOf<P>,
) => OutputOf<P> | TrpcFailure | Promise<OutputOf<P> | TrpcFailure>;

function respond(path: string, result: unknown) {
  if (result instanceof TrpcFailure) {
    const { code, status } = jsonRpcCodes[result.code];
    return HttpResponse.json(
      {
        error: {
          message: result.message,
          code,
          data: {
            code: result.code,
            httpStatus: status,
            path,
            domainCode: result.domainCode,
            fieldErrors: result.fieldErrors,
          },
        },
      },
      { status },
    );
  }
  return HttpResponse.json({ result: { data: result } });
}

export function trpcQuery<P extends ProcedurePath>(path: P, resolve: Resolver<P>) {
  return http.get(`*/trpc/${path}`, async ({ request }) => {
    const raw = new URL(request.url).searchParams.get('input');
    const input = (raw === null ? undefined : JSON.parse(raw)) as InputOf<P>;
    return respond(path, await resolve(input));
  });
}

export function trpcMutation<P extends ProcedurePath>(path: P, resolve: Resolver<P>) {
  return http.post(`*/trpc/${path}`, async ({ request }) => {
    const text = await request.text();
    const input = (text.length === 0 ? undefined : JSON.parse(text)) as InputOf<P>;
    return respond(path, await resolve(input));
  });
}
