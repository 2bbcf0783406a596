CREATE TABLE "consult_meetings" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"held_on" text NOT NULL,
	"topic" text NOT NULL,
	"participants" jsonb NOT NULL,
	"conclusions" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consult_tasks" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" integer NOT NULL,
	"case_id" integer NOT NULL,
	"task" text NOT NULL,
	"owner_unit" text NOT NULL,
	"department_id" integer,
	"due_on" text,
	"status" text DEFAULT 'open' NOT NULL,
	"done_at" timestamp with time zone,
	"result" text
);
--> statement-breakpoint
CREATE TABLE "dispute_details" (
	"case_id" integer PRIMARY KEY NOT NULL,
	"area_code" text NOT NULL,
	"type_code" text NOT NULL,
	"risk_level" text DEFAULT 'low' NOT NULL,
	"source" text NOT NULL,
	"people_involved" integer DEFAULT 2 NOT NULL,
	"is_group" boolean DEFAULT false NOT NULL,
	"amount_yuan" double precision,
	"step" text DEFAULT 'screening' NOT NULL,
	"from_case_id" integer,
	"violence_risk" boolean DEFAULT false NOT NULL,
	"outcome" text,
	"outcome_at" timestamp with time zone,
	"outcome_on_time" boolean,
	"resolved_locally" boolean DEFAULT false NOT NULL,
	"litigation_court" text,
	"litigation_date" text,
	"terminate_reason" text,
	"appraisal_institution" text,
	"performance" text,
	"accountability" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dispute_parties" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"party_type" text DEFAULT 'person' NOT NULL,
	"name" text NOT NULL,
	"role" text DEFAULT 'applicant' NOT NULL,
	"members" integer DEFAULT 1 NOT NULL,
	"phone_enc" text,
	"id_card_enc" text,
	"address" text,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "hotline_orders" (
	"case_id" integer PRIMARY KEY NOT NULL,
	"area_code" text NOT NULL,
	"external_no" text NOT NULL,
	"order_type" text NOT NULL,
	"emergency" boolean DEFAULT false NOT NULL,
	"via" text NOT NULL,
	"caller_name" text,
	"caller_phone_enc" text,
	"received_at" timestamp with time zone NOT NULL,
	"first_area" text NOT NULL,
	"reply" text,
	"visit_result" text,
	"satisfied" text
);
--> statement-breakpoint
CREATE TABLE "hotline_outbox" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"area_code" text NOT NULL,
	"external_no" text NOT NULL,
	"event" text NOT NULL,
	"payload" jsonb NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hotline_settings" (
	"id" integer PRIMARY KEY NOT NULL,
	"webhook_url" text,
	"deadlines" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_agreements" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"committee" text NOT NULL,
	"parties_text" text NOT NULL,
	"facts" text NOT NULL,
	"issues" text NOT NULL,
	"responsibility" text NOT NULL,
	"terms" jsonb NOT NULL,
	"performance" text NOT NULL,
	"mediators" jsonb NOT NULL,
	"copies" integer DEFAULT 3 NOT NULL,
	"oral" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"signed_on" text,
	"confirm_deadline" text,
	"confirm_applied_on" text,
	"confirm_court" text,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_sessions" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"held_on" text NOT NULL,
	"place" text,
	"mediators" jsonb NOT NULL,
	"parties_present" jsonb NOT NULL,
	"record" text NOT NULL,
	"result" text DEFAULT 'progress' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "petition_details" (
	"case_id" integer PRIMARY KEY NOT NULL,
	"area_code" text NOT NULL,
	"petition_type" text NOT NULL,
	"channel" text NOT NULL,
	"petitioners" jsonb NOT NULL,
	"group_size" integer DEFAULT 1 NOT NULL,
	"matter" text NOT NULL,
	"complained_department_id" integer,
	"proxied" boolean DEFAULT false NOT NULL,
	"registered_at" timestamp with time zone NOT NULL,
	"intake_due_at" timestamp with time zone NOT NULL,
	"intake_done_at" timestamp with time zone,
	"intake_late" boolean DEFAULT false NOT NULL,
	"intake_how" text,
	"notice_text" text,
	"assigned_at" timestamp with time zone,
	"objection_due_at" timestamp with time zone,
	"objection_late" boolean DEFAULT false NOT NULL,
	"handle_due_at" timestamp with time zone,
	"extended_days" integer,
	"extension_reason" text,
	"handle_late" boolean DEFAULT false NOT NULL,
	"stage" text DEFAULT 'first' NOT NULL,
	"opinions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"replied_at" timestamp with time zone,
	"final" boolean DEFAULT false NOT NULL,
	"repeat_of" integer,
	"backlog" boolean DEFAULT false NOT NULL,
	"leader_plan" jsonb
);
--> statement-breakpoint
CREATE TABLE "petition_schedules" (
	"id" serial PRIMARY KEY NOT NULL,
	"area_code" text NOT NULL,
	"leader_name" text NOT NULL,
	"leader_id" integer,
	"kind" text NOT NULL,
	"day" text NOT NULL,
	"place" text NOT NULL,
	"note" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "consult_meetings_case_idx" ON "consult_meetings" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "consult_tasks_case_idx" ON "consult_tasks" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "dispute_details_area_idx" ON "dispute_details" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "dispute_details_type_idx" ON "dispute_details" USING btree ("type_code","risk_level");--> statement-breakpoint
CREATE INDEX "dispute_parties_case_idx" ON "dispute_parties" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hotline_orders_external_idx" ON "hotline_orders" USING btree ("external_no");--> statement-breakpoint
CREATE INDEX "hotline_orders_area_idx" ON "hotline_orders" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "hotline_outbox_due_idx" ON "hotline_outbox" USING btree ("state","next_attempt_at");--> statement-breakpoint
CREATE INDEX "hotline_outbox_case_idx" ON "hotline_outbox" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "mediation_agreements_case_idx" ON "mediation_agreements" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "mediation_sessions_case_idx" ON "mediation_sessions" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "petition_details_area_idx" ON "petition_details" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "petition_schedules_area_idx" ON "petition_schedules" USING btree ("area_code","day");