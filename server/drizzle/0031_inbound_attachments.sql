CREATE TABLE "inbound_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mail_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"size" integer NOT NULL,
	"content" "bytea",
	"kept_until" timestamp with time zone NOT NULL,
	"purged_at" timestamp with time zone,
	CONSTRAINT "inbound_attachments_purged_check" CHECK (("inbound_attachments"."purged_at" is null) = ("inbound_attachments"."content" is not null))
);
--> statement-breakpoint
ALTER TABLE "jobs" DROP CONSTRAINT "jobs_kind_check";--> statement-breakpoint
ALTER TABLE "inbound_attachments" ADD CONSTRAINT "inbound_attachments_mail_id_inbound_mail_id_fk" FOREIGN KEY ("mail_id") REFERENCES "public"."inbound_mail"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_attachments_mail_position_key" ON "inbound_attachments" USING btree ("mail_id","position");--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_kind_check" CHECK ("jobs"."kind" in ('clocks.recompute', 'reminders.daily', 'db.statistics', 'mail.send', 'verification.remind', 'requests.close_unverified', 'erasure.start', 'erasure.line', 'erasure.reapply', 'erasure.poll', 'erasure.deadlines', 'inbox.process', 'inbox.purge'));