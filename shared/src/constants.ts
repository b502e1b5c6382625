// Zod-free entry point for the web bundle: plain constants and pure helpers only.
export * from './auth/roles.js';
export * from './auth/navigation.js';
export * from './auth/capabilities.js';
export * from './auth/auth.constants.js';
export * from './audit/audit.constants.js';
export * from './common/errors.js';
export * from './common/safe-text.js';
export * from './clocks/regimes.js';
export * from './requests/requests.constants.js';
export * from './requests/calendar-today.js';
export * from './requests/lifecycle.js';
export * from './requests/masking.js';
export * from './settings/settings.constants.js';
export * from './notifications/notifications.constants.js';
export * from './requests/intake-rules.js';
export * from './requests/closure.js';
