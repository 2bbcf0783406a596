import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../platform/context';
import { registerAuditRoutes } from './audit/audit.routes';
import { registerAuthRoutes } from './auth/auth.routes';
import { registerNotificationRoutes } from './notifications/notifications.routes';
import { registerUserRoutes } from './users/users.routes';

/** Every module registers its routes here; each route declares its access (see platform/http.ts). */
export async function registerModules(app: FastifyInstance, ctx: AppContext): Promise<void> {
  registerAuthRoutes(app, ctx);
  registerUserRoutes(app, ctx);
  registerAuditRoutes(app, ctx);
  registerNotificationRoutes(app, ctx);
}
