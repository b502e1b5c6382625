CREATE TABLE "dashboard_cells" (
	"family" text NOT NULL,
	"grain" text NOT NULL,
	"assignee" text NOT NULL,
	"period" date NOT NULL,
	"regime" text NOT NULL,
	"type" text NOT NULL,
	"status" text NOT NULL,
	"reason_code" text NOT NULL,
	"eff" boolean NOT NULL,
	"stat" boolean NOT NULL,
	"comp" boolean NOT NULL,
	"extended" boolean NOT NULL,
	"verified" boolean NOT NULL,
	"days" integer NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "dashboard_cells_pkey" PRIMARY KEY("family","grain","assignee","period","regime","type","status","reason_code","eff","stat","comp","extended","verified","days")
);
--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "closed_days" integer;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "extended" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "verified" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Days to close for requests closed before the column: the day of receipt in the regime's handling time zone
-- as the settings hold it now (else its default), as the dashboard computed it until now. And the copied flags.
-- One statement, so the table is rewritten once.
UPDATE "requests" r SET
  "closed_days" = CASE WHEN r."closed_on" IS NULL THEN NULL ELSE r."closed_on" - (r."received_at" AT TIME ZONE coalesce(
    (SELECT s."value" #>> array['handling', r."regime", 'timeZone'] FROM "settings" s WHERE s."key" = 'app'),
    CASE r."regime"
      WHEN 'gdpr' THEN 'Europe/Dublin'
      WHEN 'uk_gdpr' THEN 'Europe/London'
      WHEN 'ccpa' THEN 'America/Los_Angeles'
      WHEN 'lgpd' THEN 'America/Sao_Paulo'
      WHEN 'vcdpa' THEN 'America/New_York'
      WHEN 'cpa' THEN 'America/Denver'
      ELSE 'America/Toronto' END))::date END,
  "extended" = EXISTS (SELECT 1 FROM "request_clock_events" ce
    WHERE ce."request_id" = r."id" AND ce."kind" = 'extension_noticed' AND ce."removed_at" IS NULL),
  "verified" = EXISTS (SELECT 1 FROM "request_verifications" rv
    WHERE rv."request_id" = r."id" AND rv."outcome" = 'passed')
WHERE r."closed_on" IS NOT NULL
  OR EXISTS (SELECT 1 FROM "request_clock_events" ce
    WHERE ce."request_id" = r."id" AND ce."kind" = 'extension_noticed' AND ce."removed_at" IS NULL)
  OR EXISTS (SELECT 1 FROM "request_verifications" rv WHERE rv."request_id" = r."id" AND rv."outcome" = 'passed');--> statement-breakpoint
-- The copies follow their sources: a row trigger on each source table sets the request's flag from the
-- source rows as they now stand (and writes only when it changes).
CREATE FUNCTION "requests_extended_sync"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  rid uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD."request_id" ELSE NEW."request_id" END;
  v boolean;
BEGIN
  v := EXISTS (SELECT 1 FROM "request_clock_events" ce
    WHERE ce."request_id" = rid AND ce."kind" = 'extension_noticed' AND ce."removed_at" IS NULL);
  UPDATE "requests" SET "extended" = v WHERE "id" = rid AND "extended" IS DISTINCT FROM v;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "request_clock_events_extended" AFTER INSERT OR UPDATE OR DELETE ON "request_clock_events"
  FOR EACH ROW EXECUTE FUNCTION "requests_extended_sync"();--> statement-breakpoint
CREATE FUNCTION "requests_verified_sync"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  rid uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD."request_id" ELSE NEW."request_id" END;
  v boolean;
BEGIN
  v := EXISTS (SELECT 1 FROM "request_verifications" rv WHERE rv."request_id" = rid AND rv."outcome" = 'passed');
  UPDATE "requests" SET "verified" = v WHERE "id" = rid AND "verified" IS DISTINCT FROM v;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "request_verifications_verified" AFTER INSERT OR UPDATE OR DELETE ON "request_verifications"
  FOR EACH ROW EXECUTE FUNCTION "requests_verified_sync"();--> statement-breakpoint
-- A request's cells (see `dashboardCells` in schema.ts). Days are UTC calendar days, as the queue's period
-- filters are; answered = completed, denied or closed unverified, and not merged into another request.
CREATE FUNCTION "dashboard_cells_of"(r "requests") RETURNS TABLE (
  "family" text, "grain" text, "assignee" text, "period" date, "regime" text, "type" text, "status" text,
  "reason_code" text, "eff" boolean, "stat" boolean, "comp" boolean, "extended" boolean, "verified" boolean,
  "days" integer
) LANGUAGE sql STABLE AS $$
  WITH d AS (
    SELECT (r."received_at" AT TIME ZONE 'UTC')::date AS rd,
      (r."closed_at" AT TIME ZONE 'UTC')::date AS cd,
      coalesce(r."assignee_id"::text, '-') AS who,
      r."status" IN ('completed', 'denied', 'closed_unverified') AND r."merged_into_id" IS NULL
        AND r."closed_at" IS NOT NULL AS answered
  )
  SELECT 'received', g.grain, a.who, g.period, r."regime", r."type",
    CASE WHEN r."status" = 'closed_unverified' THEN r."status" ELSE '' END, '', false, false, false, false,
    r."verified", 0
  FROM d CROSS JOIN LATERAL (VALUES ('day', d.rd),
    ('piece', greatest(date_trunc('week', d.rd::timestamp)::date, date_trunc('month', d.rd::timestamp)::date))) g(grain, period)
    CROSS JOIN LATERAL (VALUES ('*'), (d.who)) a(who)
  UNION ALL
  SELECT 'answered', g.grain, a.who, g.period, r."regime", r."type", r."status", coalesce(r."reason_code", ''),
    false, false, false, r."extended", false, 0
  FROM d CROSS JOIN LATERAL (VALUES ('day', d.cd), ('month', date_trunc('month', d.cd::timestamp)::date),
    ('year', date_trunc('year', d.cd::timestamp)::date)) g(grain, period)
    CROSS JOIN LATERAL (VALUES ('*'), (d.who)) a(who)
  WHERE d.answered
  UNION ALL
  SELECT 'timely', g.grain, a.who, g.period, r."regime", r."type", '', '',
    r."closed_on" <= r."effective_due_on", r."closed_on" <= r."statutory_due_on", r."closed_on" <= r."company_due_on",
    false, false, 0
  FROM d CROSS JOIN LATERAL (VALUES ('day', d.cd), ('month', date_trunc('month', d.cd::timestamp)::date)) g(grain, period)
    CROSS JOIN LATERAL (VALUES ('*'), (d.who)) a(who)
  WHERE d.answered
  UNION ALL
  SELECT 'days', g.grain, a.who, g.period, r."regime", r."type", '', '', false, false, false, false, false,
    coalesce(r."closed_days", 0)
  FROM d CROSS JOIN LATERAL (VALUES ('day', d.cd), ('month', date_trunc('month', d.cd::timestamp)::date),
    ('year', date_trunc('year', d.cd::timestamp)::date)) g(grain, period)
    CROSS JOIN LATERAL (VALUES ('*'), (d.who)) a(who)
  WHERE d.answered
$$;--> statement-breakpoint
-- One statement's change: its rows' new cells counted in, their old cells counted out, in key order (two
-- writers meet on a cell in the same order, so they wait for each other rather than deadlock).
CREATE FUNCTION "dashboard_cells_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "dashboard_cells" AS c
    SELECT x.*, count(*)::int FROM "new_rows" r CROSS JOIN LATERAL "dashboard_cells_of"(r) x
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14
    ON CONFLICT ON CONSTRAINT "dashboard_cells_pkey" DO UPDATE SET "n" = c."n" + excluded."n";
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "dashboard_cells" AS c
    SELECT x.*, -count(*)::int FROM "old_rows" r CROSS JOIN LATERAL "dashboard_cells_of"(r) x
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14
    ON CONFLICT ON CONSTRAINT "dashboard_cells_pkey" DO UPDATE SET "n" = c."n" + excluded."n";
  ELSE
    INSERT INTO "dashboard_cells" AS c
    SELECT y."family", y."grain", y."assignee", y."period", y."regime", y."type", y."status", y."reason_code",
      y."eff", y."stat", y."comp", y."extended", y."verified", y."days", sum(y.delta)::int
    FROM (
      SELECT x.*, 1 AS delta FROM "new_rows" r CROSS JOIN LATERAL "dashboard_cells_of"(r) x
      UNION ALL
      SELECT x.*, -1 AS delta FROM "old_rows" r CROSS JOIN LATERAL "dashboard_cells_of"(r) x
    ) y
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 HAVING sum(y.delta) <> 0
    ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14
    ON CONFLICT ON CONSTRAINT "dashboard_cells_pkey" DO UPDATE SET "n" = c."n" + excluded."n";
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "requests_dashboard_cells_insert" AFTER INSERT ON "requests"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_cells_apply"();--> statement-breakpoint
CREATE TRIGGER "requests_dashboard_cells_update" AFTER UPDATE ON "requests"
  REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_cells_apply"();--> statement-breakpoint
CREATE TRIGGER "requests_dashboard_cells_delete" AFTER DELETE ON "requests"
  REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_cells_apply"();--> statement-breakpoint
-- The figures that depend on today (due soon, overdue, the age of the unassigned) count the open requests at
-- each call: this index holds every column they read, so they never visit the table.
CREATE INDEX "requests_open_dashboard_idx" ON "requests" ("received_at")
  INCLUDE ("status", "assignee_id", "regime", "type", "effective_due_on")
  WHERE "status" IN ('received', 'verifying', 'in_progress', 'awaiting_requester', 'awaiting_approval', 'approved', 'fulfilling');--> statement-breakpoint
-- The requests already here.
INSERT INTO "dashboard_cells"
SELECT x.*, count(*)::int FROM "requests" r CROSS JOIN LATERAL "dashboard_cells_of"(r) x
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14;--> statement-breakpoint
ANALYZE "dashboard_cells";
