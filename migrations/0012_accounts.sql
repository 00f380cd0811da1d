-- The team server (issue #16): accounts, sign-in, assignments and who did what.
--
-- Accounts. A person signs in by e-mail and password, or through the organisation's OpenID
-- provider (matched on issuer and subject). Roles: Admin, Coordinator, FocalPoint, Viewer.
CREATE TABLE users (
    id             TEXT PRIMARY KEY NOT NULL,
    email          TEXT NOT NULL COLLATE NOCASE UNIQUE,
    name           TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('Admin', 'Coordinator', 'FocalPoint', 'Viewer')),
    -- argon2id in PHC form; NULL for an account that signs in only through OpenID Connect.
    password_hash  TEXT,
    disabled       INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    oidc_issuer    TEXT,
    oidc_subject   TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (oidc_issuer, oidc_subject)
) STRICT;

-- Signed-in browsers. Only a hash of the cookie's value is stored.
CREATE TABLE sessions (
    id_hash       TEXT PRIMARY KEY NOT NULL,
    user_id       TEXT NOT NULL REFERENCES users(id),
    created_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL,
    expires_at    TEXT NOT NULL
) STRICT;

CREATE INDEX sessions_by_user ON sessions (user_id);

-- Personal access tokens for `ct --server`. Only a hash of the token is stored.
CREATE TABLE access_tokens (
    id          TEXT PRIMARY KEY NOT NULL,
    user_id     TEXT NOT NULL REFERENCES users(id),
    token_hash  TEXT NOT NULL UNIQUE,
    label       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    revoked_at  TEXT,
    last_used_at TEXT
) STRICT;

CREATE INDEX access_tokens_by_user ON access_tokens (user_id);

-- Focal points assigned to commitments (many to many).
CREATE TABLE assignments (
    commitment_id  TEXT NOT NULL REFERENCES commitments(id),
    user_id        TEXT NOT NULL REFERENCES users(id),
    assigned_at    TEXT NOT NULL,
    PRIMARY KEY (commitment_id, user_id)
) STRICT;

CREATE INDEX assignments_by_user ON assignments (user_id, commitment_id);

-- Settings of the whole organisation's server (separation of duties, sign-up through
-- OpenID Connect…), as text.
CREATE TABLE server_settings (
    key    TEXT PRIMARY KEY NOT NULL,
    value  TEXT NOT NULL
) STRICT;

-- E-mails sent, so that a notice (a deadline reminder, a return) goes out once.
CREATE TABLE notices_sent (
    key      TEXT PRIMARY KEY NOT NULL,
    sent_at  TEXT NOT NULL
) STRICT;

-- The signed-in user behind a change (NULL: personal mode, where a name is all there is).
-- ADD COLUMN writes no row, so the audit log's append-only triggers are untouched.
ALTER TABLE audit_log ADD COLUMN actor_id TEXT;
ALTER TABLE report_revisions ADD COLUMN actor_id TEXT;
ALTER TABLE review_events ADD COLUMN actor_id TEXT;
