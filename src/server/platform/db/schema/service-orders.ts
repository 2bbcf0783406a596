import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { ts } from '../columns';

/**
 * 为民服务 order details, one row per `service` case (the case row holds status, clock and rating):
 * the party member who took the order (the case's `volunteer`) and what was done.
 */
export const serviceOrders = pgTable('service_orders', {
  caseId: integer('case_id').primaryKey(),
  volunteerId: integer('volunteer_id'),
  claimedAt: ts('claimed_at'),
  completedAt: ts('completed_at'),
  result: text('result'),
  /** service hours the volunteer reports on completion */
  hours: integer('hours'),
});
