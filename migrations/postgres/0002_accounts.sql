-- The team server (issue #16): accounts, sign-in, assignments and who did what. The same
-- tables as SQLite's 0012_accounts.sql.

CREATE TABLE users (
    id             uuid PRIMARY KEY NOT NULL,
    email          text COLLATE nocase NOT NULL UNIQUE,
    name           text NOT NULL,
    role           text NOT NULL CHECK (role IN ('Admin', 'Coordinator', 'FocalPoint', 'Viewer')),
    -- argon2id in PHC form; NULL for an account that signs in only through OpenID Connect.
    password_hash  text,
    disabled       integer NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    oidc_issuer    text,
    oidc_subject   text,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    UNIQUE (oidc_issuer, oidc_subject)
);

-- Signed-in browsers. Only a hash of the cookie's value is stored.
CREATE TABLE sessions (
    id_hash       text PRIMARY KEY NOT NULL,
    user_id       uuid NOT NULL REFERENCES users(id),
    created_at    timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL
);

CREATE INDEX sessions_by_user ON sessions (user_id);

-- Personal access tokens for `ct --server`. Only a hash of the token is stored.
CREATE TABLE access_tokens (
    id           uuid PRIMARY KEY NOT NULL,
    user_id      uuid NOT NULL REFERENCES users(id),
    token_hash   text NOT NULL UNIQUE,
    label        text NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    last_used_at timestamptz
);

CREATE INDEX access_tokens_by_user ON access_tokens (user_id);

-- Focal points assigned to commitments (many to many).
CREATE TABLE assignments (
    commitment_id  uuid NOT NULL REFERENCES commitments(id),
    user_id        uuid NOT NULL REFERENCES users(id),
    assigned_at    timestamptz NOT NULL,
    PRIMARY KEY (commitment_id, user_id)
);

CREATE INDEX assignments_by_user ON assignments (user_id, commitment_id);

-- Settings of the whole organisation's server, as text.
CREATE TABLE server_settings (
    key    text PRIMARY KEY NOT NULL,
    value  text NOT NULL
);

-- E-mails sent, so that a notice goes out once.
CREATE TABLE notices_sent (
    key      text PRIMARY KEY NOT NULL,
    sent_at  timestamptz NOT NULL
);

-- The signed-in user behind a change (NULL: personal mode).
ALTER TABLE audit_log ADD COLUMN actor_id uuid;
ALTER TABLE report_revisions ADD COLUMN actor_id uuid;
ALTER TABLE review_events ADD COLUMN actor_id uuid;
