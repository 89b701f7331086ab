"""PostgreSQL's schema, as numbered migrations (the version is in ``newsdesk_schema``).

It is SQLite's after its migration 11, in PostgreSQL's terms: a quote's words and sentence and
the summary sentences are offsets into the article's text; only the sentences a summary can
pick are kept. Texts are plain ``text`` (PostgreSQL compresses large values itself), and the
search index is a ``tsvector`` (title weighted above the body) under a GIN index: from migration
4 in a table of its own, ``article_search``, written with its article.
Keys are compared byte by byte (``COLLATE "C"``), as SQLite compares them, so a prefix range
over a key finds what it finds there.
"""

NOW = """to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"""

SCHEMA_1 = f"""
CREATE TABLE articles (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scope text COLLATE "C" NOT NULL,
    number integer NOT NULL,
    url text,
    canonical_url text,
    content_hash text NOT NULL,
    title text,
    site text,
    author text,
    published text,
    text text NOT NULL,
    tokens integer NOT NULL DEFAULT 0,
    words integer NOT NULL DEFAULT 0,
    analysed_words integer,
    shared_by text,
    shared_by_id bigint,
    channel_id bigint,
    message_id bigint,
    created_at text NOT NULL DEFAULT {NOW},
    search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, text), 'B')
    ) STORED,
    UNIQUE (scope, content_hash),
    UNIQUE (scope, number)
);
-- Links are looked up by their hash: a btree entry holds at most about 2,700 bytes, a link more.
CREATE UNIQUE INDEX articles_scope_canonical ON articles (scope, md5(canonical_url));
CREATE INDEX articles_scope_url ON articles (scope, md5(url));
CREATE INDEX articles_scope_id ON articles (scope, id DESC);
CREATE INDEX articles_search ON articles USING gin (search);

CREATE TABLE summary_sentences (
    article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position integer NOT NULL,
    start integer NOT NULL,
    "end" integer NOT NULL,
    score real NOT NULL,
    PRIMARY KEY (article_id, position)
);

CREATE TABLE entities (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scope text COLLATE "C" NOT NULL,
    kind text NOT NULL,
    name_key text COLLATE "C" NOT NULL,
    surname_key text COLLATE "C" NOT NULL,
    name text COLLATE "C" NOT NULL,
    description text,
    mentions integer NOT NULL DEFAULT 0,
    quotes integer NOT NULL DEFAULT 0,
    articles integer NOT NULL DEFAULT 0,
    salience real NOT NULL DEFAULT 0,
    UNIQUE (scope, kind, name_key)
);
CREATE INDEX entities_scope_name ON entities (scope, name_key);
CREATE INDEX entities_scope_surname ON entities (scope, surname_key);
CREATE INDEX entities_scope_salience ON entities (scope, salience DESC);

CREATE TABLE entity_forms (
    entity_id bigint NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    form text COLLATE "C" NOT NULL,
    uses integer NOT NULL,
    PRIMARY KEY (entity_id, form)
);
CREATE TABLE entity_descriptions (
    entity_id bigint NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    description text COLLATE "C" NOT NULL,
    uses integer NOT NULL,
    first_article bigint NOT NULL,
    PRIMARY KEY (entity_id, description)
);
CREATE TABLE entity_aliases (
    scope text COLLATE "C" NOT NULL,
    alias_key text COLLATE "C" NOT NULL,
    entity_id bigint NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    alias text NOT NULL,
    PRIMARY KEY (scope, alias_key, entity_id)
);
CREATE INDEX entity_aliases_entity ON entity_aliases (entity_id);

CREATE TABLE actors (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity_id bigint,
    name text NOT NULL,
    kind text NOT NULL,
    mentions integer NOT NULL,
    quotes integer NOT NULL,
    salience real NOT NULL,
    description text COLLATE "C"
);
CREATE INDEX actors_article ON actors (article_id);
CREATE INDEX actors_entity_article ON actors (entity_id, article_id);
CREATE INDEX actors_entity_quoted ON actors (entity_id, article_id) WHERE quotes > 0;

CREATE TABLE quotes (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    actor_id bigint REFERENCES actors (id) ON DELETE SET NULL,
    speaker text,  -- an unnamed source's words ("a senior official"); a named one is its actor's
    text text,  -- NULL: the article's text from start to end
    start integer NOT NULL,
    "end" integer NOT NULL,
    speaker_start integer,
    speaker_end integer,
    cue text,
    direct boolean NOT NULL DEFAULT true,
    sentence_start integer NOT NULL,
    sentence_end integer NOT NULL
);
CREATE INDEX quotes_article ON quotes (article_id);
CREATE INDEX quotes_actor ON quotes (actor_id);

CREATE TABLE ingest_jobs (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scope text COLLATE "C" NOT NULL,
    url text NOT NULL,
    kind text NOT NULL DEFAULT 'link',
    status text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    reason text,
    attempts integer NOT NULL DEFAULT 0,
    run_id text,
    article_id bigint REFERENCES articles (id) ON DELETE SET NULL,
    user_id bigint,
    user_name text,
    channel_id bigint,
    message_id bigint,
    created_at text NOT NULL DEFAULT {NOW},
    updated_at text NOT NULL DEFAULT {NOW}
);
CREATE INDEX ingest_jobs_unfinished ON ingest_jobs (id) WHERE status IN ('queued', 'running');
CREATE INDEX ingest_jobs_message ON ingest_jobs (message_id) WHERE message_id IS NOT NULL;
CREATE TABLE ingest_payloads (
    job_id bigint PRIMARY KEY REFERENCES ingest_jobs (id) ON DELETE CASCADE,
    payload bytea NOT NULL
);

CREATE TABLE server_settings (
    scope text COLLATE "C" PRIMARY KEY,
    settings text NOT NULL,
    updated_at text NOT NULL DEFAULT {NOW}
);
CREATE TABLE digest_schedules (
    scope text COLLATE "C" NOT NULL,
    channel_id bigint NOT NULL,
    every text NOT NULL CHECK (every IN ('daily', 'weekly')),
    weekday integer CHECK (weekday BETWEEN 0 AND 6),
    minute_of_day integer NOT NULL CHECK (minute_of_day BETWEEN 0 AND 1439),
    count integer NOT NULL,
    next_run text COLLATE "C" NOT NULL,  -- UTC, ISO 8601: compared as text, as in SQLite
    created_by bigint,
    PRIMARY KEY (scope, channel_id)
);
CREATE INDEX digest_schedules_due ON digest_schedules (next_run);
"""

