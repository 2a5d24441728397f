-- Live updates for the dashboard: each statement that changes a watched table tells listeners
-- which table changed (never the rows). PostgreSQL folds identical notifications of one
-- transaction into one and delivers them at commit, so a rolled-back change says nothing.
CREATE OR REPLACE FUNCTION leakwatch_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('leakwatch_changes', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER alerts_notify_change AFTER INSERT OR UPDATE OR DELETE ON alerts
  FOR EACH STATEMENT EXECUTE FUNCTION leakwatch_notify_change();
--> statement-breakpoint
CREATE TRIGGER incidents_notify_change AFTER INSERT OR UPDATE OR DELETE ON incidents
  FOR EACH STATEMENT EXECUTE FUNCTION leakwatch_notify_change();
--> statement-breakpoint
CREATE TRIGGER incident_events_notify_change AFTER INSERT ON incident_events
  FOR EACH STATEMENT EXECUTE FUNCTION leakwatch_notify_change();
--> statement-breakpoint
CREATE TRIGGER notification_outbox_notify_change AFTER INSERT OR UPDATE ON notification_outbox
  FOR EACH STATEMENT EXECUTE FUNCTION leakwatch_notify_change();
--> statement-breakpoint
CREATE TRIGGER sources_notify_change AFTER INSERT OR UPDATE OR DELETE ON sources
  FOR EACH STATEMENT EXECUTE FUNCTION leakwatch_notify_change();
--> statement-breakpoint
CREATE TRIGGER documents_notify_change AFTER INSERT OR UPDATE OR DELETE ON documents
  FOR EACH STATEMENT EXECUTE FUNCTION leakwatch_notify_change();
