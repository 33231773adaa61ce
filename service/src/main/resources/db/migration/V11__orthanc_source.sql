-- Where the service is in each Orthanc source's change feed: the last change whose series were
-- pulled. Advanced only after a series is stored, so a restart repeats at most one series (and
-- storing an instance again changes nothing).
CREATE TABLE orthanc_cursor (
  base_url   text        PRIMARY KEY,
  seq        bigint      NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
