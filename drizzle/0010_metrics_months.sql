-- The rollups change shape (month totals, no category dimension): emptied here; with the watermarks reset the next sweep rebuilds them whole.
DELETE FROM "metric_case_days";--> statement-breakpoint
DELETE FROM "metric_visit_days";--> statement-breakpoint
DELETE FROM "metric_dept_days";--> statement-breakpoint
DELETE FROM "metric_watermarks";--> statement-breakpoint
-- 三无 (无案件/无事故): the event categories a case is counted by (src/domain/indicators THREE_NONE_CATEGORIES).
INSERT INTO "case_categories" ("code", "kind", "name", "sort_order") VALUES ('criminal_case', 'event', '刑事案件', 12), ('public_order_case', 'event', '治安案件', 14), ('safety_accident', 'event', '安全事故', 22) ON CONFLICT ("code") DO NOTHING;--> statement-breakpoint
CREATE TABLE "metric_case_marks" (
	"case_id" integer PRIMARY KEY NOT NULL,
	"area_code" text NOT NULL,
	"day" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metric_follow_days" (
	"area_code" text NOT NULL,
	"day" text NOT NULL,
	"follow_due" integer DEFAULT 0 NOT NULL,
	"follow_on_time" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "metric_follow_days_area_code_day_pk" PRIMARY KEY("area_code","day")
);
--> statement-breakpoint
CREATE TABLE "metric_report_days" (
	"area_code" text NOT NULL,
	"day" text NOT NULL,
	"weekly_reports" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "metric_report_days_area_code_day_pk" PRIMARY KEY("area_code","day")
);
--> statement-breakpoint
ALTER TABLE "metric_case_days" DROP CONSTRAINT "metric_case_days_area_code_day_kind_category_pk";--> statement-breakpoint
ALTER TABLE "metric_case_days" ADD CONSTRAINT "metric_case_days_area_code_day_kind_pk" PRIMARY KEY("area_code","day","kind");--> statement-breakpoint
ALTER TABLE "metric_area_stock" ADD COLUMN "grids" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "metric_case_days" ADD COLUMN "criminal" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "metric_case_days" ADD COLUMN "accidents" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "metric_follow_days_day_idx" ON "metric_follow_days" USING btree ("day");--> statement-breakpoint
CREATE INDEX "metric_report_days_day_idx" ON "metric_report_days" USING btree ("day");--> statement-breakpoint
ALTER TABLE "metric_case_days" DROP COLUMN "category";