-- Who changed which account, when (issue #16): an admin adding an account, changing its role,
-- disabling or enabling it, resetting its password; an account linked to or created by single
-- sign-on. Append-only, like the audit log (whose rows name a commitment).
CREATE TABLE account_events (
    id         TEXT PRIMARY KEY NOT NULL,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    actor_id   TEXT,
    user_id    TEXT NOT NULL REFERENCES users(id),
    action     TEXT NOT NULL CHECK (action IN ('add', 'set_role', 'disable', 'enable',
                                               'reset_password', 'link_sso')),
    -- What changed, as JSON (the new role, the identity provider).
    detail     TEXT
) STRICT;

CREATE INDEX account_events_by_user ON account_events (user_id, at);

CREATE TRIGGER account_events_no_update BEFORE UPDATE ON account_events
BEGIN SELECT RAISE(ABORT, 'the account history is append-only'); END;
CREATE TRIGGER account_events_no_delete BEFORE DELETE ON account_events
BEGIN SELECT RAISE(ABORT, 'the account history is append-only'); END;
