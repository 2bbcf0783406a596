CREATE TABLE "cameras" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"lng" double precision,
	"lat" double precision,
	"grid_code" text,
	"area_code" text NOT NULL,
	"address" text,
	"status" text DEFAULT 'online' NOT NULL,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_camera_refs" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"camera_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"note" text,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notify_channels" (
	"channel" text PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"config" jsonb NOT NULL,
	"secrets_enc" text,
	"kinds" jsonb,
	"max_attempts" integer DEFAULT 6 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notify_preferences" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"phone_enc" text,
	"wechat_open_id" text,
	"channels" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" serial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"recipient" text NOT NULL,
	"template" text NOT NULL,
	"payload" jsonb NOT NULL,
	"dedupe_key" text NOT NULL,
	"area_code" text,
	"notification_id" integer,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 6 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"claimed_at" timestamp with time zone,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "cameras_code_idx" ON "cameras" USING btree ("code");--> statement-breakpoint
CREATE INDEX "cameras_area_idx" ON "cameras" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "case_camera_refs_case_idx" ON "case_camera_refs" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_camera_refs_camera_idx" ON "case_camera_refs" USING btree ("camera_id");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_dedupe_idx" ON "outbox" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("state","next_attempt_at");--> statement-breakpoint
CREATE INDEX "outbox_area_idx" ON "outbox" USING btree ("area_code","id");