-- Several service replicas on one database. Each replica keeps the DICOM files it received and
-- the artefacts it made on its own disk, so the stages that read them (classify, preprocess,
-- embed) run on the replica that holds the series; the report, delivery and notification stages
-- read only the database and run on any replica.

-- The replica a job must run on; NULL: any replica.
ALTER TABLE job ADD COLUMN node_id text;

-- The replica that received (completed) a series, and the header attributes the report needs,
-- so that a report can be composed on a replica that never saw the series' files.
ALTER TABLE series_state ADD COLUMN node_id text;
ALTER TABLE series_state ADD COLUMN header jsonb;

-- Series that a replica is receiving but has not completed (its quiet period runs): a study's
-- report waits for them, whichever replica they arrive at. last_instance_at lets the others
-- ignore a row left by a replica that died while receiving.
CREATE TABLE series_receiving (
  series_uid       text        NOT NULL,
  node_id          text        NOT NULL,
  study_uid        text        NOT NULL,
  last_instance_at timestamptz NOT NULL,
  PRIMARY KEY (series_uid, node_id)
);
CREATE INDEX series_receiving_study ON series_receiving (study_uid);

-- One replica at a time follows an Orthanc source: it holds the cursor for a while and renews the
-- hold as it goes; another replica takes over when a hold runs out.
ALTER TABLE orthanc_cursor ADD COLUMN held_by text;
ALTER TABLE orthanc_cursor ADD COLUMN held_until timestamptz;

-- The replicas sharing this database, as each reports itself every few seconds: its DICOM node
-- and the model version it serves (NULL before its first job loaded one).
CREATE TABLE replica (
  node_id       text        PRIMARY KEY,
  ae_title      text        NOT NULL,
  dicom_port    int         NOT NULL,
  model_version text,
  started_at    timestamptz NOT NULL,
  seen_at       timestamptz NOT NULL
);
