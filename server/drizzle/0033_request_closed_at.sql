ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_action_check";--> statement-breakpoint
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_entity_type_check";--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "closed_on" date;--> statement-breakpoint
CREATE INDEX "requests_closed_idx" ON "requests" USING btree ("closed_at","id") WHERE "requests"."closed_at" is not null;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_action_check" CHECK ("audit_events"."action" in ('auth.sign_in', 'auth.sign_in_failed', 'auth.password_accepted', 'auth.mfa_enrolment_started', 'auth.mfa_verified', 'auth.mfa_failed', 'auth.step_up', 'auth.sign_out', 'auth.password_set', 'auth.mfa_enrolled', 'staff.created', 'staff.updated', 'staff.disabled', 'staff.enabled', 'staff.mfa_reset', 'staff.password_link_issued', 'staff.role_grant_requested', 'staff.role_granted', 'staff.role_grant_cancelled', 'requests.created', 'requests.assigned', 'requests.status_changed', 'requests.note_added', 'requests.requester_revealed', 'requests.export_started', 'requests.exported', 'requests.acknowledged', 'requests.extended', 'requests.extension_removed', 'requests.received_at_changed', 'requests.paused', 'requests.resumed', 'requests.verification_recorded', 'requests.verification_scope_changed', 'requests.merged', 'requests.clocks_recomputed', 'requests.searched', 'customers.searched', 'customers.flag_set', 'customers.flag_lifted', 'customers.pii_revealed', 'searches.burst_flagged', 'pii.viewed', 'settings.updated', 'notifications.sent', 'notifications.read', 'views.created', 'views.deleted', 'audit.export_started', 'audit.exported', 'messages.sent', 'messages.failed', 'messages.retried', 'messages.template_saved', 'messages.template_reset', 'requests.message_queued', 'registry.created', 'registry.updated', 'registry.notice_sent', 'registry.window_opened', 'registry.activated', 'registry.retired', 'registry.objection_recorded', 'registry.objection_decided', 'registry.subscriber_added', 'registry.subscriber_confirmed', 'registry.subscriber_removed', 'registry.imported', 'registry.exported', 'inventory.created', 'inventory.updated', 'erasure.plan_prepared', 'erasure.line_changed', 'erasure.submitted', 'erasure.approved', 'erasure.rejected', 'erasure.cancelled', 'erasure.refused', 'erasure.execution_started', 'erasure.line_done', 'erasure.line_failed', 'erasure.line_justified', 'erasure.task_opened', 'erasure.task_closed', 'erasure.completed', 'erasure.reapplied', 'inbox.received', 'inbox.threaded', 'inbox.dismissed', 'drp.agent_added', 'drp.agent_changed', 'drp.token_issued', 'drp.status_sent', 'reports.export_started', 'reports.exported'));--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_entity_type_check" CHECK ("audit_events"."entity_type" in ('staff', 'session', 'request', 'settings', 'customer', 'saved_view', 'notification', 'audit_log', 'message', 'message_template', 'subprocessor', 'registry_subscriber', 'registry', 'data_system', 'inbound_mail', 'drp_agent', 'report'));--> statement-breakpoint
-- Closed requests written before these columns: the closing move is their last status change, and its day is
-- taken in the regime's default handling time zone (the settings' default; an admin who changed a zone may
-- see a request closed near midnight counted a day apart).
UPDATE "requests" r SET
  "closed_at" = e."at",
  "closed_on" = (e."at" AT TIME ZONE (CASE r."regime"
    WHEN 'gdpr' THEN 'Europe/Dublin'
    WHEN 'uk_gdpr' THEN 'Europe/London'
    WHEN 'ccpa' THEN 'America/Los_Angeles'
    WHEN 'lgpd' THEN 'America/Sao_Paulo'
    WHEN 'vcdpa' THEN 'America/New_York'
    WHEN 'cpa' THEN 'America/Denver'
    ELSE 'America/Toronto' END))::date
FROM (
  SELECT DISTINCT ON ("request_id") "request_id", "at" FROM "request_events"
  WHERE "kind" = 'status_changed' ORDER BY "request_id", "seq" DESC
) e
WHERE e."request_id" = r."id" AND r."status" IN ('completed', 'denied', 'withdrawn', 'closed_unverified');
