CREATE TABLE "case_attachments" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"filename" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"taken_at" timestamp with time zone,
	"lng" double precision,
	"lat" double precision,
	"uploaded_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_categories" (
	"code" text PRIMARY KEY NOT NULL,
	"kind" text DEFAULT 'event' NOT NULL,
	"name" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_counters" (
	"prefix" text NOT NULL,
	"area" text NOT NULL,
	"day" text NOT NULL,
	"value" integer NOT NULL,
	CONSTRAINT "case_counters_prefix_area_day_pk" PRIMARY KEY("prefix","area","day")
);
--> statement-breakpoint
CREATE TABLE "case_dispatches" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"department_id" integer NOT NULL,
	"role" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"round" integer DEFAULT 1 NOT NULL,
	"dispatched_at" timestamp with time zone NOT NULL,
	"ack_due_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"returned_at" timestamp with time zone,
	"return_reason" text,
	"return_judgement" text,
	"return_judged_at" timestamp with time zone,
	"handled_at" timestamp with time zone,
	"feedback" text
);
--> statement-breakpoint
CREATE TABLE "case_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"days" integer,
	"reason" text,
	"requested_by" integer,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"decision_reason" text
);
--> statement-breakpoint
CREATE TABLE "case_rules" (
	"kind" text NOT NULL,
	"grade" text NOT NULL,
	"step" text NOT NULL,
	"amount" integer NOT NULL,
	"unit" text NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_rules_kind_grade_step_pk" PRIMARY KEY("kind","grade","step")
);
--> statement-breakpoint
CREATE TABLE "case_supervisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"kind" text DEFAULT 'supervise' NOT NULL,
	"by_user_id" integer,
	"target_area" text NOT NULL,
	"target_tier" text,
	"step" text,
	"note" text NOT NULL,
	"due_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "case_timeline" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" integer,
	"actor_name" text,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"text" text NOT NULL,
	"public_text" text
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" serial PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"area_code" text NOT NULL,
	"tier" text NOT NULL,
	"resolved_tier" text,
	"resolved_locally" boolean DEFAULT false NOT NULL,
	"grade" text DEFAULT 'routine' NOT NULL,
	"category_code" text,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"tokens" text DEFAULT '' NOT NULL,
	"lng" double precision,
	"lat" double precision,
	"address" text,
	"people" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"source" text DEFAULT 'grid' NOT NULL,
	"urgent" boolean DEFAULT false NOT NULL,
	"reporter_id" integer,
	"reporter_name" text,
	"reporter_phone_enc" text,
	"reporter_phone_hash" text,
	"owner_leader_id" integer,
	"merged_into_id" integer,
	"due_step" text,
	"due_started_at" timestamp with time zone,
	"warn_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"paused_remaining" jsonb,
	"overdue_at" timestamp with time zone,
	"supervised_step" text,
	"overdue_count" integer DEFAULT 0 NOT NULL,
	"rework_count" integer DEFAULT 0 NOT NULL,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"rating" text,
	"rating_comment" text,
	"rated_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"handled_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closed_on_time" boolean,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "case_attachments_case_idx" ON "case_attachments" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_categories_kind_idx" ON "case_categories" USING btree ("kind","sort_order");--> statement-breakpoint
CREATE INDEX "case_dispatches_case_idx" ON "case_dispatches" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_dispatches_dept_idx" ON "case_dispatches" USING btree ("department_id","status");--> statement-breakpoint
CREATE INDEX "case_requests_case_idx" ON "case_requests" USING btree ("case_id","status");--> statement-breakpoint
CREATE INDEX "case_supervisions_case_idx" ON "case_supervisions" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_supervisions_target_idx" ON "case_supervisions" USING btree ("target_area","resolved_at");--> statement-breakpoint
CREATE INDEX "case_timeline_case_idx" ON "case_timeline" USING btree ("case_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_number_idx" ON "cases" USING btree ("number");--> statement-breakpoint
CREATE INDEX "cases_area_idx" ON "cases" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "cases_kind_status_idx" ON "cases" USING btree ("kind","status","area_code");--> statement-breakpoint
CREATE INDEX "cases_reporter_idx" ON "cases" USING btree ("reporter_id");--> statement-breakpoint
CREATE INDEX "cases_due_idx" ON "cases" USING btree ("due_at");--> statement-breakpoint
CREATE INDEX "cases_created_idx" ON "cases" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "cases_phone_idx" ON "cases" USING btree ("reporter_phone_hash");