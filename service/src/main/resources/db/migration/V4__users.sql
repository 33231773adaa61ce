-- Local API users (the embedded default; with OIDC configured, tokens carry the roles instead).
-- Passwords are kept only as bcrypt hashes; roles is a comma-separated list of ADMIN, AUDITOR, FEED.
CREATE TABLE users (
  name          text        PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9._@-]{1,64}$'),
  password_hash text        NOT NULL CHECK (password_hash LIKE '$2%'),
  roles         text        NOT NULL CHECK (roles ~ '^(ADMIN|AUDITOR|FEED)(,(ADMIN|AUDITOR|FEED))*$'),
  created_at    timestamptz NOT NULL DEFAULT now(),
  disabled      boolean     NOT NULL DEFAULT false
);
