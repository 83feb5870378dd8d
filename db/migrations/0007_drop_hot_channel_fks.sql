ALTER TABLE "conversation" DROP CONSTRAINT "conversation_channel_id_channel_id_fk";
--> statement-breakpoint
ALTER TABLE "message_status_event" DROP CONSTRAINT "message_status_event_channel_id_channel_id_fk";
--> statement-breakpoint
ALTER TABLE "message" DROP CONSTRAINT "message_channel_id_channel_id_fk";
--> statement-breakpoint
ALTER TABLE "webhook_event" DROP CONSTRAINT "webhook_event_channel_id_channel_id_fk";
