-- What preprocessing and the model made of one generation of a series.
CREATE TABLE series_result (
  series_uid            text        NOT NULL,
  generation            int         NOT NULL,
  study_uid             text        NOT NULL,
  preprocess_accepted   boolean     NOT NULL,
  preprocess_reason     text,
  qc_mutual_information double precision,
  qc_psnr_db            double precision,
  qc_pearson            double precision,
  artefact_dir          text,
  preprocess_millis     text,
  preprocessed_at       timestamptz NOT NULL DEFAULT now(),
  model_name            text,
  model_version         text,
  weights_sha256        text,
  pooled                real[],
  features_path         text,
  embedded_at           timestamptz,
  PRIMARY KEY (series_uid, generation)
);
CREATE INDEX series_result_study ON series_result (study_uid);

-- One FHIR report per analysed study, model version and set of series generations. The current
-- report of a study is the one not superseded.
CREATE TABLE reports (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  study_uid         text        NOT NULL,
  report_identifier text        NOT NULL,
  model_version     text        NOT NULL,
  generation_set    text        NOT NULL,
  bundle_json       text        NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  superseded_by     bigint REFERENCES reports (id),
  delivered_at      timestamptz,
  delivery_detail   text
);
CREATE INDEX reports_study ON reports (study_uid);
-- At most one current report per study: writers take a transaction-scoped advisory lock on the study.
