-- The FHIR result feed at /fhir. Every resource of every stored report, under the feed's own
-- logical id (derived from the resource's business identifier, so that the same Patient in two
-- studies is one resource); a resource whose content changes gets a new version, the older
-- versions stay readable.
CREATE TABLE fhir_resource (
  resource_type text        NOT NULL,
  id            text        NOT NULL,
  version_id    int         NOT NULL CHECK (version_id >= 1),
  last_updated  timestamptz NOT NULL,
  -- the report whose Bundle made this version
  report_id     bigint      NOT NULL REFERENCES reports (id),
  -- the resource as JSON without meta (versionId and lastUpdated come from the columns)
  content       text        NOT NULL,
  current       boolean     NOT NULL,
  -- search results come newest first: the order in which versions were written
  seq           bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
  PRIMARY KEY (resource_type, id, version_id)
);
CREATE UNIQUE INDEX fhir_resource_current ON fhir_resource (resource_type, id) WHERE current;

-- The search index of the current versions: one row per value of a search parameter, a token
-- (system, value), a reference (type, id) or a date range (low, high, both inclusive).
CREATE TABLE fhir_search (
  resource_type text NOT NULL,
  id            text NOT NULL,
  param         text NOT NULL,
  token_system  text,
  token_value   text,
  ref_type      text,
  ref_id        text,
  date_low      timestamptz,
  date_high     timestamptz
);
CREATE INDEX fhir_search_resource ON fhir_search (resource_type, id, param);
CREATE INDEX fhir_search_token ON fhir_search (resource_type, param, token_value);
CREATE INDEX fhir_search_reference ON fhir_search (resource_type, param, ref_id);

-- Reports stored before the feed existed are added to it at the next start.
ALTER TABLE reports ADD COLUMN feed_indexed_at timestamptz;
