-- Custom SQL migration file, put your code below! --
-- The live feed (lib/live): every committed change the inbox shows gets a fresh
-- change_seq and a NOTIFY on `tickflow_live`, delivered by PostgreSQL at commit and only
-- if the transaction commits, to every app instance listening. Inserts take change_seq
-- from the column default; updates bump it here only when a shown column changed, so
-- bookkeeping updates (dispatch leases, last_seen_at) cost nothing extra.

CREATE FUNCTION tickflow_live_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.change_seq := nextval('live_seq');
  RETURN NEW;
END $$;
--> statement-breakpoint
-- One small function per table: PL/pgSQL resolves NEW's fields per table.
CREATE FUNCTION tickflow_live_notify_message() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('tickflow_live', json_build_object('seq', NEW.change_seq, 'kind', 'message', 'id', NEW.id, 'conversationId', NEW.conversation_id)::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION tickflow_live_notify_conversation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('tickflow_live', json_build_object('seq', NEW.change_seq, 'kind', 'conversation', 'id', NEW.id, 'conversationId', NEW.id)::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION tickflow_live_notify_contact() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('tickflow_live', json_build_object('seq', NEW.change_seq, 'kind', 'contact', 'id', NEW.id)::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER message_live_bump BEFORE UPDATE ON "message" FOR EACH ROW
  WHEN ((OLD.status, OLD.error, OLD.provider_message_id, OLD.sent_at, OLD.delivered_at, OLD.read_at, OLD.failed_at, OLD.text, OLD.content, OLD.change_seq)
        IS DISTINCT FROM (NEW.status, NEW.error, NEW.provider_message_id, NEW.sent_at, NEW.delivered_at, NEW.read_at, NEW.failed_at, NEW.text, NEW.content, NEW.change_seq))
  EXECUTE FUNCTION tickflow_live_bump();
--> statement-breakpoint
CREATE TRIGGER message_live_insert AFTER INSERT ON "message" FOR EACH ROW EXECUTE FUNCTION tickflow_live_notify_message();
--> statement-breakpoint
CREATE TRIGGER message_live_update AFTER UPDATE ON "message" FOR EACH ROW
  WHEN (OLD.change_seq IS DISTINCT FROM NEW.change_seq) EXECUTE FUNCTION tickflow_live_notify_message();
--> statement-breakpoint
CREATE TRIGGER conversation_live_bump BEFORE UPDATE ON "conversation" FOR EACH ROW
  WHEN ((OLD.mode, OLD.needs_human, OLD.assigned_user_id, OLD.unread_count, OLD.last_message_at, OLD.last_message_preview, OLD.last_inbound_at, OLD.window_expires_at, OLD.change_seq)
        IS DISTINCT FROM (NEW.mode, NEW.needs_human, NEW.assigned_user_id, NEW.unread_count, NEW.last_message_at, NEW.last_message_preview, NEW.last_inbound_at, NEW.window_expires_at, NEW.change_seq))
  EXECUTE FUNCTION tickflow_live_bump();
--> statement-breakpoint
CREATE TRIGGER conversation_live_insert AFTER INSERT ON "conversation" FOR EACH ROW EXECUTE FUNCTION tickflow_live_notify_conversation();
--> statement-breakpoint
CREATE TRIGGER conversation_live_update AFTER UPDATE ON "conversation" FOR EACH ROW
  WHEN (OLD.change_seq IS DISTINCT FROM NEW.change_seq) EXECUTE FUNCTION tickflow_live_notify_conversation();
--> statement-breakpoint
-- A contact is shown through its conversations: inserts need no event (the conversation's
-- insert follows), updates of what the inbox shows do.
CREATE TRIGGER contact_live_bump BEFORE UPDATE ON "contact" FOR EACH ROW
  WHEN ((OLD.name, OLD.attributes, OLD.opted_out, OLD.change_seq) IS DISTINCT FROM (NEW.name, NEW.attributes, NEW.opted_out, NEW.change_seq))
  EXECUTE FUNCTION tickflow_live_bump();
--> statement-breakpoint
CREATE TRIGGER contact_live_update AFTER UPDATE ON "contact" FOR EACH ROW
  WHEN (OLD.change_seq IS DISTINCT FROM NEW.change_seq) EXECUTE FUNCTION tickflow_live_notify_contact();
