CREATE TABLE "platform"."erasure_receipts" (
	"idempotency_key" text PRIMARY KEY NOT NULL,
	"account_number" text NOT NULL,
	"report" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
