import type { RouterInputs, RouterOutputs } from '../../lib/trpc';

// The inventory's data, typed by what the server's procedures answer (not by the shared schemas directly):
// while the server gains fields, the web keeps compiling against the server it is built with.

type Inventory = RouterOutputs['inventory'];
export type DataSystemView = Inventory['get'];
export type ConnectorView = DataSystemView['connector'];
export type RetentionRuleView = DataSystemView['retentionRules'][number];
export type InventoryWarningView = DataSystemView['warnings'][number];
export type LinkedSubprocessor = DataSystemView['subprocessors'][number];
export type InventoryChoices = Inventory['choices'];
export type DataSystemFieldsInput = RouterInputs['inventory']['create']['fields'];
