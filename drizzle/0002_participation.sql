CREATE TABLE "ballots" (
	"id" serial PRIMARY KEY NOT NULL,
	"vote_id" integer NOT NULL,
	"elector_id" integer NOT NULL,
	"choice" text NOT NULL,
	"channel" text NOT NULL,
	"entered_by" integer NOT NULL,
	"confirmed_by" integer,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "commendations" (
	"id" serial PRIMARY KEY NOT NULL,
	"area_code" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"person_id" integer,
	"household_id" integer,
	"year" integer NOT NULL,
	"reason" text NOT NULL,
	"recorded_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deliberation_topics" (
	"id" serial PRIMARY KEY NOT NULL,
	"area_code" text NOT NULL,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"source" text NOT NULL,
	"raised_by" integer NOT NULL,
	"raised_by_name" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"support_count" integer DEFAULT 0 NOT NULL,
	"comment_count" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disclosure_comments" (
	"id" serial PRIMARY KEY NOT NULL,
	"post_id" integer NOT NULL,
	"area_code" text NOT NULL,
	"user_id" integer NOT NULL,
	"author_name" text NOT NULL,
	"kind" text NOT NULL,
	"body" text NOT NULL,
	"answer" text,
	"answered_by" integer,
	"answered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disclosure_posts" (
	"id" serial PRIMARY KEY NOT NULL,
	"area_code" text NOT NULL,
	"category" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"period" text,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"publish_from" timestamp with time zone NOT NULL,
	"publish_until" timestamp with time zone,
	"status" text DEFAULT 'published' NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"procedure_id" integer,
	"comment_count" integer DEFAULT 0 NOT NULL,
	"created_by" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "errands" (
	"id" serial PRIMARY KEY NOT NULL,
	"area_code" text NOT NULL,
	"worker_user_id" integer NOT NULL,
	"worker_name" text NOT NULL,
	"resident_name" text NOT NULL,
	"matter" text NOT NULL,
	"done_on" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "follow_up_tasks" (
	"id" serial PRIMARY KEY NOT NULL,
	"decision_id" integer NOT NULL,
	"area_code" text NOT NULL,
	"title" text NOT NULL,
	"assignee_user_id" integer,
	"assignee_name" text,
	"due_date" timestamp with time zone,
	"status" text DEFAULT 'open' NOT NULL,
	"result" text,
	"done_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "four_step_procedures" (
	"id" serial PRIMARY KEY NOT NULL,
	"area_code" text NOT NULL,
	"title" text NOT NULL,
	"matter" text NOT NULL,
	"status" text DEFAULT 'in_progress' NOT NULL,
	"steps_done" integer DEFAULT 0 NOT NULL,
	"created_by" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "four_step_records" (
	"id" serial PRIMARY KEY NOT NULL,
	"procedure_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"step" text NOT NULL,
	"meeting_id" integer,
	"vote_id" integer,
	"expected" integer,
	"attended" integer,
	"result" text NOT NULL,
	"summary" text NOT NULL,
	"documents" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"disclosure_post_id" integer,
	"recorded_by" integer NOT NULL,
	"recorded_by_name" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "knowledge_docs" (
	"id" serial PRIMARY KEY NOT NULL,
	"area_code" text,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"body" text NOT NULL,
	"source" text,
	"effective_date" text,
	"status" text DEFAULT 'published' NOT NULL,
	"created_by" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "knowledge_terms" (
	"doc_id" integer NOT NULL,
	"term" text NOT NULL,
	"weight" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_attendance" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" integer NOT NULL,
	"name" text NOT NULL,
	"person_id" integer,
	"user_id" integer,
	"signed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_decisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" integer NOT NULL,
	"area_code" text NOT NULL,
	"content" text NOT NULL,
	"vote_id" integer,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" serial PRIMARY KEY NOT NULL,
	"area_code" text NOT NULL,
	"kind" text NOT NULL,
	"level" text NOT NULL,
	"title" text NOT NULL,
	"agenda" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"topic_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"scheduled_at" timestamp with time zone NOT NULL,
	"location" text,
	"expected" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"minutes" text,
	"photos" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"held_at" timestamp with time zone,
	"procedure_id" integer,
	"created_by" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "topic_comments" (
	"id" serial PRIMARY KEY NOT NULL,
	"topic_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"author_name" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "topic_supports" (
	"id" serial PRIMARY KEY NOT NULL,
	"topic_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_hours" (
	"id" serial PRIMARY KEY NOT NULL,
	"area_code" text NOT NULL,
	"registration_id" integer,
	"user_id" integer,
	"person_name" text NOT NULL,
	"activity" text NOT NULL,
	"hours" double precision NOT NULL,
	"served_on" timestamp with time zone NOT NULL,
	"recorded_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_registrations" (
	"id" serial PRIMARY KEY NOT NULL,
	"area_code" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"unit_name" text,
	"user_id" integer,
	"offers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vote_electors" (
	"id" serial PRIMARY KEY NOT NULL,
	"vote_id" integer NOT NULL,
	"name" text NOT NULL,
	"person_id" integer,
	"household_id" integer,
	"user_id" integer,
	"present" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "votes" (
	"id" serial PRIMARY KEY NOT NULL,
	"area_code" text NOT NULL,
	"title" text NOT NULL,
	"question" text NOT NULL,
	"electorate" text NOT NULL,
	"roll_source" text NOT NULL,
	"meeting_id" integer,
	"procedure_id" integer,
	"eligible" integer DEFAULT 0 NOT NULL,
	"households" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"outcome" text,
	"present" integer DEFAULT 0 NOT NULL,
	"households_present" integer DEFAULT 0 NOT NULL,
	"yes" integer DEFAULT 0 NOT NULL,
	"no" integer DEFAULT 0 NOT NULL,
	"abstain" integer DEFAULT 0 NOT NULL,
	"closed_at" timestamp with time zone,
	"created_by" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "ballots_vote_elector_idx" ON "ballots" USING btree ("vote_id","elector_id");--> statement-breakpoint
CREATE INDEX "commendations_area_idx" ON "commendations" USING btree ("area_code","year");--> statement-breakpoint
CREATE INDEX "deliberation_topics_area_idx" ON "deliberation_topics" USING btree ("area_code","created_at");--> statement-breakpoint
CREATE INDEX "disclosure_comments_post_idx" ON "disclosure_comments" USING btree ("post_id","created_at");--> statement-breakpoint
CREATE INDEX "disclosure_comments_area_idx" ON "disclosure_comments" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "disclosure_posts_area_idx" ON "disclosure_posts" USING btree ("area_code","category","publish_from");--> statement-breakpoint
CREATE INDEX "errands_area_idx" ON "errands" USING btree ("area_code","done_on");--> statement-breakpoint
CREATE INDEX "errands_worker_idx" ON "errands" USING btree ("worker_user_id");--> statement-breakpoint
CREATE INDEX "follow_up_tasks_area_idx" ON "follow_up_tasks" USING btree ("area_code","status");--> statement-breakpoint
CREATE INDEX "four_step_procedures_area_idx" ON "four_step_procedures" USING btree ("area_code","status");--> statement-breakpoint
CREATE UNIQUE INDEX "four_step_records_seq_idx" ON "four_step_records" USING btree ("procedure_id","seq");--> statement-breakpoint
CREATE INDEX "knowledge_docs_area_idx" ON "knowledge_docs" USING btree ("area_code","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "knowledge_terms_term_doc_idx" ON "knowledge_terms" USING btree ("term","doc_id");--> statement-breakpoint
CREATE INDEX "knowledge_terms_doc_idx" ON "knowledge_terms" USING btree ("doc_id");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_attendance_name_idx" ON "meeting_attendance" USING btree ("meeting_id","name");--> statement-breakpoint
CREATE INDEX "meeting_decisions_meeting_idx" ON "meeting_decisions" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "meetings_area_idx" ON "meetings" USING btree ("area_code","scheduled_at");--> statement-breakpoint
CREATE INDEX "topic_comments_topic_idx" ON "topic_comments" USING btree ("topic_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "topic_supports_topic_user_idx" ON "topic_supports" USING btree ("topic_id","user_id");--> statement-breakpoint
CREATE INDEX "volunteer_hours_area_idx" ON "volunteer_hours" USING btree ("area_code","served_on");--> statement-breakpoint
CREATE INDEX "volunteer_registrations_area_idx" ON "volunteer_registrations" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "volunteer_registrations_user_idx" ON "volunteer_registrations" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "vote_electors_vote_idx" ON "vote_electors" USING btree ("vote_id");--> statement-breakpoint
CREATE INDEX "vote_electors_user_idx" ON "vote_electors" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "votes_area_idx" ON "votes" USING btree ("area_code","created_at");