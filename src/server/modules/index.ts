import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../platform/context';
import { registerAreaRoutes } from './areas/areas.routes';
import { registerAuditRoutes } from './audit/audit.routes';
import { registerAuthRoutes } from './auth/auth.routes';
import { registerCameraRoutes } from './cameras/cameras.routes';
import { registerCaseRoutes } from './cases/cases.routes';
import { registerDisputeRoutes } from './disputes/disputes.routes';
import { registerHotlineRoutes } from './hotline/hotline.routes';
import { registerIntegrationRoutes } from './integrations/integrations.routes';
import { registerOpen311Routes } from './open311/open311.routes';
import { registerPetitionRoutes } from './petitions/petitions.routes';
import { registerPublicIntakeRoutes } from './mobile/public-intake.routes';
import { registerMetricRoutes } from './metrics/metrics.routes';
import { registerNotificationRoutes } from './notifications/notifications.routes';
import { registerParticipationRoutes } from './participation/participation.routes';
import { registerPeopleRoutes } from './people/people.routes';
import { registerSpecialRoutes } from './people/special.routes';
import { registerRiskRoutes } from './risk/risk.routes';
import { registerUserRoutes } from './users/users.routes';
import { registerVisitRoutes } from './visits/visits.routes';

/** Every module registers its routes here; each route declares its access (see platform/http.ts). */
export async function registerModules(app: FastifyInstance, ctx: AppContext): Promise<void> {
  registerAuthRoutes(app, ctx);
  registerUserRoutes(app, ctx);
  registerAuditRoutes(app, ctx);
  registerAreaRoutes(app, ctx);
  registerNotificationRoutes(app, ctx);
  registerPeopleRoutes(app, ctx);
  registerSpecialRoutes(app, ctx);
  registerVisitRoutes(app, ctx);
  registerCaseRoutes(app, ctx);
  registerCameraRoutes(app, ctx);
  registerDisputeRoutes(app, ctx);
  registerPetitionRoutes(app, ctx);
  registerHotlineRoutes(app, ctx);
  registerParticipationRoutes(app, ctx);
  registerRiskRoutes(app, ctx);
  registerMetricRoutes(app, ctx);
  registerPublicIntakeRoutes(app, ctx);
  registerIntegrationRoutes(app, ctx);
  registerOpen311Routes(app, ctx);
}
