ALTER TABLE "erasure_plan_lines" DROP CONSTRAINT "erasure_plan_lines_action_check";--> statement-breakpoint
ALTER TABLE "jobs" DROP CONSTRAINT "jobs_kind_check";--> statement-breakpoint
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_kind_check";--> statement-breakpoint
ALTER TABLE "erasure_plan_lines" ADD COLUMN "recipient_id" uuid;--> statement-breakpoint
ALTER TABLE "erasure_plan_lines" ADD CONSTRAINT "erasure_plan_lines_recipient_id_subprocessors_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."subprocessors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erasure_plan_lines" ADD CONSTRAINT "erasure_plan_lines_recipient_check" CHECK (("erasure_plan_lines"."action" = 'notify') = ("erasure_plan_lines"."recipient_id" is not null));--> statement-breakpoint
ALTER TABLE "erasure_plan_lines" ADD CONSTRAINT "erasure_plan_lines_action_check" CHECK ("erasure_plan_lines"."action" in ('delete', 'anonymise', 'retain', 'not_held', 'notify'));--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_kind_check" CHECK ("jobs"."kind" in ('clocks.recompute', 'reminders.daily', 'db.statistics', 'mail.send', 'verification.remind', 'requests.close_unverified', 'erasure.start', 'erasure.line', 'erasure.reapply', 'erasure.poll', 'erasure.deadlines'));--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_kind_check" CHECK ("notifications"."kind" in ('reminders.due', 'reminders.unassigned', 'security.search_burst', 'erasure.task', 'erasure.deadline'));