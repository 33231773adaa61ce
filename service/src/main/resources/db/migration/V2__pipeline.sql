-- A series as the pipeline knows it: its latest completion and its classification.
CREATE TABLE series_state (
  series_uid     text PRIMARY KEY,
  study_uid      text        NOT NULL,
  generation     int         NOT NULL,
  instance_count int         NOT NULL,
  completed_at   timestamptz NOT NULL,
  sequence_type  text,
  post_contrast  boolean,
  rejection      text,
  explanation    text,
  evidence       text
);
CREATE INDEX series_state_study ON series_state (study_uid);

-- One unit of pipeline work. Workers lease jobs with SELECT ... FOR UPDATE SKIP LOCKED, so
-- several workers and several service replicas on one database share the work safely.
CREATE TABLE job (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  stage        text        NOT NULL,
  study_uid    text        NOT NULL,
  series_uid   text        NOT NULL,
  generation   int         NOT NULL,
  state        text        NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'dead')),
  attempts     int         NOT NULL DEFAULT 0,
  max_attempts int         NOT NULL,
  run_after    timestamptz NOT NULL DEFAULT now(),
  leased_by    text,
  lease_until  timestamptz,
  last_error   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  UNIQUE (stage, series_uid, generation)
);
CREATE INDEX job_ready ON job (state, run_after);