# The queue of remote workers (``python -m bot worker``): a job a gateway hands to them is
# ``remote``; a worker holds the one it works on by a lease it renews, and a job whose lease ran
# out (its worker was killed) is taken again by another.
QUEUE_2 = """
ALTER TABLE ingest_jobs ADD COLUMN remote boolean NOT NULL DEFAULT false;
ALTER TABLE ingest_jobs ADD COLUMN lease_until timestamptz;
-- how the job ended, beside its status, for the gateway that waits for it
ALTER TABLE ingest_jobs ADD COLUMN created boolean;
ALTER TABLE ingest_jobs ADD COLUMN not_article boolean NOT NULL DEFAULT false;
CREATE INDEX ingest_jobs_queue ON ingest_jobs (id) WHERE remote AND status IN ('queued', 'running');
"""

# Unnamed sources found by their words through an index, as in SQLite's migration 13 (the
# words of quotes stored before it are split here in SQL; new ones by ``name_key``).
SPEAKER_WORDS_3 = r"""
CREATE TABLE speaker_words (
    scope text COLLATE "C" NOT NULL,
    word text COLLATE "C" NOT NULL,
    article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    quote_id bigint NOT NULL REFERENCES quotes (id) ON DELETE CASCADE,
    PRIMARY KEY (scope, word, article_id, quote_id)
);
CREATE INDEX speaker_words_quote ON speaker_words (quote_id);
CREATE INDEX speaker_words_article ON speaker_words (article_id);
INSERT INTO speaker_words
SELECT DISTINCT a.scope, w.word, q.article_id, q.id
FROM quotes q JOIN articles a ON a.id = q.article_id,
     regexp_split_to_table(lower(regexp_replace(q.speaker, '[^[:alnum:][:space:]]', '', 'g')), '\s+') AS w (word)
WHERE q.actor_id IS NULL AND q.speaker IS NOT NULL AND w.word != '';
"""

