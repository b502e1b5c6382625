CREATE TABLE "staff_role_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"staff_id" uuid NOT NULL,
	"role" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	CONSTRAINT "staff_role_grants_role_check" CHECK ("staff_role_grants"."role" in ('privacy_officer', 'support_agent', 'manager', 'admin', 'auditor')),
	CONSTRAINT "staff_role_grants_status_check" CHECK ("staff_role_grants"."status" in ('pending', 'confirmed', 'cancelled'))
);
--> statement-breakpoint
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_action_check";--> statement-breakpoint
ALTER TABLE "staff_role_grants" ADD CONSTRAINT "staff_role_grants_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_role_grants" ADD CONSTRAINT "staff_role_grants_requested_by_staff_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_role_grants" ADD CONSTRAINT "staff_role_grants_decided_by_staff_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "staff_role_grants_one_pending" ON "staff_role_grants" USING btree ("staff_id","role") WHERE "staff_role_grants"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "staff_role_grants_pending_idx" ON "staff_role_grants" USING btree ("requested_at") WHERE "staff_role_grants"."status" = 'pending';--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_action_check" CHECK ("audit_events"."action" in ('auth.sign_in', 'auth.sign_in_failed', 'auth.password_accepted', 'auth.mfa_enrolment_started', 'auth.mfa_verified', 'auth.mfa_failed', 'auth.step_up', 'auth.sign_out', 'auth.password_set', 'auth.mfa_enrolled', 'staff.created', 'staff.updated', 'staff.disabled', 'staff.enabled', 'staff.mfa_reset', 'staff.password_link_issued', 'staff.role_grant_requested', 'staff.role_granted', 'staff.role_grant_cancelled', 'requests.created', 'requests.assigned', 'requests.status_changed', 'requests.note_added', 'requests.requester_revealed', 'requests.export_started', 'requests.exported', 'requests.acknowledged', 'requests.extended', 'requests.extension_removed', 'requests.received_at_changed', 'requests.paused', 'requests.resumed', 'requests.clocks_recomputed', 'requests.searched', 'customers.searched', 'searches.burst_flagged', 'settings.updated', 'notifications.sent', 'notifications.read', 'views.created', 'views.deleted'));