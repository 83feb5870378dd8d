CREATE TABLE "sandbox_message" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel_id" uuid NOT NULL,
	"wa_id" text NOT NULL,
	"direction" text NOT NULL,
	"wamid" text NOT NULL,
	"type" text NOT NULL,
	"text" text,
	"content" jsonb NOT NULL,
	"status" text NOT NULL,
	"error" jsonb,
	"callback_data" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "message" ADD COLUMN "seq" bigserial NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_event" ADD COLUMN "locked_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sandbox_message" ADD CONSTRAINT "sandbox_message_channel_id_channel_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channel"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sandbox_message_wamid_uq" ON "sandbox_message" USING btree ("wamid");--> statement-breakpoint
CREATE INDEX "sandbox_message_phone_idx" ON "sandbox_message" USING btree ("channel_id","wa_id","created_at");--> statement-breakpoint
CREATE INDEX "message_queued_conversation_idx" ON "message" USING btree ("conversation_id","seq") WHERE "message"."status" = 'queued';