CREATE TABLE "audit_head" (
	"id" smallint PRIMARY KEY NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
INSERT INTO "audit_head" ("id", "prev_hash", "hash") SELECT 1, coalesce((SELECT "prev_hash" FROM "audit_log" ORDER BY "id" DESC LIMIT 1), repeat('0', 64)), coalesce((SELECT "hash" FROM "audit_log" ORDER BY "id" DESC LIMIT 1), repeat('0', 64)) ON CONFLICT ("id") DO NOTHING;
