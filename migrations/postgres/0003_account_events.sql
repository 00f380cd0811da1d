-- Who changed which account, when: as SQLite's 0013_account_events.sql.
CREATE TABLE account_events (
    id         uuid PRIMARY KEY NOT NULL,
    at         timestamptz NOT NULL,
    actor      text NOT NULL,
    actor_id   uuid,
    user_id    uuid NOT NULL REFERENCES users(id),
    action     text NOT NULL CHECK (action IN ('add', 'set_role', 'disable', 'enable',
                                               'reset_password', 'link_sso')),
    detail     json
);

CREATE INDEX account_events_by_user ON account_events (user_id, at);

CREATE FUNCTION account_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the account history is append-only' USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE TRIGGER account_events_no_update BEFORE UPDATE ON account_events
    FOR EACH ROW EXECUTE FUNCTION account_events_append_only();
CREATE TRIGGER account_events_no_delete BEFORE DELETE ON account_events
    FOR EACH ROW EXECUTE FUNCTION account_events_append_only();
CREATE TRIGGER account_events_no_truncate BEFORE TRUNCATE ON account_events
    FOR EACH STATEMENT EXECUTE FUNCTION account_events_append_only();
