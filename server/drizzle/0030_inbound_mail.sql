CREATE TABLE "inbound_mail" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"envelope_from" text NOT NULL,
	"envelope_to" text[] NOT NULL,
	"remote_ip" text NOT NULL,
	"helo" text NOT NULL,
	"message_id" text,
	"in_reply_to" text,
	"references" text[] DEFAULT '{}'::text[] NOT NULL,
	"from_address" text,
	"from_name" text NOT NULL,
	"subject" text NOT NULL,
	"headers" jsonb NOT NULL,
	"text" text NOT NULL,
	"attachments" jsonb NOT NULL,
	"size_bytes" integer NOT NULL,
	"flags" text[] NOT NULL,
	"raw" "bytea",
	"auth" jsonb,
	"auth_checked_at" timestamp with time zone,
	"status" text DEFAULT 'new' NOT NULL,
	"request_id" uuid,
	"threaded_via" text,
	"not_request_reason" text,
	"not_request_note" text,
	"handled_by" uuid,
	"handled_at" timestamp with time zone,
	"version" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "inbound_mail_status_check" CHECK ("inbound_mail"."status" in ('new', 'request', 'reply', 'not_request')),
	CONSTRAINT "inbound_mail_threaded_via_check" CHECK ("inbound_mail"."threaded_via" in ('in_reply_to', 'reply_address', 'officer')),
	CONSTRAINT "inbound_mail_not_request_reason_check" CHECK ("inbound_mail"."not_request_reason" in ('spam', 'marketing_reply', 'question_answered', 'other')),
	CONSTRAINT "inbound_mail_flags_check" CHECK ("inbound_mail"."flags" <@ array['no_from', 'malformed', 'eight_bit', 'truncated', 'attachments_dropped']::text[]),
	CONSTRAINT "inbound_mail_request_check" CHECK (("inbound_mail"."status" in ('request', 'reply')) = ("inbound_mail"."request_id" is not null)),
	CONSTRAINT "inbound_mail_not_request_check" CHECK (("inbound_mail"."status" = 'not_request') = ("inbound_mail"."not_request_reason" is not null))
);
--> statement-breakpoint
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_action_check";--> statement-breakpoint
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_entity_type_check";--> statement-breakpoint
ALTER TABLE "jobs" DROP CONSTRAINT "jobs_kind_check";--> statement-breakpoint
ALTER TABLE "pii_access_log" DROP CONSTRAINT "pii_access_log_surface_check";--> statement-breakpoint
ALTER TABLE "pii_access_log" DROP CONSTRAINT "pii_access_log_entity_type_check";--> statement-breakpoint
ALTER TABLE "request_events" DROP CONSTRAINT "request_events_kind_check";--> statement-breakpoint
ALTER TABLE "inbound_mail" ADD CONSTRAINT "inbound_mail_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_mail" ADD CONSTRAINT "inbound_mail_handled_by_staff_id_fk" FOREIGN KEY ("handled_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inbound_mail_status_idx" ON "inbound_mail" USING btree ("status","received_at");--> statement-breakpoint
CREATE INDEX "inbound_mail_received_idx" ON "inbound_mail" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "inbound_mail_request_idx" ON "inbound_mail" USING btree ("request_id","received_at");--> statement-breakpoint
CREATE INDEX "inbound_mail_unchecked_idx" ON "inbound_mail" USING btree ("received_at") WHERE "inbound_mail"."auth_checked_at" is null;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_action_check" CHECK ("audit_events"."action" in ('auth.sign_in', 'auth.sign_in_failed', 'auth.password_accepted', 'auth.mfa_enrolment_started', 'auth.mfa_verified', 'auth.mfa_failed', 'auth.step_up', 'auth.sign_out', 'auth.password_set', 'auth.mfa_enrolled', 'staff.created', 'staff.updated', 'staff.disabled', 'staff.enabled', 'staff.mfa_reset', 'staff.password_link_issued', 'staff.role_grant_requested', 'staff.role_granted', 'staff.role_grant_cancelled', 'requests.created', 'requests.assigned', 'requests.status_changed', 'requests.note_added', 'requests.requester_revealed', 'requests.export_started', 'requests.exported', 'requests.acknowledged', 'requests.extended', 'requests.extension_removed', 'requests.received_at_changed', 'requests.paused', 'requests.resumed', 'requests.verification_recorded', 'requests.verification_scope_changed', 'requests.merged', 'requests.clocks_recomputed', 'requests.searched', 'customers.searched', 'customers.flag_set', 'customers.flag_lifted', 'customers.pii_revealed', 'searches.burst_flagged', 'pii.viewed', 'settings.updated', 'notifications.sent', 'notifications.read', 'views.created', 'views.deleted', 'audit.export_started', 'audit.exported', 'messages.sent', 'messages.failed', 'messages.retried', 'messages.template_saved', 'messages.template_reset', 'requests.message_queued', 'registry.created', 'registry.updated', 'registry.notice_sent', 'registry.window_opened', 'registry.activated', 'registry.retired', 'registry.objection_recorded', 'registry.objection_decided', 'registry.subscriber_added', 'registry.subscriber_confirmed', 'registry.subscriber_removed', 'registry.imported', 'registry.exported', 'inventory.created', 'inventory.updated', 'erasure.plan_prepared', 'erasure.line_changed', 'erasure.submitted', 'erasure.approved', 'erasure.rejected', 'erasure.cancelled', 'erasure.refused', 'erasure.execution_started', 'erasure.line_done', 'erasure.line_failed', 'erasure.line_justified', 'erasure.task_opened', 'erasure.task_closed', 'erasure.completed', 'erasure.reapplied', 'inbox.received', 'inbox.threaded', 'inbox.dismissed'));--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_entity_type_check" CHECK ("audit_events"."entity_type" in ('staff', 'session', 'request', 'settings', 'customer', 'saved_view', 'notification', 'audit_log', 'message', 'message_template', 'subprocessor', 'registry_subscriber', 'registry', 'data_system', 'inbound_mail'));--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_kind_check" CHECK ("jobs"."kind" in ('clocks.recompute', 'reminders.daily', 'db.statistics', 'mail.send', 'verification.remind', 'requests.close_unverified', 'erasure.start', 'erasure.line', 'erasure.reapply', 'erasure.poll', 'erasure.deadlines', 'inbox.process'));--> statement-breakpoint
ALTER TABLE "pii_access_log" ADD CONSTRAINT "pii_access_log_surface_check" CHECK ("pii_access_log"."surface" in ('request', 'timeline', 'queue', 'duplicates', 'customer_search', 'customer_page', 'mailbox', 'inbox'));--> statement-breakpoint
ALTER TABLE "pii_access_log" ADD CONSTRAINT "pii_access_log_entity_type_check" CHECK ("pii_access_log"."entity_type" in ('request', 'customer', 'inbound_mail'));--> statement-breakpoint
ALTER TABLE "request_events" ADD CONSTRAINT "request_events_kind_check" CHECK ("request_events"."kind" in ('intake', 'status_changed', 'assigned', 'note', 'clock', 'received_at_changed', 'verification', 'verification_scope', 'merged', 'message', 'erasure_plan', 'mail_received'));