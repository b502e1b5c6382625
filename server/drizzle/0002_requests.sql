CREATE TABLE "customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_number" text NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"organisation" text,
	"country" text NOT NULL,
	"plan" text NOT NULL,
	"signup_at" timestamp with time zone NOT NULL,
	"last_active_at" timestamp with time zone,
	"birth_year" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "request_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"kind" text NOT NULL,
	"data" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "request_reference_counters" (
	"year" integer PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "request_search_terms" (
	"request_id" uuid PRIMARY KEY NOT NULL,
	"terms" text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"type" text NOT NULL,
	"regime" text NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"priority" smallint DEFAULT 1 NOT NULL,
	"minor" boolean DEFAULT false NOT NULL,
	"requester_name" text NOT NULL,
	"requester_email" text NOT NULL,
	"requester_location" text,
	"agent_name" text,
	"agent_email" text,
	"agent_permission_note" text,
	"customer_id" uuid,
	"received_at" timestamp with time zone NOT NULL,
	"logged_at" timestamp with time zone NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"assignee_id" uuid,
	"outcome" text,
	"reason_code" text,
	"denial_explanation" text,
	"company_due_on" date NOT NULL,
	"statutory_due_on" date NOT NULL,
	"effective_due_on" date NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "saved_views" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"staff_id" uuid NOT NULL,
	"name" text NOT NULL,
	"filters" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "request_events" ADD CONSTRAINT "request_events_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_events" ADD CONSTRAINT "request_events_actor_id_staff_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_search_terms" ADD CONSTRAINT "request_search_terms_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_assignee_id_staff_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_updated_by_staff_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_views" ADD CONSTRAINT "saved_views_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "customers_account_number_key" ON "customers" USING btree ("account_number");--> statement-breakpoint
CREATE INDEX "customers_email_idx" ON "customers" USING btree ("email" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "customers_name_idx" ON "customers" USING btree ("name");--> statement-breakpoint
CREATE INDEX "request_events_request_idx" ON "request_events" USING btree ("request_id","at");--> statement-breakpoint
CREATE INDEX "request_search_terms_idx" ON "request_search_terms" USING gin ("terms") WITH (fastupdate=false);--> statement-breakpoint
CREATE UNIQUE INDEX "requests_reference_key" ON "requests" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "requests_open_received_idx" ON "requests" USING btree ("received_at","id") WHERE "requests"."status" in ('received', 'verifying', 'in_progress', 'awaiting_requester', 'awaiting_approval', 'approved', 'fulfilling');--> statement-breakpoint
CREATE INDEX "requests_open_company_due_idx" ON "requests" USING btree ("company_due_on","id") WHERE "requests"."status" in ('received', 'verifying', 'in_progress', 'awaiting_requester', 'awaiting_approval', 'approved', 'fulfilling');--> statement-breakpoint
CREATE INDEX "requests_open_effective_due_idx" ON "requests" USING btree ("effective_due_on","id") WHERE "requests"."status" in ('received', 'verifying', 'in_progress', 'awaiting_requester', 'awaiting_approval', 'approved', 'fulfilling');--> statement-breakpoint
CREATE INDEX "requests_open_reference_idx" ON "requests" USING btree ("reference") WHERE "requests"."status" in ('received', 'verifying', 'in_progress', 'awaiting_requester', 'awaiting_approval', 'approved', 'fulfilling');--> statement-breakpoint
CREATE INDEX "requests_open_type_idx" ON "requests" USING btree ("type","id") WHERE "requests"."status" in ('received', 'verifying', 'in_progress', 'awaiting_requester', 'awaiting_approval', 'approved', 'fulfilling');--> statement-breakpoint
CREATE INDEX "requests_open_regime_idx" ON "requests" USING btree ("regime","id") WHERE "requests"."status" in ('received', 'verifying', 'in_progress', 'awaiting_requester', 'awaiting_approval', 'approved', 'fulfilling');--> statement-breakpoint
CREATE INDEX "requests_open_status_idx" ON "requests" USING btree ("status","id") WHERE "requests"."status" in ('received', 'verifying', 'in_progress', 'awaiting_requester', 'awaiting_approval', 'approved', 'fulfilling');--> statement-breakpoint
CREATE INDEX "requests_open_priority_idx" ON "requests" USING btree ("priority","id") WHERE "requests"."status" in ('received', 'verifying', 'in_progress', 'awaiting_requester', 'awaiting_approval', 'approved', 'fulfilling');--> statement-breakpoint
CREATE INDEX "requests_open_requester_idx" ON "requests" USING btree ("requester_name","id") WHERE "requests"."status" in ('received', 'verifying', 'in_progress', 'awaiting_requester', 'awaiting_approval', 'approved', 'fulfilling');--> statement-breakpoint
CREATE INDEX "requests_open_assignee_idx" ON "requests" USING btree ("assignee_id","id") WHERE "requests"."status" in ('received', 'verifying', 'in_progress', 'awaiting_requester', 'awaiting_approval', 'approved', 'fulfilling');--> statement-breakpoint
CREATE INDEX "requests_received_idx" ON "requests" USING btree ("received_at","id");--> statement-breakpoint
CREATE INDEX "requests_company_due_idx" ON "requests" USING btree ("company_due_on","id");--> statement-breakpoint
CREATE INDEX "requests_effective_due_idx" ON "requests" USING btree ("effective_due_on","id");--> statement-breakpoint
CREATE INDEX "requests_statutory_due_idx" ON "requests" USING btree ("statutory_due_on");--> statement-breakpoint
CREATE INDEX "requests_status_idx" ON "requests" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "requests_type_idx" ON "requests" USING btree ("type","id");--> statement-breakpoint
CREATE INDEX "requests_regime_idx" ON "requests" USING btree ("regime","id");--> statement-breakpoint
CREATE INDEX "requests_channel_idx" ON "requests" USING btree ("channel","id");--> statement-breakpoint
CREATE INDEX "requests_priority_idx" ON "requests" USING btree ("priority","id");--> statement-breakpoint
CREATE INDEX "requests_requester_name_idx" ON "requests" USING btree ("requester_name","id");--> statement-breakpoint
CREATE INDEX "requests_assignee_idx" ON "requests" USING btree ("assignee_id","id");--> statement-breakpoint
CREATE INDEX "requests_customer_idx" ON "requests" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "requests_email_idx" ON "requests" USING btree ("requester_email" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "requests_minor_idx" ON "requests" USING btree ("received_at","id") WHERE "requests"."minor";--> statement-breakpoint
CREATE UNIQUE INDEX "saved_views_staff_name_key" ON "saved_views" USING btree ("staff_id","name");