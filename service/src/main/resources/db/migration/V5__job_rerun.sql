-- A job asked to run again while it runs (its inputs changed under it) runs once more when it ends.
ALTER TABLE job ADD COLUMN rerun_requested boolean NOT NULL DEFAULT false;