# Reads at 100,000 articles, where each page a cold read touches counts:
# - a person's latest quoted appearances are walked in the index alone, not actor row by row;
# - search has a narrow table of its own: finding a server's latest matches reads its small
#   rows (the vectors themselves are in TOAST, read only for the matches ranked), not articles';
# - an unnamed source's words know whether the quote is direct: asking for the direct quotes of
#   "an official", whose words are mostly reported, read every one of them to find none;
# - an article's text stays compressed in its row, on the page a quote's lookup reads anyway,
#   rather than in TOAST. Texts stored before stay where they are until their rows are written
#   again (``UPDATE articles SET text = text || ''``, then ``VACUUM ANALYZE articles``).
LATEST_READS_4 = """
CREATE INDEX actors_entity_quoted_latest ON actors (entity_id, article_id) INCLUDE (id, name) WHERE quotes > 0;
DROP INDEX actors_entity_quoted;
CREATE TABLE article_search (
    article_id bigint PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    scope text COLLATE "C" NOT NULL,
    search tsvector NOT NULL
);
INSERT INTO article_search SELECT id, scope, search FROM articles;
CREATE INDEX article_search_words ON article_search USING gin (search);
CREATE INDEX article_search_scope ON article_search (scope, article_id);
ALTER TABLE articles DROP COLUMN search;
ALTER TABLE articles ALTER COLUMN text SET STORAGE MAIN;
ALTER TABLE speaker_words ADD COLUMN direct boolean NOT NULL DEFAULT true;
UPDATE speaker_words w SET direct = q.direct FROM quotes q WHERE q.id = w.quote_id AND NOT q.direct;
CREATE INDEX speaker_words_kind ON speaker_words (scope, word, direct, article_id, quote_id);
"""

# A remote job's outcome is answered (its ✅ or ⚠️ and reply) by the gateway that waited for it;
# one a worker ended while the gateway was stopped is answered when it starts again.
ANSWERED_5 = """
ALTER TABLE ingest_jobs ADD COLUMN answered boolean NOT NULL DEFAULT true;
CREATE INDEX ingest_jobs_unanswered ON ingest_jobs (id) WHERE NOT answered;
"""

