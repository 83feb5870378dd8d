CREATE SEQUENCE "public"."live_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "quick_reply" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shortcut" text NOT NULL,
	"text" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contact" ADD COLUMN "change_seq" bigint DEFAULT nextval('live_seq') NOT NULL;--> statement-breakpoint
ALTER TABLE "conversation" ADD COLUMN "change_seq" bigint DEFAULT nextval('live_seq') NOT NULL;--> statement-breakpoint
ALTER TABLE "message" ADD COLUMN "change_seq" bigint DEFAULT nextval('live_seq') NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "quick_reply_shortcut_uq" ON "quick_reply" USING btree ("shortcut");--> statement-breakpoint
CREATE INDEX "contact_change_seq_idx" ON "contact" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "contact_name_trgm_idx" ON "contact" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contact_wa_id_trgm_idx" ON "contact" USING gin ("wa_id" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "conversation_change_seq_idx" ON "conversation" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "conversation_needs_human_idx" ON "conversation" USING btree ("last_message_at" DESC NULLS LAST,"id") WHERE "conversation"."needs_human";--> statement-breakpoint
CREATE INDEX "conversation_assigned_idx" ON "conversation" USING btree ("assigned_user_id","last_message_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "message_change_seq_idx" ON "message" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "message_text_trgm_idx" ON "message" USING gin ("text" gin_trgm_ops);