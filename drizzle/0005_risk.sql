CREATE TABLE "risk_assessments" (
	"id" serial PRIMARY KEY NOT NULL,
	"area_code" text NOT NULL,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"matter_type" text NOT NULL,
	"owner" text NOT NULL,
	"assessor" text NOT NULL,
	"assessor_type" text NOT NULL,
	"risks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"level" text,
	"measures" text DEFAULT '' NOT NULL,
	"decision" text,
	"decided_at" timestamp with time zone,
	"documents" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_rules" (
	"code" text PRIMARY KEY NOT NULL,
	"enabled" integer DEFAULT 1 NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_signals" (
	"id" serial PRIMARY KEY NOT NULL,
	"report_id" integer NOT NULL,
	"area_code" text NOT NULL,
	"week" text NOT NULL,
	"category" text NOT NULL,
	"grade" text NOT NULL,
	"description" text NOT NULL,
	"location" text,
	"lng" double precision,
	"lat" double precision,
	"case_id" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_warnings" (
	"id" serial PRIMARY KEY NOT NULL,
	"dedup_key" text NOT NULL,
	"source" text NOT NULL,
	"rule_code" text,
	"signal_id" integer,
	"area_code" text NOT NULL,
	"grade" text NOT NULL,
	"category" text NOT NULL,
	"title" text NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"tier" text NOT NULL,
	"holder_code" text NOT NULL,
	"ack_due_at" timestamp with time zone,
	"escalations" integer DEFAULT 0 NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" integer,
	"acknowledged_by_name" text,
	"handled_at" timestamp with time zone,
	"handled_note" text,
	"closed_at" timestamp with time zone,
	"closed_note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_weekly_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"area_code" text NOT NULL,
	"week" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"reporter_id" integer,
	"reporter_name" text,
	"version" integer DEFAULT 1 NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "risk_assessments_area_idx" ON "risk_assessments" USING btree ("area_code","year");--> statement-breakpoint
CREATE INDEX "risk_signals_report_idx" ON "risk_signals" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "risk_signals_area_idx" ON "risk_signals" USING btree ("area_code","week");--> statement-breakpoint
CREATE INDEX "risk_signals_week_idx" ON "risk_signals" USING btree ("week");--> statement-breakpoint
CREATE UNIQUE INDEX "risk_warnings_dedup_idx" ON "risk_warnings" USING btree ("dedup_key");--> statement-breakpoint
CREATE INDEX "risk_warnings_area_idx" ON "risk_warnings" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "risk_warnings_holder_idx" ON "risk_warnings" USING btree ("holder_code","status");--> statement-breakpoint
CREATE INDEX "risk_warnings_ack_due_idx" ON "risk_warnings" USING btree ("status","ack_due_at");--> statement-breakpoint
CREATE INDEX "risk_warnings_raised_idx" ON "risk_warnings" USING btree ("raised_at");--> statement-breakpoint
CREATE UNIQUE INDEX "risk_weekly_reports_area_week_idx" ON "risk_weekly_reports" USING btree ("area_code","week");--> statement-breakpoint
CREATE INDEX "risk_weekly_reports_week_idx" ON "risk_weekly_reports" USING btree ("week","area_code");