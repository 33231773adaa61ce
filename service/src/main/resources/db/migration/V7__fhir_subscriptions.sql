-- R4 rest-hook Subscriptions on DiagnosticReport. The resource as the client sent it is kept in
-- content; what the server acts on (status, criteria, channel) is in columns.
CREATE TABLE fhir_subscription (
  id           text        PRIMARY KEY,
  version_id   int         NOT NULL CHECK (version_id >= 1),
  last_updated timestamptz NOT NULL,
  status       text        NOT NULL CHECK (status IN ('requested', 'active', 'error', 'off')),
  criteria     text        NOT NULL,
  endpoint     text        NOT NULL,
  -- null: an empty notification (a ping); otherwise the MIME type of the resource sent
  payload      text,
  -- "Name: value" lines sent with every notification
  headers      text[]      NOT NULL,
  end_at       timestamptz,
  error        text,
  content      text        NOT NULL
);
