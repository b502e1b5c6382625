CREATE TABLE "pii_access_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pii_access_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid NOT NULL,
	"ip" text,
	"request_id" text,
	"surface" text NOT NULL,
	"entity_type" text NOT NULL,
	"record_ids" uuid[] NOT NULL,
	"results" integer NOT NULL,
	"term_hash" text,
	"reason" text,
	"chained_seq" bigint,
	CONSTRAINT "pii_access_log_surface_check" CHECK ("pii_access_log"."surface" in ('request', 'timeline', 'queue', 'duplicates', 'customer_search')),
	CONSTRAINT "pii_access_log_entity_type_check" CHECK ("pii_access_log"."entity_type" in ('request', 'customer'))
);
--> statement-breakpoint
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_action_check";--> statement-breakpoint
ALTER TABLE "pii_access_log" ADD CONSTRAINT "pii_access_log_actor_id_staff_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pii_access_log_unchained_idx" ON "pii_access_log" USING btree ("id") WHERE "pii_access_log"."chained_seq" is null;--> statement-breakpoint
CREATE INDEX "pii_access_log_actor_idx" ON "pii_access_log" USING btree ("actor_id","at");--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_action_check" CHECK ("audit_events"."action" in ('auth.sign_in', 'auth.sign_in_failed', 'auth.password_accepted', 'auth.mfa_enrolment_started', 'auth.mfa_verified', 'auth.mfa_failed', 'auth.step_up', 'auth.sign_out', 'auth.password_set', 'auth.mfa_enrolled', 'staff.created', 'staff.updated', 'staff.disabled', 'staff.enabled', 'staff.mfa_reset', 'staff.password_link_issued', 'staff.role_grant_requested', 'staff.role_granted', 'staff.role_grant_cancelled', 'requests.created', 'requests.assigned', 'requests.status_changed', 'requests.note_added', 'requests.requester_revealed', 'requests.export_started', 'requests.exported', 'requests.acknowledged', 'requests.extended', 'requests.extension_removed', 'requests.received_at_changed', 'requests.paused', 'requests.resumed', 'requests.clocks_recomputed', 'requests.searched', 'customers.searched', 'searches.burst_flagged', 'pii.viewed', 'settings.updated', 'notifications.sent', 'notifications.read', 'views.created', 'views.deleted'));--> statement-breakpoint
-- The access log is append-only: rows are never removed, and the one change allowed is the chainer noting,
-- once, the audit event a row became (chained_seq from null to a value; nothing else may differ).
CREATE OR REPLACE FUNCTION pii_access_log_refuse_change() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND OLD.chained_seq IS NULL AND NEW.chained_seq IS NOT NULL
     AND (to_jsonb(NEW) - 'chained_seq') = (to_jsonb(OLD) - 'chained_seq') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'pii_access_log is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER pii_access_log_append_only
  BEFORE UPDATE OR DELETE ON pii_access_log
  FOR EACH ROW EXECUTE FUNCTION pii_access_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER pii_access_log_no_truncate
  BEFORE TRUNCATE ON pii_access_log
  FOR EACH STATEMENT EXECUTE FUNCTION pii_access_log_refuse_change();
