CREATE TABLE "buildings" (
	"id" serial PRIMARY KEY NOT NULL,
	"area_code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text DEFAULT '楼栋' NOT NULL,
	"address" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "helper_team_members" (
	"id" serial PRIMARY KEY NOT NULL,
	"special_person_id" integer NOT NULL,
	"role" text NOT NULL,
	"name" text NOT NULL,
	"user_id" integer,
	"phone_masked" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "households" (
	"id" serial PRIMARY KEY NOT NULL,
	"area_code" text NOT NULL,
	"household_no" text NOT NULL,
	"house_id" integer,
	"address" text,
	"head_name" text,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "houses" (
	"id" serial PRIMARY KEY NOT NULL,
	"building_id" integer NOT NULL,
	"area_code" text NOT NULL,
	"unit" text,
	"room" text NOT NULL,
	"usage" text DEFAULT '自住' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_moves" (
	"id" serial PRIMARY KEY NOT NULL,
	"person_id" integer NOT NULL,
	"kind" text NOT NULL,
	"from_area" text,
	"to_area" text,
	"area_code" text NOT NULL,
	"reason" text,
	"at" timestamp with time zone NOT NULL,
	"by_user_id" integer
);
--> statement-breakpoint
CREATE TABLE "persons" (
	"id" serial PRIMARY KEY NOT NULL,
	"area_code" text NOT NULL,
	"household_id" integer,
	"name" text NOT NULL,
	"gender" text,
	"birth_date" date,
	"id_card_enc" text,
	"id_card_hash" text,
	"id_card_masked" text,
	"phone_enc" text,
	"phone_hash" text,
	"phone_masked" text,
	"relation" text,
	"residency" text DEFAULT '户籍' NOT NULL,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"user_id" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "special_persons" (
	"id" serial PRIMARY KEY NOT NULL,
	"person_id" integer NOT NULL,
	"area_code" text NOT NULL,
	"category" text NOT NULL,
	"risk_level" integer DEFAULT 0 NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"last_visit_at" timestamp with time zone,
	"next_visit_due" timestamp with time zone,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visit_campaigns" (
	"id" serial PRIMARY KEY NOT NULL,
	"area_code" text NOT NULL,
	"name" text NOT NULL,
	"weekday" integer NOT NULL,
	"start_time" text DEFAULT '19:30' NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"participant_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"target_households" integer,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visit_policies" (
	"id" serial PRIMARY KEY NOT NULL,
	"category" text NOT NULL,
	"min_level" integer NOT NULL,
	"max_level" integer NOT NULL,
	"interval_days" integer NOT NULL,
	"notify_police" boolean DEFAULT false NOT NULL,
	"referral" boolean DEFAULT false NOT NULL,
	"note" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visits" (
	"id" serial PRIMARY KEY NOT NULL,
	"area_code" text NOT NULL,
	"household_id" integer,
	"special_person_id" integer,
	"campaign_id" integer,
	"visited_at" timestamp with time zone NOT NULL,
	"visitor_id" integer NOT NULL,
	"visitor_name" text NOT NULL,
	"people_met" integer DEFAULT 1 NOT NULL,
	"person_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"findings" text,
	"photos" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"case_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "buildings_area_idx" ON "buildings" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "helper_team_sp_idx" ON "helper_team_members" USING btree ("special_person_id");--> statement-breakpoint
CREATE INDEX "helper_team_user_idx" ON "helper_team_members" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "households_area_no_idx" ON "households" USING btree ("area_code","household_no");--> statement-breakpoint
CREATE INDEX "houses_area_idx" ON "houses" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "houses_building_idx" ON "houses" USING btree ("building_id");--> statement-breakpoint
CREATE INDEX "person_moves_person_idx" ON "person_moves" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "persons_area_idx" ON "persons" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "persons_household_idx" ON "persons" USING btree ("household_id");--> statement-breakpoint
CREATE UNIQUE INDEX "persons_id_card_hash_idx" ON "persons" USING btree ("id_card_hash");--> statement-breakpoint
CREATE INDEX "persons_phone_hash_idx" ON "persons" USING btree ("phone_hash");--> statement-breakpoint
CREATE INDEX "persons_user_idx" ON "persons" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "special_persons_area_idx" ON "special_persons" USING btree ("area_code","category");--> statement-breakpoint
CREATE UNIQUE INDEX "special_persons_person_category_idx" ON "special_persons" USING btree ("person_id","category");--> statement-breakpoint
CREATE INDEX "special_persons_due_idx" ON "special_persons" USING btree ("next_visit_due");--> statement-breakpoint
CREATE INDEX "visit_campaigns_area_idx" ON "visit_campaigns" USING btree ("area_code");--> statement-breakpoint
CREATE UNIQUE INDEX "visit_policies_cat_level_idx" ON "visit_policies" USING btree ("category","min_level");--> statement-breakpoint
CREATE INDEX "visits_area_at_idx" ON "visits" USING btree ("area_code","visited_at");--> statement-breakpoint
CREATE INDEX "visits_sp_idx" ON "visits" USING btree ("special_person_id");--> statement-breakpoint
CREATE INDEX "visits_campaign_idx" ON "visits" USING btree ("campaign_id");