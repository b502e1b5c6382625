CREATE TABLE "erasure_plan_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"data_system_id" uuid NOT NULL,
	"scope" text,
	"platform_scope" text,
	"action" text NOT NULL,
	"ground" text,
	"law" text,
	"forced_by" text,
	"note" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "erasure_plan_lines_action_check" CHECK ("erasure_plan_lines"."action" in ('delete', 'anonymise', 'retain', 'not_held')),
	CONSTRAINT "erasure_plan_lines_ground_check" CHECK ("erasure_plan_lines"."ground" in ('legal_obligation', 'legal_claims', 'legal_hold', 'freedom_of_expression', 'public_health', 'archiving_research')),
	CONSTRAINT "erasure_plan_lines_forced_by_check" CHECK ("erasure_plan_lines"."forced_by" in ('retention_rule', 'legal_hold')),
	CONSTRAINT "erasure_plan_lines_platform_scope_check" CHECK ("erasure_plan_lines"."platform_scope" in ('invoices', 'support_tickets')),
	CONSTRAINT "erasure_plan_lines_status_check" CHECK ("erasure_plan_lines"."status" in ('pending', 'running', 'done', 'failed', 'justified')),
	CONSTRAINT "erasure_plan_lines_retain_ground_check" CHECK (("erasure_plan_lines"."action" = 'retain') = ("erasure_plan_lines"."ground" is not null)),
	CONSTRAINT "erasure_plan_lines_forced_check" CHECK ("erasure_plan_lines"."forced_by" is null or "erasure_plan_lines"."action" = 'retain')
);
--> statement-breakpoint
CREATE TABLE "erasure_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"prepared_by" uuid,
	"prepared_at" timestamp with time zone NOT NULL,
	"editor_ids" uuid[] NOT NULL,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone,
	"submitted_version" integer,
	"decision" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"grace_ends_at" timestamp with time zone,
	"execution_started_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "erasure_plans_decision_check" CHECK ("erasure_plans"."decision" in ('approved', 'rejected')),
	CONSTRAINT "erasure_plans_decision_complete_check" CHECK (("erasure_plans"."decision" is null) = ("erasure_plans"."decided_at" is null) and ("erasure_plans"."decision" is null) = ("erasure_plans"."decision_note" is null)),
	CONSTRAINT "erasure_plans_grace_check" CHECK ("erasure_plans"."grace_ends_at" is null or "erasure_plans"."decision" = 'approved')
);
--> statement-breakpoint
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_action_check";--> statement-breakpoint
ALTER TABLE "request_events" DROP CONSTRAINT "request_events_kind_check";--> statement-breakpoint
ALTER TABLE "erasure_plan_lines" ADD CONSTRAINT "erasure_plan_lines_plan_id_erasure_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."erasure_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erasure_plan_lines" ADD CONSTRAINT "erasure_plan_lines_data_system_id_data_systems_id_fk" FOREIGN KEY ("data_system_id") REFERENCES "public"."data_systems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erasure_plan_lines" ADD CONSTRAINT "erasure_plan_lines_updated_by_staff_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erasure_plans" ADD CONSTRAINT "erasure_plans_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erasure_plans" ADD CONSTRAINT "erasure_plans_prepared_by_staff_id_fk" FOREIGN KEY ("prepared_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erasure_plans" ADD CONSTRAINT "erasure_plans_submitted_by_staff_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erasure_plans" ADD CONSTRAINT "erasure_plans_decided_by_staff_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erasure_plans" ADD CONSTRAINT "erasure_plans_updated_by_staff_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "erasure_plan_lines_position_key" ON "erasure_plan_lines" USING btree ("plan_id","position");--> statement-breakpoint
CREATE INDEX "erasure_plan_lines_system_idx" ON "erasure_plan_lines" USING btree ("data_system_id");--> statement-breakpoint
CREATE UNIQUE INDEX "erasure_plans_request_key" ON "erasure_plans" USING btree ("request_id");--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_action_check" CHECK ("audit_events"."action" in ('auth.sign_in', 'auth.sign_in_failed', 'auth.password_accepted', 'auth.mfa_enrolment_started', 'auth.mfa_verified', 'auth.mfa_failed', 'auth.step_up', 'auth.sign_out', 'auth.password_set', 'auth.mfa_enrolled', 'staff.created', 'staff.updated', 'staff.disabled', 'staff.enabled', 'staff.mfa_reset', 'staff.password_link_issued', 'staff.role_grant_requested', 'staff.role_granted', 'staff.role_grant_cancelled', 'requests.created', 'requests.assigned', 'requests.status_changed', 'requests.note_added', 'requests.requester_revealed', 'requests.export_started', 'requests.exported', 'requests.acknowledged', 'requests.extended', 'requests.extension_removed', 'requests.received_at_changed', 'requests.paused', 'requests.resumed', 'requests.verification_recorded', 'requests.verification_scope_changed', 'requests.merged', 'requests.clocks_recomputed', 'requests.searched', 'customers.searched', 'customers.flag_set', 'customers.flag_lifted', 'customers.pii_revealed', 'searches.burst_flagged', 'pii.viewed', 'settings.updated', 'notifications.sent', 'notifications.read', 'views.created', 'views.deleted', 'audit.export_started', 'audit.exported', 'messages.sent', 'messages.failed', 'messages.retried', 'messages.template_saved', 'messages.template_reset', 'requests.message_queued', 'registry.created', 'registry.updated', 'registry.notice_sent', 'registry.window_opened', 'registry.activated', 'registry.retired', 'registry.objection_recorded', 'registry.objection_decided', 'registry.subscriber_added', 'registry.subscriber_confirmed', 'registry.subscriber_removed', 'registry.imported', 'registry.exported', 'inventory.created', 'inventory.updated', 'erasure.plan_prepared', 'erasure.line_changed', 'erasure.submitted', 'erasure.approved', 'erasure.rejected', 'erasure.cancelled', 'erasure.refused'));--> statement-breakpoint
ALTER TABLE "request_events" ADD CONSTRAINT "request_events_kind_check" CHECK ("request_events"."kind" in ('intake', 'status_changed', 'assigned', 'note', 'clock', 'received_at_changed', 'verification', 'verification_scope', 'merged', 'message', 'erasure_plan'));