CREATE TABLE "request_verifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"method" text NOT NULL,
	"outcome" text NOT NULL,
	"to_account_email" boolean DEFAULT false NOT NULL,
	"matched_points" text[] DEFAULT '{}' NOT NULL,
	"compared_points" smallint DEFAULT 0 NOT NULL,
	"declaration_signed" boolean DEFAULT false NOT NULL,
	"subject_confirmed" boolean DEFAULT false NOT NULL,
	"document_type" text,
	"note" text,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid,
	CONSTRAINT "request_verifications_method_check" CHECK ("request_verifications"."method" in ('account_match', 'email_link', 'one_time_code', 'data_points', 'document_review', 'authorised_agent')),
	CONSTRAINT "request_verifications_outcome_check" CHECK ("request_verifications"."outcome" in ('passed', 'failed')),
	CONSTRAINT "request_verifications_document_type_check" CHECK ("request_verifications"."document_type" in ('passport', 'national_id', 'driving_licence', 'residence_permit', 'other')),
	CONSTRAINT "request_verifications_points_check" CHECK ("request_verifications"."matched_points" <@ array['name', 'email', 'account_number', 'organisation', 'country', 'plan', 'birth_year', 'signup_month']::text[] and cardinality("request_verifications"."matched_points") <= "request_verifications"."compared_points")
);
--> statement-breakpoint
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_action_check";--> statement-breakpoint
ALTER TABLE "request_events" DROP CONSTRAINT "request_events_kind_check";--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "know_scope" text;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "sensitive_data" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "request_verifications" ADD CONSTRAINT "request_verifications_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_verifications" ADD CONSTRAINT "request_verifications_recorded_by_staff_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "request_verifications_request_idx" ON "request_verifications" USING btree ("request_id","recorded_at");--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_action_check" CHECK ("audit_events"."action" in ('auth.sign_in', 'auth.sign_in_failed', 'auth.password_accepted', 'auth.mfa_enrolment_started', 'auth.mfa_verified', 'auth.mfa_failed', 'auth.step_up', 'auth.sign_out', 'auth.password_set', 'auth.mfa_enrolled', 'staff.created', 'staff.updated', 'staff.disabled', 'staff.enabled', 'staff.mfa_reset', 'staff.password_link_issued', 'staff.role_grant_requested', 'staff.role_granted', 'staff.role_grant_cancelled', 'requests.created', 'requests.assigned', 'requests.status_changed', 'requests.note_added', 'requests.requester_revealed', 'requests.export_started', 'requests.exported', 'requests.acknowledged', 'requests.extended', 'requests.extension_removed', 'requests.received_at_changed', 'requests.paused', 'requests.resumed', 'requests.verification_recorded', 'requests.verification_scope_changed', 'requests.clocks_recomputed', 'requests.searched', 'customers.searched', 'customers.flag_set', 'customers.flag_lifted', 'customers.pii_revealed', 'searches.burst_flagged', 'pii.viewed', 'settings.updated', 'notifications.sent', 'notifications.read', 'views.created', 'views.deleted', 'audit.export_started', 'audit.exported'));--> statement-breakpoint
ALTER TABLE "request_events" ADD CONSTRAINT "request_events_kind_check" CHECK ("request_events"."kind" in ('intake', 'status_changed', 'assigned', 'note', 'clock', 'received_at_changed', 'verification', 'verification_scope'));--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_know_scope_check" CHECK ("requests"."know_scope" in ('categories', 'specific_pieces'));