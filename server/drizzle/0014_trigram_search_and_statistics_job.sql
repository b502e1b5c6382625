-- Trigram indexes (customers' substring searches) need the pg_trgm extension: PostgreSQL's contrib, PGlite's contrib build.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
ALTER TABLE "jobs" DROP CONSTRAINT "jobs_kind_check";--> statement-breakpoint
CREATE INDEX "customers_name_trgm_idx" ON "customers" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_organisation_trgm_idx" ON "customers" USING gin ("organisation" gin_trgm_ops);--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_kind_check" CHECK ("jobs"."kind" in ('clocks.recompute', 'reminders.daily', 'db.statistics'));