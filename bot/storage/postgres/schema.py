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

MIGRATIONS: list[str] = [SCHEMA_1, QUEUE_2, SPEAKER_WORDS_3, LATEST_READS_4, ANSWERED_5]