# An article is stored by one call of ``newsdesk_store_article`` (the bot's document of it, as
# JSON, and the job that stored it), not a transaction of ten statements: each round trip wakes
# two processes, and on a machine whose cores all analyse, each wakeup preempts an analysis.
# The call is one statement, so it is one transaction; it takes the scope's write lock first
# (``connected._SCOPE_LOCK``'s key), and each statement after it sees what committed while it
# waited. Rows refer to each other by their place in the document's lists (from 1): an actor
# to its entry, a quote to its actor, a source's word to its quote.
# ``newsdesk_best_names``: each entry's most used form and description, rewritten only where
# they change (a write is a new row version with its index entries); deleting an article uses it too.
# Like a table, either function changes only by a later migration (CREATE OR REPLACE FUNCTION):
# a store's functions are those of its schema version, which the code it runs with expects.
STORE_ARTICLE_6 = f"""
CREATE FUNCTION newsdesk_best_names(entries bigint[], described bigint[]) RETURNS void LANGUAGE sql AS $$
UPDATE entities SET name = best.name, description = best.description FROM (SELECT e.id,
COALESCE((SELECT form FROM entity_forms f WHERE f.entity_id = e.id ORDER BY uses DESC, form LIMIT 1),
e.name) AS name, CASE WHEN e.id = ANY(described) THEN (SELECT description FROM entity_descriptions d
WHERE d.entity_id = e.id ORDER BY uses DESC, first_article LIMIT 1) ELSE e.description END AS description
FROM entities e WHERE e.id = ANY(entries)) AS best WHERE entities.id = best.id
AND (entities.name, entities.description) IS DISTINCT FROM (best.name, best.description)
$$;

CREATE FUNCTION newsdesk_store_article(doc jsonb, ended_job bigint) RETURNS SETOF articles
LANGUAGE plpgsql AS $$
DECLARE
    in_scope text := doc->'article'->>'scope';
    stored articles;
    entry_ids bigint[];
    actor_ids bigint[];
    quote_ids bigint[];
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended(in_scope, 7001));
    -- the next number in this scope: its lock is held, so no other writer takes it
    INSERT INTO articles (scope, url, canonical_url, content_hash, title, site, author, published, text,
        tokens, shared_by, shared_by_id, channel_id, message_id, words, analysed_words, number)
    SELECT a.scope, a.url, a.canonical_url, a.content_hash, a.title, a.site, a.author, a.published, a.text,
        a.tokens, a.shared_by, a.shared_by_id, a.channel_id, a.message_id, a.words, a.analysed_words,
        (SELECT COALESCE(MAX(number), 0) + 1 FROM articles WHERE scope = in_scope)
    FROM jsonb_populate_record(NULL::articles, doc->'article') AS a
    RETURNING * INTO stored;
    INSERT INTO article_search (article_id, scope, search) VALUES (stored.id, in_scope,
        setweight(to_tsvector('english', COALESCE(stored.title, '')), 'A')
        || setweight(to_tsvector('english', stored.text), 'B'));
    INSERT INTO summary_sentences (article_id, position, start, "end", score)
    SELECT stored.id, s.position, s.start, s."end", s.score
    FROM jsonb_to_recordset(doc->'summary') AS s (position int, start int, "end" int, score real);

    -- the registry: an entry per key (the document has each key once: one INSERT may not touch
    -- a row twice), counted once per article
    WITH upserted AS (
        INSERT INTO entities AS en (scope, kind, name_key, surname_key, name, mentions, quotes, articles, salience)
        SELECT in_scope, e.kind, e.key, e.surname, e.name, e.mentions, e.quotes, 1, e.salience
        FROM jsonb_to_recordset(doc->'entries')
            AS e (kind text, key text, surname text, name text, mentions int, quotes int, salience real)
        ON CONFLICT (scope, kind, name_key) DO UPDATE SET mentions = en.mentions + excluded.mentions,
            quotes = en.quotes + excluded.quotes, articles = en.articles + 1, salience = en.salience + excluded.salience
        RETURNING en.id, en.kind, en.name_key)
    SELECT array_agg(u.id ORDER BY e.n) INTO entry_ids
    FROM upserted u JOIN jsonb_to_recordset(doc->'entries') AS e (n int, kind text, key text)
        ON u.kind = e.kind AND u.name_key = e.key;
    INSERT INTO entity_aliases (scope, alias_key, entity_id, alias)
    SELECT in_scope, x.key, entry_ids[x.entry], x.alias
    FROM jsonb_to_recordset(doc->'aliases') AS x (key text, entry int, alias text) ON CONFLICT DO NOTHING;
    INSERT INTO entity_forms AS f (entity_id, form, uses)
    SELECT entry_ids[x.entry], x.form, x.uses
    FROM jsonb_to_recordset(doc->'forms') AS x (entry int, form text, uses int)
    ON CONFLICT (entity_id, form) DO UPDATE SET uses = f.uses + excluded.uses;
    INSERT INTO entity_descriptions AS d (entity_id, description, uses, first_article)
    SELECT entry_ids[x.entry], x.description, x.uses, stored.id
    FROM jsonb_to_recordset(doc->'descriptions') AS x (entry int, description text, uses int)
    ON CONFLICT (entity_id, description) DO UPDATE SET uses = d.uses + excluded.uses;
    PERFORM newsdesk_best_names(entry_ids, ARRAY(
        SELECT entry_ids[x.entry] FROM jsonb_to_recordset(doc->'descriptions') AS x (entry int)));

    -- ids come from identity columns in the order rows are inserted: the documents' order
    WITH inserted AS (
        INSERT INTO actors (article_id, name, kind, mentions, quotes, salience, description, entity_id)
        SELECT stored.id, x.name, x.kind, x.mentions, x.quotes, x.salience, x.description, entry_ids[x.entry]
        FROM jsonb_to_recordset(doc->'actors') AS x (n int, name text, kind text, mentions int, quotes int,
            salience real, description text, entry int)
        ORDER BY x.n RETURNING id)
    SELECT array_agg(id ORDER BY id) INTO actor_ids FROM inserted;
    WITH inserted AS (
        INSERT INTO quotes (article_id, actor_id, speaker, text, start, "end", speaker_start, speaker_end, cue,
            direct, sentence_start, sentence_end)
        SELECT stored.id, actor_ids[q.actor], q.speaker, q.text, q.start, q."end", q.speaker_start,
            q.speaker_end, q.cue, q.direct, q.sentence_start, q.sentence_end
        FROM jsonb_to_recordset(doc->'quotes') AS q (n int, actor int, speaker text, text text, start int,
            "end" int, speaker_start int, speaker_end int, cue text, direct boolean, sentence_start int,
            sentence_end int)
        ORDER BY q.n RETURNING id)
    SELECT array_agg(id ORDER BY id) INTO quote_ids FROM inserted;
    -- unnamed sources, by their words
    INSERT INTO speaker_words (scope, word, article_id, quote_id, direct)
    SELECT in_scope, w.word, stored.id, quote_ids[w.quote], w.direct
    FROM jsonb_to_recordset(doc->'words') AS w (word text, quote int, direct boolean) ON CONFLICT DO NOTHING;

    -- the job that stored it is done, its payload gone, and a gateway waiting for it told at commit
    IF ended_job IS NOT NULL THEN
        UPDATE ingest_jobs SET status = 'done', reason = NULL, article_id = stored.id, created = true,
            not_article = false, updated_at = {NOW} WHERE id = ended_job;
        DELETE FROM ingest_payloads WHERE job_id = ended_job;
        PERFORM pg_notify('newsdesk_jobs_done', ended_job::text);
    END IF;
    RETURN NEXT stored;
END
$$;
"""

MIGRATIONS: list[str] = [SCHEMA_1, QUEUE_2, SPEAKER_WORDS_3, LATEST_READS_4, ANSWERED_5, STORE_ARTICLE_6]
