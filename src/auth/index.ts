export { requireRole, SESSION_COOKIE, type StaffEnv } from './middleware.ts';
export { bootstrapAdmin, createUser, findUser, ROLES } from './users.ts';
