-- The audit trail: append-only, each entry chained to the previous one by SHA-256.
CREATE TABLE audit_event (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at             timestamptz NOT NULL,
  actor          text        NOT NULL,
  action         text        NOT NULL,
  outcome        text        NOT NULL,
  calling_ae     text,
  remote_address text,
  study_uid      text,
  series_uid     text,
  detail         text        NOT NULL DEFAULT '',
  prev_hash      char(64)    NOT NULL,
  hash           char(64)    NOT NULL UNIQUE
);
CREATE INDEX audit_event_at ON audit_event (at);
CREATE INDEX audit_event_study ON audit_event (study_uid);

CREATE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_is_append_only();
