CREATE TABLE "captured_mail" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"envelope_from" text NOT NULL,
	"envelope_to" text[] NOT NULL,
	"message_id" text,
	"subject" text NOT NULL,
	"text" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"regime" text,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "message_templates_kind_check" CHECK ("message_templates"."kind" in ('acknowledgement', 'verification_link', 'verification_reminder', 'one_time_code', 'identity_request', 'clarification_request', 'extension_notice', 'denial', 'completion', 'closed_unverified')),
	CONSTRAINT "message_templates_regime_check" CHECK ("message_templates"."regime" in ('gdpr', 'uk_gdpr', 'ccpa', 'lgpd', 'vcdpa', 'cpa', 'pipeda', 'quebec'))
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid,
	"kind" text NOT NULL,
	"regime" text,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"message_id" text NOT NULL,
	"reply_to" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"generation" integer DEFAULT 0 NOT NULL,
	"server_answer" text,
	"failure" text,
	"effect" jsonb,
	"queued_at" timestamp with time zone NOT NULL,
	"queued_by" uuid,
	"sent_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	CONSTRAINT "messages_kind_check" CHECK ("messages"."kind" in ('acknowledgement', 'verification_link', 'verification_reminder', 'one_time_code', 'identity_request', 'clarification_request', 'extension_notice', 'denial', 'completion', 'closed_unverified')),
	CONSTRAINT "messages_status_check" CHECK ("messages"."status" in ('queued', 'sent', 'failed', 'cancelled')),
	CONSTRAINT "messages_regime_check" CHECK ("messages"."regime" in ('gdpr', 'uk_gdpr', 'ccpa', 'lgpd', 'vcdpa', 'cpa', 'pipeda', 'quebec')),
	CONSTRAINT "messages_sent_check" CHECK (("messages"."status" = 'sent') = ("messages"."sent_at" is not null)),
	CONSTRAINT "messages_failed_check" CHECK (("messages"."status" = 'failed') = ("messages"."failed_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "verification_challenges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"method" text NOT NULL,
	"to_account_email" boolean NOT NULL,
	"secret_hash" text NOT NULL,
	"declaration_required" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" smallint DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"used_at" timestamp with time zone,
	CONSTRAINT "verification_challenges_method_check" CHECK ("verification_challenges"."method" in ('email_link', 'one_time_code')),
	CONSTRAINT "verification_challenges_status_check" CHECK ("verification_challenges"."status" in ('pending', 'used', 'superseded', 'locked')),
	CONSTRAINT "verification_challenges_used_check" CHECK (("verification_challenges"."status" = 'used') = ("verification_challenges"."used_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_action_check";--> statement-breakpoint
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_entity_type_check";--> statement-breakpoint
ALTER TABLE "jobs" DROP CONSTRAINT "jobs_kind_check";--> statement-breakpoint
ALTER TABLE "pii_access_log" DROP CONSTRAINT "pii_access_log_surface_check";--> statement-breakpoint
ALTER TABLE "request_events" DROP CONSTRAINT "request_events_kind_check";--> statement-breakpoint
ALTER TABLE "message_templates" ADD CONSTRAINT "message_templates_updated_by_staff_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_queued_by_staff_id_fk" FOREIGN KEY ("queued_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_challenges" ADD CONSTRAINT "verification_challenges_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_challenges" ADD CONSTRAINT "verification_challenges_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "captured_mail_received_idx" ON "captured_mail" USING btree ("received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "message_templates_kind_regime_key" ON "message_templates" USING btree ("kind",coalesce("regime", ''));--> statement-breakpoint
CREATE UNIQUE INDEX "messages_message_id_key" ON "messages" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "messages_request_idx" ON "messages" USING btree ("request_id","queued_at");--> statement-breakpoint
CREATE INDEX "messages_queued_idx" ON "messages" USING btree ("queued_at","id");--> statement-breakpoint
CREATE INDEX "messages_status_idx" ON "messages" USING btree ("status","queued_at");--> statement-breakpoint
CREATE INDEX "verification_challenges_request_idx" ON "verification_challenges" USING btree ("request_id","created_at");--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_action_check" CHECK ("audit_events"."action" in ('auth.sign_in', 'auth.sign_in_failed', 'auth.password_accepted', 'auth.mfa_enrolment_started', 'auth.mfa_verified', 'auth.mfa_failed', 'auth.step_up', 'auth.sign_out', 'auth.password_set', 'auth.mfa_enrolled', 'staff.created', 'staff.updated', 'staff.disabled', 'staff.enabled', 'staff.mfa_reset', 'staff.password_link_issued', 'staff.role_grant_requested', 'staff.role_granted', 'staff.role_grant_cancelled', 'requests.created', 'requests.assigned', 'requests.status_changed', 'requests.note_added', 'requests.requester_revealed', 'requests.export_started', 'requests.exported', 'requests.acknowledged', 'requests.extended', 'requests.extension_removed', 'requests.received_at_changed', 'requests.paused', 'requests.resumed', 'requests.verification_recorded', 'requests.verification_scope_changed', 'requests.merged', 'requests.clocks_recomputed', 'requests.searched', 'customers.searched', 'customers.flag_set', 'customers.flag_lifted', 'customers.pii_revealed', 'searches.burst_flagged', 'pii.viewed', 'settings.updated', 'notifications.sent', 'notifications.read', 'views.created', 'views.deleted', 'audit.export_started', 'audit.exported', 'messages.sent', 'messages.failed', 'messages.retried', 'messages.template_saved', 'messages.template_reset', 'requests.message_queued'));--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_entity_type_check" CHECK ("audit_events"."entity_type" in ('staff', 'session', 'request', 'settings', 'customer', 'saved_view', 'notification', 'audit_log', 'message', 'message_template'));--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_kind_check" CHECK ("jobs"."kind" in ('clocks.recompute', 'reminders.daily', 'db.statistics', 'mail.send', 'verification.remind'));--> statement-breakpoint
ALTER TABLE "pii_access_log" ADD CONSTRAINT "pii_access_log_surface_check" CHECK ("pii_access_log"."surface" in ('request', 'timeline', 'queue', 'duplicates', 'customer_search', 'customer_page', 'mailbox'));--> statement-breakpoint
ALTER TABLE "request_events" ADD CONSTRAINT "request_events_kind_check" CHECK ("request_events"."kind" in ('intake', 'status_changed', 'assigned', 'note', 'clock', 'received_at_changed', 'verification', 'verification_scope', 'merged', 'message'));