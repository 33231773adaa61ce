-- Every run of a deliver job: which report went where, how it ended, and what the server said
-- (for a refusal, its OperationOutcome text). Rows are only added; the job's state says whether
-- another run follows.
CREATE TABLE fhir_delivery (
  id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  report_id     bigint      NOT NULL REFERENCES reports (id),
  study_uid     text        NOT NULL,
  job_id        bigint      REFERENCES job (id),
  job_attempt   int         NOT NULL,
  -- the FHIR server's base URL, without any user information
  target        text        NOT NULL,
  at            timestamptz NOT NULL DEFAULT now(),
  -- HTTP attempts within this run (0: refused before sending, e.g. invalid)
  http_attempts int         NOT NULL,
  outcome       text        NOT NULL
                CHECK (outcome IN ('delivered', 'refused', 'exhausted', 'invalid', 'interrupted')),
  -- delivered, and every resource was already on the server (a repeat)
  already_there boolean     NOT NULL DEFAULT false,
  -- where the server put the DiagnosticReport
  location      text,
  detail        text        NOT NULL
);
CREATE INDEX fhir_delivery_report ON fhir_delivery (report_id);
CREATE INDEX fhir_delivery_study ON fhir_delivery (study_uid);
