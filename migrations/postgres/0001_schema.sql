-- Commitment Tracker: the PostgreSQL schema (PostgreSQL 15+), equivalent to the SQLite schema at
-- version 11 (migrations/0001_catalogue.sql … 0011_import.sql) in one step: same tables, same
-- columns in the same order, same constraints, indexes and seeded rows (the WHS framework).
-- The migrations runner creates `ct_schema` and runs this file in one transaction.
--
-- Types: ids and the columns referring to them are `uuid`; the app's RFC 3339 timestamps
-- ("2026-11-30T20:05:45.123Z") are `timestamptz`; a cycle's deadline (YYYY-MM-DD) is `date`.
-- JSON text is `json`, NOT `jsonb`: `json` keeps the text exactly as written (key order,
-- whitespace, duplicate keys), so what the app stores reads back byte for byte, as on SQLite.
-- (`json` has no equality operator: no DISTINCT/GROUP BY/UNION/= on those columns.)
-- 0/1 flags stay integers (shared SQL adds and compares them as numbers).
--
-- Differences of engine, not of meaning:
-- * SQLite's rowid does not exist here.
-- * The FTS5 tables (search_index, search_unspaced and their fts5vocab tables) are replaced by
--   one table, search_documents, kept in step by triggers as search_index was; a tsvector
--   (text search configuration ct_search: accents folded, no stemming, like FTS5's
--   unicode61 remove_diacritics) serves word search, a pg_trgm index substring search (CJK,
--   Thai, … which search_unspaced served).
-- * `COLLATE NOCASE` in shared SQL resolves to the ICU collation `nocase` below. PostgreSQL 15
--   refuses LIKE/ILIKE on a nondeterministic collation ("nondeterministic collations are not
--   supported for LIKE"): compare with = or use lower()/ILIKE without COLLATE nocase.

CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Case-insensitive (level 2: case ignored, accents not) comparisons, for `COLLATE nocase`.
-- No column of the SQLite schema is declared NOCASE (queries apply it), so no column here is.
CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

-- Words as FTS5's unicode61 tokenizer with remove_diacritics sees them: accents folded,
-- lower-cased, not stemmed ("deplacement" finds "déplacement").
CREATE TEXT SEARCH CONFIGURATION ct_search (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION ct_search
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;

-- ---------------------------------------------------------------------------------------------
-- The catalogue (0001, 0010)

CREATE TABLE organisations (
    id          uuid PRIMARY KEY NOT NULL,
    code        text NOT NULL UNIQUE,
    name        text NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

-- Frameworks as data (docs/decisions/0002-frameworks-as-data.md).
CREATE TABLE frameworks (
    id             uuid PRIMARY KEY NOT NULL,
    code           text NOT NULL UNIQUE,
    name           text NOT NULL,
    description    text NOT NULL DEFAULT '',
    -- Where the framework is published (a URL or a citation).
    source         text NOT NULL DEFAULT '',
    -- How many top-level categories each commitment must link (WHS: at least one core
    -- responsibility).
    min_categories integer NOT NULL DEFAULT 0 CHECK (min_categories BETWEEN 0 AND 100),
    position       integer NOT NULL,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    version        integer NOT NULL DEFAULT 1
);

-- The named levels of a framework's taxonomy, from the top (depth 1).
CREATE TABLE framework_levels (
    framework_id uuid NOT NULL REFERENCES frameworks(id) ON DELETE CASCADE,
    depth        integer NOT NULL CHECK (depth BETWEEN 1 AND 4),
    name         text NOT NULL,
    PRIMARY KEY (framework_id, depth)
);

-- A framework's own vocabulary of commitment types, in display order.
CREATE TABLE framework_types (
    framework_id uuid NOT NULL REFERENCES frameworks(id) ON DELETE CASCADE,
    name         text NOT NULL,
    position     integer NOT NULL,
    PRIMARY KEY (framework_id, name)
);

CREATE TABLE categories (
    id             uuid PRIMARY KEY NOT NULL,
    framework_id   uuid NOT NULL REFERENCES frameworks(id),
    depth          integer NOT NULL CHECK (depth BETWEEN 1 AND 4),
    code           text NOT NULL,
    name           text NOT NULL,
    -- The category one level up (NULL at depth 1).
    parent_id      uuid REFERENCES categories(id),
    -- Text users read beside it (Markdown), e.g. WHS core commitments.
    reference_text text NOT NULL DEFAULT '',
    -- Order among its siblings.
    position       integer NOT NULL,
    UNIQUE (framework_id, code)
);

CREATE INDEX categories_by_parent ON categories (parent_id, position);

CREATE TABLE commitments (
    id              uuid PRIMARY KEY NOT NULL,
    organisation_id uuid NOT NULL REFERENCES organisations(id),
    framework_id    uuid NOT NULL REFERENCES frameworks(id),
    -- The public Commitment ID (e.g. "200005"), unique within an organisation.
    public_id       text NOT NULL,
    -- A short name; '' when the source gives none.
    title           text NOT NULL DEFAULT '',
    -- One of the framework's types ('' when the framework has none).
    kind            text NOT NULL,
    description     text NOT NULL,
    -- JSON array of words to find and group commitments by: ["shelter", ...].
    tags            json NOT NULL DEFAULT '[]',
    retired_at      timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    created_by      text NOT NULL,
    updated_by      text NOT NULL,
    -- Optimistic concurrency: every update names the version it was based on.
    version         integer NOT NULL DEFAULT 1,
    UNIQUE (organisation_id, public_id)
);

CREATE INDEX commitments_by_kind ON commitments (kind);
CREATE INDEX commitments_by_framework ON commitments (framework_id);
-- Catalogue order: organisation, then Commitment ID with numeric IDs in numeric order.
CREATE INDEX commitments_in_order ON commitments (organisation_id, length(public_id), public_id, retired_at);

CREATE TABLE commitment_categories (
    commitment_id uuid NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    category_id   uuid NOT NULL REFERENCES categories(id),
    -- 1 when the link was reconstructed (the source had no heading) and awaits a person's
    -- confirmation; 0 when stated by the source or confirmed by a user.
    inferred      integer NOT NULL DEFAULT 0 CHECK (inferred IN (0, 1)),
    PRIMARY KEY (commitment_id, category_id)
);

CREATE INDEX commitment_categories_by_category ON commitment_categories (category_id, commitment_id);

-- ---------------------------------------------------------------------------------------------
-- Reports, revisions, reviews, audit log, settings, autosaves (0003, 0006, 0007, 0011)

CREATE TABLE reports (
    id             uuid PRIMARY KEY NOT NULL,
    commitment_id  uuid NOT NULL REFERENCES commitments(id),
    year           integer NOT NULL CHECK (year BETWEEN 2016 AND 2100),
    status         text NOT NULL CHECK (status IN ('NotStarted', 'InProgress', 'SubstantialProgress',
                                                  'Completed', 'Discontinued', 'NoUpdate')),
    achievements   text NOT NULL DEFAULT '',
    challenges     text NOT NULL DEFAULT '',
    next_steps     text NOT NULL DEFAULT '',
    -- JSON arrays: [{"title": "...", "url": "..."}] and ["tag", ...]
    evidence       json NOT NULL DEFAULT '[]',
    tags           json NOT NULL DEFAULT '[]',
    progress       integer CHECK (progress BETWEEN 0 AND 100),
    review_state   text NOT NULL DEFAULT 'Draft'
                   CHECK (review_state IN ('Draft', 'Submitted', 'Returned', 'Approved')),
    author         text NOT NULL,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    updated_by     text NOT NULL,
    -- The newest content revision (report_revisions.revision).
    revision       integer NOT NULL DEFAULT 1,
    -- Bumped by every change (content or review): an update names the version it was based on.
    version        integer NOT NULL DEFAULT 1,
    UNIQUE (commitment_id, year)
);

CREATE INDEX reports_by_commitment_year_state ON reports (commitment_id, year, status, review_state, id);
CREATE INDEX reports_by_year_state ON reports (year, review_state, status, commitment_id);

-- Every saved content of a report, kept forever; restoring one adds a new revision.
CREATE TABLE report_revisions (
    id         uuid PRIMARY KEY NOT NULL,
    report_id  uuid NOT NULL REFERENCES reports(id),
    revision   integer NOT NULL,
    -- The report's content fields as JSON (status, narratives, evidence, progress, tags).
    content    json NOT NULL,
    actor      text NOT NULL,
    action     text NOT NULL CHECK (action IN ('create', 'update', 'restore', 'import')),
    -- For a restore: the revision restored.
    restored_from integer,
    created_at timestamptz NOT NULL,
    -- For an import: the imported file's name.
    source     text,
    UNIQUE (report_id, revision)
);

-- Every review transition: who, when, from which state to which, and why.
CREATE TABLE review_events (
    id          uuid PRIMARY KEY NOT NULL,
    report_id   uuid NOT NULL REFERENCES reports(id),
    from_state  text NOT NULL,
    to_state    text NOT NULL,
    actor       text NOT NULL,
    role        text NOT NULL,
    comment     text,
    created_at  timestamptz NOT NULL
);

CREATE INDEX review_events_by_report ON review_events (report_id, created_at);

-- Append-only record of every change to commitments and reports.
CREATE TABLE audit_log (
    id             uuid PRIMARY KEY NOT NULL,
    at             timestamptz NOT NULL,
    actor          text NOT NULL,
    entity_type    text NOT NULL CHECK (entity_type IN ('commitment', 'report')),
    entity_id      uuid NOT NULL,
    -- The commitment concerned (itself, or the report's), to show one commitment's trail.
    commitment_id  uuid NOT NULL,
    action         text NOT NULL,
    -- The entity as JSON before and after the change.
    before         json,
    after          json,
    -- For an import: the imported file's name.
    source         text
);

CREATE INDEX audit_by_commitment ON audit_log (commitment_id, at);
CREATE INDEX audit_by_entity ON audit_log (entity_id, at);

-- As SQLite's audit_log_no_update / audit_log_no_delete (RAISE(ABORT, …)): every UPDATE or
-- DELETE of a row is refused; TRUNCATE (which SQLite lacks) is refused too.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- Settings that belong to one person of this database (keyed by their account), e.g. their
-- name and role (plain text values).
CREATE TABLE user_settings (
    account  text NOT NULL,
    key      text NOT NULL,
    value    text NOT NULL,
    PRIMARY KEY (account, key)
);

-- Text typed into a report editor but not saved yet, kept so that a crash loses nothing.
CREATE TABLE autosaves (
    account        text NOT NULL,
    commitment_id  uuid NOT NULL REFERENCES commitments(id),
    year           integer NOT NULL,
    report_id      uuid,
    base_version   integer,
    -- The editor's input as JSON.
    content        json NOT NULL,
    saved_at       timestamptz NOT NULL,
    PRIMARY KEY (account, commitment_id, year)
);

-- ---------------------------------------------------------------------------------------------
-- Reporting cycles (0004) and saved import mappings (0011)

CREATE TABLE reporting_cycles (
    year       integer PRIMARY KEY NOT NULL CHECK (year BETWEEN 2016 AND 2100),
    -- The last day reports are due (inclusive).
    deadline   date NOT NULL,
    opened_by  text NOT NULL,
    opened_at  timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

-- Column mappings saved by name (`ct import reports --save-mapping NAME`), per import kind.
CREATE TABLE import_mappings (
    name        text NOT NULL CHECK (length(trim(name)) > 0),
    kind        text NOT NULL CHECK (kind IN ('Catalogue', 'Reports')),
    -- A ColumnMapping as JSON (fields, values, sheet, headerRow).
    mapping     json NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (kind, name)
);

-- ---------------------------------------------------------------------------------------------
-- Search (0004, 0005, 0009, 0010)
--
-- One row per commitment (kind 'commitment') and per report (kind 'report'), with the columns
-- of SQLite's search_index and the same values, kept in step by the triggers below in the same
-- transaction as the change:
--   commitment: ref_id = commitment_id = its id, year NULL, code = public_id,
--               body = description, or title || E'\n' || description when it has a title,
--               tags = its tags joined by ' ' (NULL when it has none);
--   report:     ref_id = its id, commitment_id, year, code = its commitment's public_id,
--               body = achievements || E'\n' || challenges || E'\n' || next_steps,
--               tags = its tags joined by ' ' (NULL when it has none).
-- `id` grows with insertion (as search_index's rowids did with the rows'), and a row keeps its
-- id when its source row is updated, so ORDER BY id DESC lists the newest first.
CREATE TABLE search_documents (
    id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    kind          text NOT NULL,
    ref_id        uuid NOT NULL,
    commitment_id uuid NOT NULL,
    year          integer,
    code          text,
    body          text,
    tags          text,
    -- Word search: websearch_to_tsquery('ct_search', …) / to_tsquery('ct_search', …).
    document      tsvector GENERATED ALWAYS AS (
                      to_tsvector('ct_search'::regconfig,
                                  coalesce(code, '') || ' ' || coalesce(body, '') || ' ' || coalesce(tags, ''))
                  ) STORED,
    -- Substring search (scripts written without spaces): the text's runs of those scripts
    -- only, each other run replaced by one space (NULL when there are none). A word of such a
    -- script is found in it exactly where it is found in the whole text. The class is the one
    -- of migrations/0009_search_unspaced_scripts.sql and src/domain/script.rs (a test checks).
    unspaced      text GENERATED ALWAYS AS (
                      nullif(regexp_replace(
                          coalesce(code, '') || ' ' || coalesce(body, '') || ' ' || coalesce(tags, ''),
                          '[^㐀-䶿一-鿿豈-﫿𠀀-𲎯々-〇ぁ-ヿㇰ-ㇿｦ-ﾟᄀ-ᇿ㄰-㆏ꥠ-꥿가-퟿฀-๿຀-໿က-႟ꧠ-꧿ꩠ-ꩿក-៿᧠-᧿]+', ' ', 'g'), ' ')
                  ) STORED,
    UNIQUE (kind, ref_id)
);

CREATE INDEX search_documents_by_document ON search_documents USING gin (document);
-- Words of three characters or more of unspaced scripts: s.unspaced LIKE '%国际移民组织%'.
CREATE INDEX search_documents_by_unspaced ON search_documents USING gin (unspaced gin_trgm_ops);
-- Shorter ones (pg_trgm has no trigram for them): the records that hold such a script at all,
-- newest first, so a search walks them and stops at its limit.
CREATE INDEX search_documents_unspaced_newest ON search_documents (id) WHERE unspaced IS NOT NULL;

-- SQLite's (SELECT group_concat(value, ' ') FROM json_each(j)): the values of a JSON array (or
-- object) in order, strings unquoted, true/false as 1/0, nulls skipped, joined by a space; NULL
-- when there are none. A scalar gives itself.
CREATE FUNCTION ct_json_words(j json) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT string_agg(v, ' ' ORDER BY n)
      FROM (SELECT CASE json_typeof(e)
                       WHEN 'string' THEN e #>> '{}'
                       WHEN 'null' THEN NULL
                       WHEN 'boolean' THEN CASE WHEN (e #>> '{}') = 'true' THEN '1' ELSE '0' END
                       ELSE e::text
                   END AS v, n
              FROM (SELECT x.e, x.n FROM json_array_elements(j) WITH ORDINALITY AS x(e, n)
                     WHERE json_typeof(j) = 'array'
                    UNION ALL
                    SELECT o.value, o.n FROM json_each(j) WITH ORDINALITY AS o(key, value, n)
                     WHERE json_typeof(j) = 'object'
                    UNION ALL
                    SELECT j, 1 WHERE json_typeof(j) NOT IN ('array', 'object')) elements) vs
$$;

-- search_commitment_insert / search_commitment_update / search_commitment_delete
CREATE FUNCTION search_commitment_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_documents WHERE kind = 'commitment' AND ref_id = old.id;
        RETURN NULL;
    END IF;

    IF TG_OP = 'UPDATE' THEN
        UPDATE search_documents
           SET ref_id = new.id, commitment_id = new.id, year = NULL, code = new.public_id,
               body = CASE WHEN new.title = '' THEN new.description
                           ELSE new.title || E'\n' || new.description END,
               tags = ct_json_words(new.tags)
         WHERE kind = 'commitment' AND ref_id = old.id;
    END IF;
    IF TG_OP = 'INSERT' OR NOT FOUND THEN
        INSERT INTO search_documents (kind, ref_id, commitment_id, year, code, body, tags)
        VALUES ('commitment', new.id, new.id, NULL, new.public_id,
                CASE WHEN new.title = '' THEN new.description
                     ELSE new.title || E'\n' || new.description END,
                ct_json_words(new.tags));
    END IF;

    IF TG_OP = 'UPDATE' THEN
        -- A report is found by its commitment's ID too.
        UPDATE search_documents d
           SET commitment_id = r.commitment_id, year = r.year, code = new.public_id,
               body = r.achievements || E'\n' || r.challenges || E'\n' || r.next_steps,
               tags = ct_json_words(r.tags)
          FROM reports r
         WHERE r.commitment_id = new.id AND d.kind = 'report' AND d.ref_id = r.id;
        INSERT INTO search_documents (kind, ref_id, commitment_id, year, code, body, tags)
        SELECT 'report', r.id, r.commitment_id, r.year, new.public_id,
               r.achievements || E'\n' || r.challenges || E'\n' || r.next_steps,
               ct_json_words(r.tags)
          FROM reports r
         WHERE r.commitment_id = new.id
           AND NOT EXISTS (SELECT 1 FROM search_documents d WHERE d.kind = 'report' AND d.ref_id = r.id)
         ORDER BY r.id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER search_commitment_insert AFTER INSERT ON commitments
    FOR EACH ROW EXECUTE FUNCTION search_commitment_sync();
CREATE TRIGGER search_commitment_update AFTER UPDATE OF public_id, title, description, tags ON commitments
    FOR EACH ROW EXECUTE FUNCTION search_commitment_sync();
CREATE TRIGGER search_commitment_delete AFTER DELETE ON commitments
    FOR EACH ROW EXECUTE FUNCTION search_commitment_sync();

-- search_report_insert / search_report_update / search_report_delete
CREATE FUNCTION search_report_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_documents WHERE kind = 'report' AND ref_id = old.id;
        RETURN NULL;
    END IF;

    IF TG_OP = 'UPDATE' THEN
        UPDATE search_documents
           SET ref_id = new.id, commitment_id = new.commitment_id, year = new.year,
               code = (SELECT public_id FROM commitments WHERE id = new.commitment_id),
               body = new.achievements || E'\n' || new.challenges || E'\n' || new.next_steps,
               tags = ct_json_words(new.tags)
         WHERE kind = 'report' AND ref_id = old.id;
    END IF;
    IF TG_OP = 'INSERT' OR NOT FOUND THEN
        INSERT INTO search_documents (kind, ref_id, commitment_id, year, code, body, tags)
        VALUES ('report', new.id, new.commitment_id, new.year,
                (SELECT public_id FROM commitments WHERE id = new.commitment_id),
                new.achievements || E'\n' || new.challenges || E'\n' || new.next_steps,
                ct_json_words(new.tags));
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER search_report_insert AFTER INSERT ON reports
    FOR EACH ROW EXECUTE FUNCTION search_report_sync();
CREATE TRIGGER search_report_update AFTER UPDATE OF achievements, challenges, next_steps, tags ON reports
    FOR EACH ROW EXECUTE FUNCTION search_report_sync();
CREATE TRIGGER search_report_delete AFTER DELETE ON reports
    FOR EACH ROW EXECUTE FUNCTION search_report_sync();

-- ---------------------------------------------------------------------------------------------
-- The seeded framework (0002 as moved by 0010): the World Humanitarian Summit's Agenda for
-- Humanity, its two levels, four commitment types, five core responsibilities (depth 1, with
-- their core commitments as reference text) and 24 transformations (depth 2), with the UUIDs
-- 0002 fixed so that copies agree.

INSERT INTO frameworks (id, code, name, description, source, min_categories, position, created_at, updated_at, version) VALUES ('0154dae9-4000-7000-8000-0000000000c8', 'WHS', 'World Humanitarian Summit: Agenda for Humanity', 'The commitments made at the World Humanitarian Summit (Istanbul, 2016), organised under the five core responsibilities of the Agenda for Humanity and their 24 transformations.', 'https://agendaforhumanity.org', 1, 1, '2016-05-24T00:00:00.000Z', '2016-05-24T00:00:00.000Z', 1);

INSERT INTO framework_levels (framework_id, depth, name) VALUES ('0154dae9-4000-7000-8000-0000000000c8', 1, 'Core responsibility');
INSERT INTO framework_levels (framework_id, depth, name) VALUES ('0154dae9-4000-7000-8000-0000000000c8', 2, 'Transformation');

INSERT INTO framework_types (framework_id, name, position) VALUES ('0154dae9-4000-7000-8000-0000000000c8', 'Operational', 1);
INSERT INTO framework_types (framework_id, name, position) VALUES ('0154dae9-4000-7000-8000-0000000000c8', 'Policy', 2);
INSERT INTO framework_types (framework_id, name, position) VALUES ('0154dae9-4000-7000-8000-0000000000c8', 'Advocacy', 3);
INSERT INTO framework_types (framework_id, name, position) VALUES ('0154dae9-4000-7000-8000-0000000000c8', 'Financial', 4);

INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position) VALUES ('0154dae9-4000-7000-8000-000000000001', '0154dae9-4000-7000-8000-0000000000c8', 1, '1', 'Political Leadership to Prevent and End Conflicts', NULL, '## POLITICAL LEADERSHIP TO PREVENT AND END CONFLICTS

- Commit to act early upon potential conflict situations based on early warning findings and shared conflict analysis, in accordance with international law.
- Commit to improve prevention and peaceful resolution capacities at the national, regional and international level improving the ability to work on multiple crises simultaneously.
- Commit to sustain political leadership and engagement through all stages of a crisis to prevent the emergence or relapse into conflict.
- Commit to address root causes of conflict and work to reduce fragility by investing in the development of inclusive, peaceful societies.
- Commit to make successful conflict prevention visible by capturing, consolidating and sharing good practices and lessons learnt.', 1);
INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position) VALUES ('0154dae9-4000-7000-8000-000000000002', '0154dae9-4000-7000-8000-0000000000c8', 1, '2', 'Uphold the Norms that Safeguard Humanity', NULL, '## UPHOLD THE NORMS THAT SAFEGUARD HUMANITY

- Commit to promote and enhance respect for international humanitarian law, international human rights law, and refugee law, where applicable.
- Commit to promote and enhance the protection of civilians and civilian objects, especially in the conduct of hostilities, for instance by working to prevent civilian harm resulting from the use of wide-area explosive weapons in populated areas, and by sparing civilian infrastructure from military use in the conduct of military operations.
- Commit to ensure all populations in need receive rapid and unimpeded humanitarian assistance.
- Commit to promote and enhance efforts to respect and protect medical personnel, transports and facilities, as well as humanitarian relief personnel and assets against attacks, threats or other violent acts.
- Commit to speak out and systematically condemn serious violations of international humanitarian law and serious violations and abuses of international human rights law and to take concrete steps to ensure accountability of perpetrators when these acts amount to crimes under international law.

## WOMEN AND GIRLS: CATALYZING ACTION TO ACHIEVE GENDER EQUALITY

- Implement a coordinated global approach to prevent and respond to gender-based violence in crisis contexts, including through the Call to Action on Protection from Gender-based Violence in Emergencies.
- Fully comply with humanitarian policies, frameworks and legally binding documents related to gender equality, women''s empowerment, and women''s rights.', 2);
INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position) VALUES ('0154dae9-4000-7000-8000-000000000003', '0154dae9-4000-7000-8000-0000000000c8', 1, '3', 'Leave No One Behind', NULL, '## LEAVING NO ONE BEHIND - A COMMITMENT TO ADDRESS FORCED DISPLACEMENT

- Commit to a new approach to addressing forced displacement that not only meets immediate humanitarian needs but reduces vulnerability and improves the resilience, self-reliance and protection of refugees and IDPs. Commit to implementing this new approach through coherent international, regional and national efforts that recognize both the humanitarian and development challenges of displacement. Commit to take the necessary political, policy, legal and financial steps required to address these challenges for the specific context.
- Commit to promote and support safe, dignified and durable solutions for internally displaced persons and refugees. Commit to do so in a coherent and measurable manner through international, regional and national programs and by taking the necessary policy, legal and financial steps required for the specific contexts and in order to work towards a target of 50 percent reduction in internal displacement by 2030.
- Acknowledge the global public good provided by countries and communities which are hosting large numbers of refugees. Commit to providing communities with large numbers of displaced population or receiving large numbers of returnees with the necessary political, policy and financial, support to address the humanitarian and socio-economic impact. To this end, commit to strengthen multilateral financing instruments. Commit to foster host communities'' self-reliance and resilience, as part of the comprehensive and integrated approach outlined in core commitment 1.
- Commit to collectively work towards a Global Compact on responsibility-sharing for refugees to safeguard the rights of refugees, while also effectively and predictably supporting States affected by such movements.
- Commit to actively work to uphold the institution of asylum and the principle of non-refoulement. Commit to support further accession to and strengthened implementation of national, regional and international laws and policy frameworks that ensure and improve the protection of refugees and IDPs, such as the 1951 Convention relating to the Status of Refugees and the 1967 Protocol or the AU Convention for the Protection and Assistance of Internally Displaced Persons in Africa (Kampala convention) or the Guiding Principles on internal displacement.

## WOMEN AND GIRLS: CATALYZING ACTION TO ACHIEVE GENDER EQUALITY

- Empower Women and Girls as change agents and leaders, including by increasing support for local women''s groups to participate meaningfully in humanitarian action.
- Ensure universal access to sexual and reproductive health and reproductive rights as agreed in accordance with the Programme of Action of the International Conference on Population and Development and the Beijing Platform for Action and the Outcome documents of their review conferences for all women and adolescent girls in crisis settings.
- Ensure that humanitarian programming is gender responsive.', 3);
INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position) VALUES ('0154dae9-4000-7000-8000-000000000004', '0154dae9-4000-7000-8000-0000000000c8', 1, '4', 'Change People''s Lives: From Delivering Aid to Ending Need', NULL, '## CHANGING PEOPLE''S LIVES - FROM DELIVERING AID TO ENDING NEED

Commit to a new way of working that meets people''s immediate humanitarian needs, while at the same time reducing risk and vulnerability over multiple years through the achievement of collective outcomes. To achieve this, commit to the following:

- a) Anticipate, Do Not Wait: to invest in risk analysis and to incentivize early action in order to minimize the impact and frequency of known risks and hazards on people.
- b) Reinforce, Do Not Replace: to support and invest in local, national and regional leadership, capacity strengthening and response systems, avoiding duplicative international mechanisms wherever possible.
- c) Preserve and retain emergency capacity: to deliver predictable and flexible urgent and life-saving assistance and protection in accordance with humanitarian principles.
- d) Transcend Humanitarian-Development Divides: work together, toward collective outcomes that ensure humanitarian needs are met, while at the same time reducing risk and vulnerability over multiple years and based on the comparative advantage of a diverse range of actors.

The primacy of humanitarian principles will continue to underpin humanitarian action.

Commit to enable coherent financing that avoids fragmentation by supporting collective outcomes over multiple years, supporting those with demonstrated comparative advantage to deliver in context.

## NATURAL DISASTERS AND CLIMATE CHANGE: MANAGING RISKS & CRISES DIFFERENTLY

- Commit to accelerate the reduction of disaster and climate-related risks through the coherent implementation of the Sendai Framework for Disaster Risk Reduction 2015-2030, the 2030 Agenda for Sustainable Development and the Paris Agreement on Climate Change, as well as other relevant strategies and programs of action, including the SIDS Accelerated Modalities of Action (SAMOA) Pathway.
- Commit to reinforce national and local leadership and capacities in managing disaster and climate-related risks through strengthened preparedness and predictable response and recovery arrangements.
- Commit to improve the understanding, anticipation and preparedness for disaster and climate-related risks by investing in data, analysis and early warning, and developing evidence-based decision-making processes that result in early action.
- Commit to increase investment in building community resilience as a critical first line of response, with the full and effective participation of women.
- Commit to ensure regional and global humanitarian assistance for natural disasters complements national and local efforts.

## HUMANITARIAN FINANCING - INVESTING IN HUMANITY

- Commit to increase substantially and diversify global support and share of resources for humanitarian assistance aimed to address the differentiated needs of populations affected by humanitarian crises in fragile situations and complex emergencies, including increasing cash-based programming in situations where relevant.
- Commit to empower national and local humanitarian action by increasing the share of financing accessible to local and national humanitarian actors and supporting the enhancement of their national delivery systems, capacities and preparedness planning.', 4);
INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position) VALUES ('0154dae9-4000-7000-8000-000000000005', '0154dae9-4000-7000-8000-0000000000c8', 1, '5', 'Invest in Humanity', NULL, '## HUMANITARIAN FINANCING - INVESTING IN HUMANITY

- Commit to promote and increase predictable, multi-year, unearmarked, collaborative and flexible humanitarian funding toward greater efficiency, effectiveness, transparency and accountability of humanitarian action for affected people.
- Commit to invest in risk management, preparedness and crisis prevention capacity to build the resilience of vulnerable and affected people.
- Commit to broaden and adapt the global instruments and approaches to meet urgent needs, reduce risk and vulnerability and increase resilience, without adverse impact on humanitarian principles and overall action (as also proposed in Round Table on "Changing Lives").', 5);
INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position) VALUES ('0154dae9-4000-7000-8000-000000000064', '0154dae9-4000-7000-8000-0000000000c8', 2, '1A', 'Demonstrate timely, coherent and decisive political leadership', '0154dae9-4000-7000-8000-000000000001', '', 1);
INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position) VALUES ('0154dae9-4000-7000-8000-000000000065', '0154dae9-4000-7000-8000-0000000000c8', 2, '1B', 'Act early', '0154dae9-4000-7000-8000-000000000001', '', 2);
INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position) VALUES ('0154dae9-4000-7000-8000-000000000066', '0154dae9-4000-7000-8000-0000000000c8', 2, '1C', 'Remain engaged and invest in stability', '0154dae9-4000-7000-8000-000000000001', '', 3);
INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position) VALUES ('0154dae9-4000-7000-8000-000000000067', '0154dae9-4000-7000-8000-0000000000c8', 2, '1D', 'Develop solutions with and for people', '0154dae9-4000-7000-8000-000000000001', '', 4);
INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position) VALUES ('0154dae9-4000-7000-8000-000000000068', '0154dae9-4000-7000-8000-0000000000c8', 2, '2A', 'Respect and protect civilians and civilian objects in the conduct of hostilities', '0154dae9-4000-7000-8000-000000000002', '', 5);
INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position) VALUES ('0154dae9-4000-7000-8000-000000000069', '0154dae9-4000-7000-8000-0000000000c8', 2, '2B', 'Ensure full access to and protection of the humanitarian and medical missions', '0154dae9-4000-7000-8000-000000000002', '', 6);
INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position) VALUES ('0154dae9-4000-7000-8000-00000000006a', '0154dae9-4000-7000-8000-0000000000c8', 2, '2C', 'Speak out and condemn breaches', '0154dae9-4000-7000-8000-000000000002', '', 7);
INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position) VALUES ('0154dae9-4000-7000-8000-00000000006b', '0154dae9-4000-7000-8000-0000000000c8', 2, '2D', 'Take concrete steps to improve compliance and accountability', '0154dae9-4000-7000-8000-000000000002', '', 8);
INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position) VALUES ('0154dae9-4000-7000-8000-00000000006c', '0154dae9-4000-7000-8000-0000000000c8', 2, '2E', 'Uphold the rules: a global campaign to affirm the norms that safeguard humanity', '0154dae9-4000-7000-8000-000000000002', '', 9);
INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position) VALUES ('0154dae9-4000-7000-8000-00000000006d', '0154dae9-4000-7000-8000-0000000000c8', 2, '3A', 'Reduce and address displacement', '0154dae9-4000-7000-8000-000000000003', '', 10);
INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position) VALUES ('0154dae9-4000-7000-8000-00000000006e', '0154dae9-4000-7000-8000-0000000000c8', 2, '3B', 'Address the vulnerabilities of migrants and provide more regular and lawful opportunities for migration', '0154dae9-4000-7000-8000-000000000003', '', 11);
INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position) VALUES ('0154dae9-4000-7000-8000-00000000006f', '0154dae9-4000-7000-8000-0000000000c8', 2, '3C', 'End statelessness in the next decade', '0154dae9-4000-7000-8000-000000000003', '', 12);
INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position) VALUES ('0154dae9-4000-7000-8000-000000000070', '0154dae9-4000-7000-8000-0000000000c8', 2, '3D', 'Empower and protect women and girls', '0154dae9-4000-7000-8000-000000000003', '', 13);
INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position) VALUES ('0154dae9-4000-7000-8000-000000000071', '0154dae9-4000-7000-8000-0000000000c8', 2, '3E', 'Eliminate gaps in education for children, adolescents and young people', '0154dae9-4000-7000-8000-000000000003', '', 14);
INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position) VALUES ('0154dae9-4000-7000-8000-000000000072', '0154dae9-4000-7000-8000-0000000000c8', 2, '3F', 'Enable adolescents and young people to be agents of positive transformation', '0154dae9-4000-7000-8000-000000000003', '', 15);
INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position) VALUES ('0154dae9-4000-7000-8000-000000000073', '0154dae9-4000-7000-8000-0000000000c8', 2, '3G', 'Include the most vulnerable', '0154dae9-4000-7000-8000-000000000003', '', 16);
INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position) VALUES ('0154dae9-4000-7000-8000-000000000074', '0154dae9-4000-7000-8000-0000000000c8', 2, '4A', 'Reinforce, do not replace, national and local systems', '0154dae9-4000-7000-8000-000000000004', '', 17);
INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position) VALUES ('0154dae9-4000-7000-8000-000000000075', '0154dae9-4000-7000-8000-0000000000c8', 2, '4B', 'Anticipate, do not wait for crises', '0154dae9-4000-7000-8000-000000000004', '', 18);
INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position) VALUES ('0154dae9-4000-7000-8000-000000000076', '0154dae9-4000-7000-8000-0000000000c8', 2, '4C', 'Deliver collective outcomes: transcend humanitarian-development divides', '0154dae9-4000-7000-8000-000000000004', '', 19);
INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position) VALUES ('0154dae9-4000-7000-8000-000000000077', '0154dae9-4000-7000-8000-0000000000c8', 2, '5A', 'Invest in local capacities', '0154dae9-4000-7000-8000-000000000005', '', 20);
INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position) VALUES ('0154dae9-4000-7000-8000-000000000078', '0154dae9-4000-7000-8000-0000000000c8', 2, '5B', 'Invest according to risk', '0154dae9-4000-7000-8000-000000000005', '', 21);
INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position) VALUES ('0154dae9-4000-7000-8000-000000000079', '0154dae9-4000-7000-8000-0000000000c8', 2, '5C', 'Invest in stability', '0154dae9-4000-7000-8000-000000000005', '', 22);
INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position) VALUES ('0154dae9-4000-7000-8000-00000000007a', '0154dae9-4000-7000-8000-0000000000c8', 2, '5D', 'Finance outcomes, not fragmentation: shift from funding to financing', '0154dae9-4000-7000-8000-000000000005', '', 23);
INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position) VALUES ('0154dae9-4000-7000-8000-00000000007b', '0154dae9-4000-7000-8000-0000000000c8', 2, '5E', 'Diversify the resource base and increase cost-efficiency', '0154dae9-4000-7000-8000-000000000005', '', 24);
