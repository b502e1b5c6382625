CREATE TABLE "data_systems" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"data_categories" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "data_systems_data_categories_check" CHECK ("data_systems"."data_categories" <@ array['contact_details', 'account_credentials', 'usage_data', 'technical_data', 'payment_data', 'billing_records', 'support_communications', 'marketing_preferences', 'customer_content']::text[])
);
--> statement-breakpoint
CREATE TABLE "registry_subscribers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"organisation_id" uuid,
	"organisation_as_given" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"source" text NOT NULL,
	"token_hash" text,
	"token_expires_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"confirmed_at" timestamp with time zone,
	"unsubscribed_at" timestamp with time zone,
	CONSTRAINT "registry_subscribers_status_check" CHECK ("registry_subscribers"."status" in ('pending', 'confirmed', 'unsubscribed')),
	CONSTRAINT "registry_subscribers_source_check" CHECK ("registry_subscribers"."source" in ('public_page', 'staff')),
	CONSTRAINT "registry_subscribers_confirmed_check" CHECK (("registry_subscribers"."status" = 'confirmed') <= ("registry_subscribers"."confirmed_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "subprocessor_data_systems" (
	"subprocessor_id" uuid NOT NULL,
	"data_system_id" uuid NOT NULL,
	CONSTRAINT "subprocessor_data_systems_subprocessor_id_data_system_id_pk" PRIMARY KEY("subprocessor_id","data_system_id")
);
--> statement-breakpoint
CREATE TABLE "subprocessor_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "subprocessor_events_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"subprocessor_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"system" text,
	"kind" text NOT NULL,
	"data" jsonb NOT NULL,
	"reason" text,
	CONSTRAINT "subprocessor_events_kind_check" CHECK ("subprocessor_events"."kind" in ('created', 'updated', 'moved', 'notice_recorded', 'objection_recorded', 'objection_decided'))
);
--> statement-breakpoint
CREATE TABLE "subprocessor_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subprocessor_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"sent_on" date NOT NULL,
	"objection_deadline" date NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"sent_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "subprocessor_notices_channel_check" CHECK ("subprocessor_notices"."channel" in ('email', 'manual')),
	CONSTRAINT "subprocessor_notices_deadline_check" CHECK ("subprocessor_notices"."objection_deadline" >= "subprocessor_notices"."sent_on")
);
--> statement-breakpoint
CREATE TABLE "subprocessor_objections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subprocessor_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"received_on" date NOT NULL,
	"summary" text NOT NULL,
	"outcome" text DEFAULT 'pending' NOT NULL,
	"note" text,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	CONSTRAINT "subprocessor_objections_outcome_check" CHECK ("subprocessor_objections"."outcome" in ('pending', 'withdrawn', 'resolved', 'exempted', 'terminated')),
	CONSTRAINT "subprocessor_objections_decided_check" CHECK (("subprocessor_objections"."outcome" = 'pending') = ("subprocessor_objections"."decided_at" is null) and ("subprocessor_objections"."decided_at" is null) = ("subprocessor_objections"."note" is null))
);
--> statement-breakpoint
CREATE TABLE "subprocessors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"legal_name" text NOT NULL,
	"category" text NOT NULL,
	"countries" text[] NOT NULL,
	"mechanisms" text[] NOT NULL,
	"fields" jsonb NOT NULL,
	"replaces_id" uuid,
	"status" text DEFAULT 'proposed' NOT NULL,
	"proposed_on" date NOT NULL,
	"objection_deadline" date,
	"active_from" date,
	"activated_early_reason" text,
	"retired_on" date,
	"retired_reason" text,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "subprocessors_category_check" CHECK ("subprocessors"."category" in ('cloud_infrastructure', 'error_monitoring', 'analytics', 'payment_processing', 'customer_support', 'email_delivery', 'other')),
	CONSTRAINT "subprocessors_countries_check" CHECK ("subprocessors"."countries" <@ array['AD', 'AE', 'AF', 'AG', 'AI', 'AL', 'AM', 'AO', 'AQ', 'AR', 'AS', 'AT', 'AU', 'AW', 'AX', 'AZ', 'BA', 'BB', 'BD', 'BE', 'BF', 'BG', 'BH', 'BI', 'BJ', 'BL', 'BM', 'BN', 'BO', 'BQ', 'BR', 'BS', 'BT', 'BV', 'BW', 'BY', 'BZ', 'CA', 'CC', 'CD', 'CF', 'CG', 'CH', 'CI', 'CK', 'CL', 'CM', 'CN', 'CO', 'CR', 'CU', 'CV', 'CW', 'CX', 'CY', 'CZ', 'DE', 'DJ', 'DK', 'DM', 'DO', 'DZ', 'EC', 'EE', 'EG', 'EH', 'ER', 'ES', 'ET', 'FI', 'FJ', 'FK', 'FM', 'FO', 'FR', 'GA', 'GB', 'GD', 'GE', 'GF', 'GG', 'GH', 'GI', 'GL', 'GM', 'GN', 'GP', 'GQ', 'GR', 'GS', 'GT', 'GU', 'GW', 'GY', 'HK', 'HM', 'HN', 'HR', 'HT', 'HU', 'ID', 'IE', 'IL', 'IM', 'IN', 'IO', 'IQ', 'IR', 'IS', 'IT', 'JE', 'JM', 'JO', 'JP', 'KE', 'KG', 'KH', 'KI', 'KM', 'KN', 'KP', 'KR', 'KW', 'KY', 'KZ', 'LA', 'LB', 'LC', 'LI', 'LK', 'LR', 'LS', 'LT', 'LU', 'LV', 'LY', 'MA', 'MC', 'MD', 'ME', 'MF', 'MG', 'MH', 'MK', 'ML', 'MM', 'MN', 'MO', 'MP', 'MQ', 'MR', 'MS', 'MT', 'MU', 'MV', 'MW', 'MX', 'MY', 'MZ', 'NA', 'NC', 'NE', 'NF', 'NG', 'NI', 'NL', 'NO', 'NP', 'NR', 'NU', 'NZ', 'OM', 'PA', 'PE', 'PF', 'PG', 'PH', 'PK', 'PL', 'PM', 'PN', 'PR', 'PS', 'PT', 'PW', 'PY', 'QA', 'RE', 'RO', 'RS', 'RU', 'RW', 'SA', 'SB', 'SC', 'SD', 'SE', 'SG', 'SH', 'SI', 'SJ', 'SK', 'SL', 'SM', 'SN', 'SO', 'SR', 'SS', 'ST', 'SV', 'SX', 'SY', 'SZ', 'TC', 'TD', 'TF', 'TG', 'TH', 'TJ', 'TK', 'TL', 'TM', 'TN', 'TO', 'TR', 'TT', 'TV', 'TW', 'TZ', 'UA', 'UG', 'UM', 'US', 'UY', 'UZ', 'VA', 'VC', 'VE', 'VG', 'VI', 'VN', 'VU', 'WF', 'WS', 'YE', 'YT', 'ZA', 'ZM', 'ZW']::text[]),
	CONSTRAINT "subprocessors_mechanisms_check" CHECK ("subprocessors"."mechanisms" <@ array['none_needed', 'adequacy', 'dpf', 'scc', 'bcr', 'derogation']::text[]),
	CONSTRAINT "subprocessors_status_check" CHECK ("subprocessors"."status" in ('proposed', 'notice_sent', 'objection_window', 'active', 'retired')),
	CONSTRAINT "subprocessors_active_check" CHECK (("subprocessors"."status" = 'active') <= ("subprocessors"."active_from" is not null)),
	CONSTRAINT "subprocessors_retired_check" CHECK (("subprocessors"."status" = 'retired') = ("subprocessors"."retired_on" is not null))
);
--> statement-breakpoint
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_action_check";--> statement-breakpoint
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_entity_type_check";--> statement-breakpoint
ALTER TABLE "messages" DROP CONSTRAINT "messages_kind_check";--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "notice_id" uuid;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "subscriber_id" uuid;--> statement-breakpoint
ALTER TABLE "registry_subscribers" ADD CONSTRAINT "registry_subscribers_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_subscribers" ADD CONSTRAINT "registry_subscribers_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subprocessor_data_systems" ADD CONSTRAINT "subprocessor_data_systems_subprocessor_id_subprocessors_id_fk" FOREIGN KEY ("subprocessor_id") REFERENCES "public"."subprocessors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subprocessor_data_systems" ADD CONSTRAINT "subprocessor_data_systems_data_system_id_data_systems_id_fk" FOREIGN KEY ("data_system_id") REFERENCES "public"."data_systems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subprocessor_events" ADD CONSTRAINT "subprocessor_events_subprocessor_id_subprocessors_id_fk" FOREIGN KEY ("subprocessor_id") REFERENCES "public"."subprocessors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subprocessor_events" ADD CONSTRAINT "subprocessor_events_actor_id_staff_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subprocessor_notices" ADD CONSTRAINT "subprocessor_notices_subprocessor_id_subprocessors_id_fk" FOREIGN KEY ("subprocessor_id") REFERENCES "public"."subprocessors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subprocessor_notices" ADD CONSTRAINT "subprocessor_notices_sent_by_staff_id_fk" FOREIGN KEY ("sent_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subprocessor_objections" ADD CONSTRAINT "subprocessor_objections_subprocessor_id_subprocessors_id_fk" FOREIGN KEY ("subprocessor_id") REFERENCES "public"."subprocessors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subprocessor_objections" ADD CONSTRAINT "subprocessor_objections_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subprocessor_objections" ADD CONSTRAINT "subprocessor_objections_recorded_by_staff_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subprocessor_objections" ADD CONSTRAINT "subprocessor_objections_decided_by_staff_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subprocessors" ADD CONSTRAINT "subprocessors_replaces_id_subprocessors_id_fk" FOREIGN KEY ("replaces_id") REFERENCES "public"."subprocessors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subprocessors" ADD CONSTRAINT "subprocessors_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subprocessors" ADD CONSTRAINT "subprocessors_updated_by_staff_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "data_systems_key_key" ON "data_systems" USING btree ("key");--> statement-breakpoint
CREATE UNIQUE INDEX "registry_subscribers_email_key" ON "registry_subscribers" USING btree ("email") WHERE "registry_subscribers"."status" <> 'unsubscribed';--> statement-breakpoint
CREATE UNIQUE INDEX "registry_subscribers_token_key" ON "registry_subscribers" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "subprocessor_data_systems_system_idx" ON "subprocessor_data_systems" USING btree ("data_system_id");--> statement-breakpoint
CREATE INDEX "subprocessor_events_subprocessor_idx" ON "subprocessor_events" USING btree ("subprocessor_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "subprocessor_notices_subprocessor_key" ON "subprocessor_notices" USING btree ("subprocessor_id");--> statement-breakpoint
CREATE UNIQUE INDEX "subprocessor_objections_org_key" ON "subprocessor_objections" USING btree ("subprocessor_id","organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "subprocessors_name_key" ON "subprocessors" USING btree (lower("name")) WHERE "subprocessors"."status" <> 'retired';--> statement-breakpoint
CREATE INDEX "subprocessors_status_idx" ON "subprocessors" USING btree ("status","name");--> statement-breakpoint
CREATE INDEX "subprocessors_name_trgm_idx" ON "subprocessors" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_notice_id_subprocessor_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."subprocessor_notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_subscriber_id_registry_subscribers_id_fk" FOREIGN KEY ("subscriber_id") REFERENCES "public"."registry_subscribers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "messages_notice_idx" ON "messages" USING btree ("notice_id");--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_action_check" CHECK ("audit_events"."action" in ('auth.sign_in', 'auth.sign_in_failed', 'auth.password_accepted', 'auth.mfa_enrolment_started', 'auth.mfa_verified', 'auth.mfa_failed', 'auth.step_up', 'auth.sign_out', 'auth.password_set', 'auth.mfa_enrolled', 'staff.created', 'staff.updated', 'staff.disabled', 'staff.enabled', 'staff.mfa_reset', 'staff.password_link_issued', 'staff.role_grant_requested', 'staff.role_granted', 'staff.role_grant_cancelled', 'requests.created', 'requests.assigned', 'requests.status_changed', 'requests.note_added', 'requests.requester_revealed', 'requests.export_started', 'requests.exported', 'requests.acknowledged', 'requests.extended', 'requests.extension_removed', 'requests.received_at_changed', 'requests.paused', 'requests.resumed', 'requests.verification_recorded', 'requests.verification_scope_changed', 'requests.merged', 'requests.clocks_recomputed', 'requests.searched', 'customers.searched', 'customers.flag_set', 'customers.flag_lifted', 'customers.pii_revealed', 'searches.burst_flagged', 'pii.viewed', 'settings.updated', 'notifications.sent', 'notifications.read', 'views.created', 'views.deleted', 'audit.export_started', 'audit.exported', 'messages.sent', 'messages.failed', 'messages.retried', 'messages.template_saved', 'messages.template_reset', 'requests.message_queued', 'registry.created', 'registry.updated', 'registry.notice_sent', 'registry.window_opened', 'registry.activated', 'registry.retired', 'registry.objection_recorded', 'registry.objection_decided', 'registry.subscriber_added', 'registry.subscriber_confirmed', 'registry.subscriber_removed', 'registry.imported', 'registry.exported'));--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_entity_type_check" CHECK ("audit_events"."entity_type" in ('staff', 'session', 'request', 'settings', 'customer', 'saved_view', 'notification', 'audit_log', 'message', 'message_template', 'subprocessor', 'registry_subscriber', 'registry'));--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_kind_check" CHECK ("messages"."kind" in ('acknowledgement', 'verification_link', 'verification_reminder', 'one_time_code', 'identity_request', 'clarification_request', 'extension_notice', 'denial', 'completion', 'closed_unverified', 'subprocessor_notice', 'registry_subscription'));