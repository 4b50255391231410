export { requireRole, SESSION_COOKIE, type StaffEnv } from './middleware.ts';
export { authRoutes } from './routes.tsx';
export { bootstrapAdmin, createUser, findUser, ROLES } from './users.ts';
