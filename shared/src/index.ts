export * from './constants.js';
export * from './common/fields.js';
export * from './common/pagination.js';
export * from './auth/auth.schemas.js';
export * from './staff/staff.schemas.js';
export * from './audit/audit.schemas.js';
export * from './clocks/index.js';
