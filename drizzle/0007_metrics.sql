CREATE TABLE "metric_area_stock" (
	"area_code" text PRIMARY KEY NOT NULL,
	"households" integer DEFAULT 0 NOT NULL,
	"special_persons" integer DEFAULT 0 NOT NULL,
	"grid_workers" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metric_case_days" (
	"area_code" text NOT NULL,
	"day" text NOT NULL,
	"kind" text NOT NULL,
	"category" text NOT NULL,
	"reported" integer DEFAULT 0 NOT NULL,
	"due" integer DEFAULT 0 NOT NULL,
	"closed" integer DEFAULT 0 NOT NULL,
	"closed_on_time" integer DEFAULT 0 NOT NULL,
	"closed_locally" integer DEFAULT 0 NOT NULL,
	"handled" integer DEFAULT 0 NOT NULL,
	"reworked" integer DEFAULT 0 NOT NULL,
	"evaluated" integer DEFAULT 0 NOT NULL,
	"satisfied" integer DEFAULT 0 NOT NULL,
	"grid_reported" integer DEFAULT 0 NOT NULL,
	"close_minutes" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "metric_case_days_area_code_day_kind_category_pk" PRIMARY KEY("area_code","day","kind","category")
);
--> statement-breakpoint
CREATE TABLE "metric_dept_days" (
	"department_id" integer NOT NULL,
	"day" text NOT NULL,
	"dispatched" integer DEFAULT 0 NOT NULL,
	"acknowledged" integer DEFAULT 0 NOT NULL,
	"acknowledged_on_time" integer DEFAULT 0 NOT NULL,
	"returned" integer DEFAULT 0 NOT NULL,
	"dept_handled" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "metric_dept_days_department_id_day_pk" PRIMARY KEY("department_id","day")
);
--> statement-breakpoint
CREATE TABLE "metric_visit_days" (
	"area_code" text NOT NULL,
	"day" text NOT NULL,
	"visits" integer DEFAULT 0 NOT NULL,
	"person_visits" integer DEFAULT 0 NOT NULL,
	"households_monthly" integer DEFAULT 0 NOT NULL,
	"special_visits" integer DEFAULT 0 NOT NULL,
	"special_monthly" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "metric_visit_days_area_code_day_pk" PRIMARY KEY("area_code","day")
);
--> statement-breakpoint
CREATE TABLE "metric_watermarks" (
	"source" text PRIMARY KEY NOT NULL,
	"up_to" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metric_weights" (
	"target" text PRIMARY KEY NOT NULL,
	"weights" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "metric_case_days_day_idx" ON "metric_case_days" USING btree ("day");--> statement-breakpoint
CREATE INDEX "metric_visit_days_day_idx" ON "metric_visit_days" USING btree ("day");