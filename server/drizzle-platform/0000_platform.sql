-- IF NOT EXISTS: the migrator creates the schema first, to hold its bookkeeping table (platform.__platform_migrations).
CREATE SCHEMA IF NOT EXISTS "platform";
--> statement-breakpoint
CREATE TABLE "platform"."accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_number" text NOT NULL,
	"name" text,
	"email" text,
	"password_hash" text,
	"country" text,
	"plan" text,
	"signup_at" timestamp with time zone NOT NULL,
	"last_active_at" timestamp with time zone,
	"birth_year" integer,
	"job_title" text,
	"phone" text,
	"timezone" text,
	"erased_at" timestamp with time zone,
	CONSTRAINT "accounts_live_check" CHECK ("platform"."accounts"."erased_at" is not null or ("platform"."accounts"."name" is not null and "platform"."accounts"."email" is not null and "platform"."accounts"."country" is not null and "platform"."accounts"."plan" is not null)),
	CONSTRAINT "accounts_tombstone_check" CHECK ("platform"."accounts"."erased_at" is null or num_nonnulls("platform"."accounts"."name", "platform"."accounts"."email", "platform"."accounts"."password_hash", "platform"."accounts"."country", "platform"."accounts"."plan", "platform"."accounts"."last_active_at", "platform"."accounts"."birth_year", "platform"."accounts"."job_title", "platform"."accounts"."phone", "platform"."accounts"."timezone") = 0)
);
--> statement-breakpoint
CREATE TABLE "platform"."api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"label" text NOT NULL,
	"key_prefix" text NOT NULL,
	"secret_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "platform"."invoice_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"description" text NOT NULL,
	"quantity" integer NOT NULL,
	"amount_cents" integer NOT NULL,
	"ordered_by_email" text,
	CONSTRAINT "invoice_lines_quantity_check" CHECK ("platform"."invoice_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "platform"."invoices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid,
	"number" text NOT NULL,
	"issued_on" date NOT NULL,
	"currency" text NOT NULL,
	"total_cents" integer NOT NULL,
	"billing_name" text NOT NULL,
	"billing_address" text NOT NULL,
	"tax_id" text,
	"billing_email" text,
	CONSTRAINT "invoices_total_check" CHECK ("platform"."invoices"."total_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "platform"."organisation_memberships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"organisation_name" text NOT NULL,
	"role" text NOT NULL,
	"joined_at" timestamp with time zone NOT NULL,
	CONSTRAINT "organisation_memberships_role_check" CHECK ("platform"."organisation_memberships"."role" in ('owner', 'admin', 'member', 'billing'))
);
--> statement-breakpoint
CREATE TABLE "platform"."support_tickets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"status" text NOT NULL,
	CONSTRAINT "support_tickets_status_check" CHECK ("platform"."support_tickets"."status" in ('open', 'pending', 'solved', 'closed'))
);
--> statement-breakpoint
CREATE TABLE "platform"."usage_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "platform"."usage_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"account_id" uuid,
	"occurred_at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"ip_address" "inet",
	"user_agent" text,
	"details" jsonb NOT NULL,
	CONSTRAINT "usage_events_kind_check" CHECK ("platform"."usage_events"."kind" in ('sign_in', 'project_created', 'file_uploaded', 'export_downloaded', 'api_call', 'settings_changed')),
	CONSTRAINT "usage_events_unlinked_check" CHECK ("platform"."usage_events"."account_id" is not null or ("platform"."usage_events"."ip_address" is null and "platform"."usage_events"."user_agent" is null))
);
--> statement-breakpoint
ALTER TABLE "platform"."api_keys" ADD CONSTRAINT "api_keys_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "platform"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform"."invoice_lines" ADD CONSTRAINT "invoice_lines_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "platform"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform"."invoices" ADD CONSTRAINT "invoices_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "platform"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform"."organisation_memberships" ADD CONSTRAINT "organisation_memberships_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "platform"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform"."support_tickets" ADD CONSTRAINT "support_tickets_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "platform"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform"."usage_events" ADD CONSTRAINT "usage_events_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "platform"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_account_number_key" ON "platform"."accounts" USING btree ("account_number");--> statement-breakpoint
CREATE INDEX "api_keys_account_idx" ON "platform"."api_keys" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_key_prefix_key" ON "platform"."api_keys" USING btree ("key_prefix");--> statement-breakpoint
CREATE INDEX "invoice_lines_invoice_idx" ON "platform"."invoice_lines" USING btree ("invoice_id");--> statement-breakpoint
CREATE INDEX "invoices_account_idx" ON "platform"."invoices" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_number_key" ON "platform"."invoices" USING btree ("number");--> statement-breakpoint
CREATE INDEX "organisation_memberships_account_idx" ON "platform"."organisation_memberships" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "support_tickets_account_idx" ON "platform"."support_tickets" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "usage_events_account_idx" ON "platform"."usage_events" USING btree ("account_id");