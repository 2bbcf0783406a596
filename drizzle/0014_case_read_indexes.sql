DROP INDEX "cases_area_idx";--> statement-breakpoint
CREATE INDEX "cases_area_created_idx" ON "cases" USING btree ("area_code","created_at");--> statement-breakpoint
CREATE INDEX "cases_status_area_idx" ON "cases" USING btree ("status","area_code");--> statement-breakpoint
CREATE INDEX "cases_merged_reporter_idx" ON "cases" USING btree ("reporter_id") WHERE "cases"."merged_into_id" IS NOT NULL;