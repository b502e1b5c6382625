import type { RouterOutputs } from '../../lib/trpc';

// The registry's data, typed by what the server's procedures answer (not by the shared schemas directly):
// while the server gains fields, the web keeps compiling against the server it is built with.

type Registry = RouterOutputs['registry'];
export type RegistryRow = Registry['find']['items'][number];
export type SubprocessorView = Registry['get'];
export type SubprocessorFieldsView = SubprocessorView['fields'];
export type RegistryWarningView = SubprocessorView['warnings'][number];
export type ObjectionItem = SubprocessorView['objections'][number];
export type HistoryItem = SubprocessorView['history'][number];
export type NoticeView = NonNullable<SubprocessorView['notice']>;
export type RegistryChoices = Registry['choices'];
export type SubscriberItem = Registry['subscribers']['items'][number];
