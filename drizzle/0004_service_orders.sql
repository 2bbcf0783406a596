CREATE TABLE "service_orders" (
	"case_id" integer PRIMARY KEY NOT NULL,
	"volunteer_id" integer,
	"claimed_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"result" text,
	"hours" integer
);
