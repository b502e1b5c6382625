CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"country" text NOT NULL,
	"privacy_contact_name" text,
	"privacy_contact_email" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organisations_contact_check" CHECK (("organisations"."privacy_contact_name" is null) = ("organisations"."privacy_contact_email" is null))
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "organisation_id" uuid;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "status" text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "purge_on" date;--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_name_key" ON "organisations" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "organisations_name_trgm_idx" ON "organisations" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customers_organisation_idx" ON "customers" USING btree ("organisation_id");--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_status_check" CHECK ("customers"."status" in ('active', 'restricted', 'deletion_pending', 'erased'));--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_purge_on_check" CHECK (("customers"."status" = 'deletion_pending') = ("customers"."purge_on" is not null));--> statement-breakpoint
-- Existing accounts' organisation names become organisation records (seated where most of their accounts are),
-- and each account points at its record; the free-text column goes in the next migration.
INSERT INTO "organisations" ("name", "country")
SELECT "organisation", mode() WITHIN GROUP (ORDER BY "country")
FROM "customers" WHERE "organisation" IS NOT NULL
GROUP BY "organisation";--> statement-breakpoint
UPDATE "customers" SET "organisation_id" = o."id"
FROM "organisations" o WHERE o."name" = "customers"."organisation";
