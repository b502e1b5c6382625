CREATE TABLE "drp_agents" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"verify_key" text NOT NULL,
	"web_url" text,
	"identity_assurance_url" text,
	"technical_contact" text,
	"business_contact" text,
	"status" text DEFAULT 'active' NOT NULL,
	"source" text NOT NULL,
	"changed_by_admin" boolean DEFAULT false NOT NULL,
	"key_changed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid,
	"version" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "drp_agents_status_check" CHECK ("drp_agents"."status" in ('active', 'disabled')),
	CONSTRAINT "drp_agents_source_check" CHECK ("drp_agents"."source" in ('file', 'admin'))
);
--> statement-breakpoint
CREATE TABLE "drp_requests" (
	"request_id" uuid PRIMARY KEY NOT NULL,
	"agent_id" text NOT NULL,
	"agent_request_id" text,
	"exercise" text NOT NULL,
	"voluntary" boolean NOT NULL,
	"relationships" text[] NOT NULL,
	"status_callback" text,
	"verification_url" text NOT NULL,
	"claims" jsonb NOT NULL,
	"last_status" jsonb NOT NULL,
	"status_seq" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "drp_requests_exercise_check" CHECK ("drp_requests"."exercise" in ('sale:opt_out', 'sale:opt-out', 'deletion', 'access', 'access:categories', 'access:specific'))
);
--> statement-breakpoint
CREATE TABLE "drp_seen_messages" (
	"signature_hash" text PRIMARY KEY NOT NULL,
	"agent_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "drp_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"agent_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_action_check";--> statement-breakpoint
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_entity_type_check";--> statement-breakpoint
ALTER TABLE "jobs" DROP CONSTRAINT "jobs_kind_check";--> statement-breakpoint
ALTER TABLE "request_events" DROP CONSTRAINT "request_events_kind_check";--> statement-breakpoint
ALTER TABLE "drp_agents" ADD CONSTRAINT "drp_agents_updated_by_staff_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drp_requests" ADD CONSTRAINT "drp_requests_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drp_requests" ADD CONSTRAINT "drp_requests_agent_id_drp_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."drp_agents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drp_tokens" ADD CONSTRAINT "drp_tokens_agent_id_drp_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."drp_agents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "drp_requests_agent_request_key" ON "drp_requests" USING btree ("agent_id","agent_request_id") WHERE "drp_requests"."agent_request_id" is not null;--> statement-breakpoint
CREATE INDEX "drp_requests_agent_idx" ON "drp_requests" USING btree ("agent_id");--> statement-breakpoint
CREATE INDEX "drp_seen_messages_expires_idx" ON "drp_seen_messages" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "drp_tokens_agent_idx" ON "drp_tokens" USING btree ("agent_id");--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_action_check" CHECK ("audit_events"."action" in ('auth.sign_in', 'auth.sign_in_failed', 'auth.password_accepted', 'auth.mfa_enrolment_started', 'auth.mfa_verified', 'auth.mfa_failed', 'auth.step_up', 'auth.sign_out', 'auth.password_set', 'auth.mfa_enrolled', 'staff.created', 'staff.updated', 'staff.disabled', 'staff.enabled', 'staff.mfa_reset', 'staff.password_link_issued', 'staff.role_grant_requested', 'staff.role_granted', 'staff.role_grant_cancelled', 'requests.created', 'requests.assigned', 'requests.status_changed', 'requests.note_added', 'requests.requester_revealed', 'requests.export_started', 'requests.exported', 'requests.acknowledged', 'requests.extended', 'requests.extension_removed', 'requests.received_at_changed', 'requests.paused', 'requests.resumed', 'requests.verification_recorded', 'requests.verification_scope_changed', 'requests.merged', 'requests.clocks_recomputed', 'requests.searched', 'customers.searched', 'customers.flag_set', 'customers.flag_lifted', 'customers.pii_revealed', 'searches.burst_flagged', 'pii.viewed', 'settings.updated', 'notifications.sent', 'notifications.read', 'views.created', 'views.deleted', 'audit.export_started', 'audit.exported', 'messages.sent', 'messages.failed', 'messages.retried', 'messages.template_saved', 'messages.template_reset', 'requests.message_queued', 'registry.created', 'registry.updated', 'registry.notice_sent', 'registry.window_opened', 'registry.activated', 'registry.retired', 'registry.objection_recorded', 'registry.objection_decided', 'registry.subscriber_added', 'registry.subscriber_confirmed', 'registry.subscriber_removed', 'registry.imported', 'registry.exported', 'inventory.created', 'inventory.updated', 'erasure.plan_prepared', 'erasure.line_changed', 'erasure.submitted', 'erasure.approved', 'erasure.rejected', 'erasure.cancelled', 'erasure.refused', 'erasure.execution_started', 'erasure.line_done', 'erasure.line_failed', 'erasure.line_justified', 'erasure.task_opened', 'erasure.task_closed', 'erasure.completed', 'erasure.reapplied', 'inbox.received', 'inbox.threaded', 'inbox.dismissed', 'drp.agent_added', 'drp.agent_changed', 'drp.token_issued', 'drp.status_sent'));--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_entity_type_check" CHECK ("audit_events"."entity_type" in ('staff', 'session', 'request', 'settings', 'customer', 'saved_view', 'notification', 'audit_log', 'message', 'message_template', 'subprocessor', 'registry_subscriber', 'registry', 'data_system', 'inbound_mail', 'drp_agent'));--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_kind_check" CHECK ("jobs"."kind" in ('clocks.recompute', 'reminders.daily', 'db.statistics', 'mail.send', 'verification.remind', 'requests.close_unverified', 'erasure.start', 'erasure.line', 'erasure.reapply', 'erasure.poll', 'erasure.deadlines', 'inbox.process', 'inbox.purge', 'drp.callback', 'drp.prune'));--> statement-breakpoint
ALTER TABLE "request_events" ADD CONSTRAINT "request_events_kind_check" CHECK ("request_events"."kind" in ('intake', 'status_changed', 'assigned', 'note', 'clock', 'received_at_changed', 'verification', 'verification_scope', 'merged', 'message', 'erasure_plan', 'mail_received', 'drp'));