"""The schema, as numbered migrations; ``PRAGMA user_version`` records the last one applied."""

MIGRATIONS: list[str] = [
    # 1: articles, their actors, quotes and ingest jobs; full-text search over them.
    """
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        scope TEXT NOT NULL,
        url TEXT,
        canonical_url TEXT,
        content_hash TEXT NOT NULL,
        title TEXT,
        site TEXT,
        author TEXT,
        published TEXT,
        text TEXT NOT NULL,
        summary TEXT NOT NULL DEFAULT '[]',
        tokens INTEGER NOT NULL DEFAULT 0,
        shared_by TEXT,
        shared_by_id INTEGER,
        channel_id INTEGER,
        message_id INTEGER,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
        UNIQUE (scope, canonical_url),
        UNIQUE (scope, content_hash)
    );
    CREATE INDEX articles_scope_created ON articles (scope, id DESC);

    CREATE TABLE summary_sentences (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        score REAL NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (article_id, position)
    );

    CREATE TABLE actors (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        scope TEXT NOT NULL,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL,
        kind TEXT NOT NULL,
        mentions INTEGER NOT NULL,
        quotes INTEGER NOT NULL,
        salience REAL NOT NULL,
        description TEXT
    );
    CREATE INDEX actors_scope_key ON actors (scope, name_key);
    CREATE INDEX actors_article ON actors (article_id);

    CREATE TABLE actor_aliases (
        actor_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
        alias TEXT NOT NULL,
        alias_key TEXT NOT NULL,
        PRIMARY KEY (actor_id, alias_key)
    );
    CREATE INDEX actor_aliases_key ON actor_aliases (alias_key);

    CREATE TABLE mentions (
        actor_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL
    );
    CREATE INDEX mentions_actor ON mentions (actor_id);

    CREATE TABLE quotes (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        actor_id INTEGER REFERENCES actors(id) ON DELETE SET NULL,
        speaker TEXT,
        text TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        speaker_start INTEGER,
        speaker_end INTEGER,
        cue TEXT,
        sentence TEXT NOT NULL
    );
    CREATE INDEX quotes_article ON quotes (article_id);
    CREATE INDEX quotes_actor ON quotes (actor_id);

    CREATE TABLE ingest_jobs (
        id INTEGER PRIMARY KEY,
        scope TEXT NOT NULL,
        url TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
        reason TEXT,
        article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
        user_id INTEGER,
        user_name TEXT,
        channel_id INTEGER,
        message_id INTEGER,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    );
    CREATE INDEX ingest_jobs_status ON ingest_jobs (status);

    CREATE VIRTUAL TABLE article_search USING fts5(title, body, quotes, tokenize = 'porter unicode61');
    """,
    # 2: the surname key beside each actor's name key (``bot.names`` computes both), so a lone
    # surname is an indexed look-up; the mention spans, written but never read, are dropped.
    """
    ALTER TABLE actors ADD COLUMN surname_key TEXT NOT NULL DEFAULT '';
    UPDATE actors SET surname_key = newsdesk_surname_key(name_key);
    CREATE INDEX actors_scope_surname ON actors (scope, surname_key);
    DROP TABLE mentions;
    """,
    # 3: durable ingest of links, texts and files: every job is written before its work starts,
    # counts its attempts, and carries the process run that owns it (so a restart resumes only
    # what an earlier process left) and, for texts and files, their content until it ends.
    """
    ALTER TABLE ingest_jobs ADD COLUMN kind TEXT NOT NULL DEFAULT 'link';
    ALTER TABLE ingest_jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE ingest_jobs ADD COLUMN run_id TEXT;
    ALTER TABLE ingest_jobs ADD COLUMN payload BLOB;
    """,
    # 4: per-server article numbers: members see and type #1, #2, … of their own server, and
    # learn nothing of how much other servers store.
    """
    ALTER TABLE articles ADD COLUMN number INTEGER;
    UPDATE articles SET number =
        (SELECT COUNT(*) FROM articles b WHERE b.scope = articles.scope AND b.id <= articles.id);
    CREATE UNIQUE INDEX articles_scope_number ON articles (scope, number);
    """,
    # 5: name keys fold middle initials ("Donald J. Trump" is "donald trump"), recomputed with
    # the same function the code writes them with.
    """
    UPDATE actors SET name_key = newsdesk_name_key(name);
    UPDATE actors SET surname_key = newsdesk_surname_key(name_key);
    UPDATE actor_aliases SET alias_key = newsdesk_name_key(alias)
        WHERE NOT EXISTS (SELECT 1 FROM actor_aliases o WHERE o.actor_id = actor_aliases.actor_id
                          AND o.alias_key = newsdesk_name_key(actor_aliases.alias) AND o.rowid != actor_aliases.rowid);
    """,
    # 6: one row per actor per server (the registry), kept at ingest in the same transaction:
    # its display name (the form most articles use), its most given description, its aliases
    # and its totals, so that naming someone reads indexed keys, not every article's actors.
    """
    CREATE TABLE entities (
        id INTEGER PRIMARY KEY,
        scope TEXT NOT NULL,
        kind TEXT NOT NULL,
        name_key TEXT NOT NULL,
        surname_key TEXT NOT NULL,
        name TEXT NOT NULL,
        description TEXT,
        mentions INTEGER NOT NULL DEFAULT 0,
        quotes INTEGER NOT NULL DEFAULT 0,
        articles INTEGER NOT NULL DEFAULT 0,
        salience REAL NOT NULL DEFAULT 0,
        UNIQUE (scope, kind, name_key)
    );
    CREATE INDEX entities_scope_name ON entities (scope, name_key);
    CREATE INDEX entities_scope_surname ON entities (scope, surname_key);
    CREATE INDEX entities_scope_salience ON entities (scope, salience DESC);
    CREATE TABLE entity_forms (
        entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        form TEXT NOT NULL,
        uses INTEGER NOT NULL,
        PRIMARY KEY (entity_id, form)
    ) WITHOUT ROWID;
    CREATE TABLE entity_descriptions (
        entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        description TEXT NOT NULL,
        uses INTEGER NOT NULL,
        first_article INTEGER NOT NULL,
        PRIMARY KEY (entity_id, description)
    ) WITHOUT ROWID;
    CREATE TABLE entity_aliases (
        scope TEXT NOT NULL,
        alias_key TEXT NOT NULL,
        entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        alias TEXT NOT NULL,
        PRIMARY KEY (scope, alias_key, entity_id)
    ) WITHOUT ROWID;
    CREATE INDEX entity_aliases_entity ON entity_aliases (entity_id);
    ALTER TABLE actors ADD COLUMN entity_id INTEGER;
    UPDATE actors SET description = newsdesk_one_line(description);

    INSERT INTO entities (scope, kind, name_key, surname_key, name, mentions, quotes, articles, salience)
        SELECT scope, kind, name_key, MAX(surname_key), MAX(name), SUM(mentions), SUM(quotes),
               COUNT(DISTINCT article_id), SUM(salience)
        FROM actors GROUP BY scope, kind, name_key;
    UPDATE actors SET entity_id = (SELECT e.id FROM entities e
        WHERE e.scope = actors.scope AND e.kind = actors.kind AND e.name_key = actors.name_key);
    CREATE INDEX actors_entity_article ON actors (entity_id, article_id);
    CREATE INDEX actors_entity_quoted ON actors (entity_id, article_id) WHERE quotes > 0;
    INSERT INTO entity_forms (entity_id, form, uses)
        SELECT entity_id, name, COUNT(*) FROM actors GROUP BY entity_id, name;
    UPDATE entities SET name = (SELECT form FROM entity_forms f WHERE f.entity_id = entities.id
        ORDER BY uses DESC, form LIMIT 1);
    INSERT INTO entity_descriptions (entity_id, description, uses, first_article)
        SELECT entity_id, description, COUNT(*), MIN(article_id) FROM actors
        WHERE description IS NOT NULL GROUP BY entity_id, description;
    UPDATE entities SET description = (SELECT description FROM entity_descriptions d
        WHERE d.entity_id = entities.id ORDER BY uses DESC, first_article LIMIT 1);
    INSERT OR IGNORE INTO entity_aliases (scope, alias_key, entity_id, alias)
        SELECT a.scope, x.alias_key, a.entity_id, MAX(x.alias) FROM actor_aliases x
        JOIN actors a ON a.id = x.actor_id GROUP BY a.scope, x.alias_key, a.entity_id;
    """,
    # 7: per-server settings (one JSON object a server, read through ``ServerSettings``) and
    # scheduled digests, one per channel, with the instant each is next due; a message's jobs
    # by its id (an edited message reads only the links it added).
    """
    CREATE TABLE server_settings (
        scope TEXT PRIMARY KEY,
        settings TEXT NOT NULL,
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    ) WITHOUT ROWID;
    CREATE TABLE digest_schedules (
        scope TEXT NOT NULL,
        channel_id INTEGER NOT NULL,
        every TEXT NOT NULL CHECK (every IN ('daily', 'weekly')),
        weekday INTEGER CHECK (weekday BETWEEN 0 AND 6),
        minute_of_day INTEGER NOT NULL CHECK (minute_of_day BETWEEN 0 AND 1439),
        count INTEGER NOT NULL,
        next_run TEXT NOT NULL,
        created_by INTEGER,
        PRIMARY KEY (scope, channel_id)
    ) WITHOUT ROWID;
    CREATE INDEX digest_schedules_due ON digest_schedules (next_run);
    CREATE INDEX ingest_jobs_message ON ingest_jobs (message_id) WHERE message_id IS NOT NULL;
    """,
    # 8: a quote's kind: direct (in quotation marks) or reported speech; every quote stored
    # before this was direct.
    """
    ALTER TABLE quotes ADD COLUMN direct INTEGER NOT NULL DEFAULT 1;
    """,
    # 9: each article's word count, and for a text past the analysis limit how many of its
    # words were analysed (NULL: all), so that replies can say what quotes and actors cover.
    """
    ALTER TABLE articles ADD COLUMN words INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE articles ADD COLUMN analysed_words INTEGER;
    UPDATE articles SET words = newsdesk_count_words(text);
    """,
    # 10: every text once. Full-text search indexes the articles' own title and text (FTS5
    # external content, kept in step by triggers); summary sentences and a quote's sentence are
    # offsets into the text, and a quote's words too unless they are pieces joined with "…".
    # The chosen summary is picked again from the scored sentences when it is read. An actor
    # row leaves its scope and keys to its registry entry, a quote its speaker's name to its
    # actor; per-article aliases (the registry has them) and two unread indexes go. A job's
    # text or file waits in a table of its own, so finished jobs leave no half-empty pages.
    """
    DROP TABLE article_search;
    CREATE VIRTUAL TABLE article_search USING fts5(
        title, text, content = 'articles', content_rowid = 'id', tokenize = 'porter unicode61'
    );
    INSERT INTO article_search (article_search) VALUES ('rebuild');
    CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN
        INSERT INTO article_search (rowid, title, text) VALUES (new.id, new.title, new.text);
    END;
    CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN
        INSERT INTO article_search (article_search, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    END;
    CREATE TRIGGER articles_search_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO article_search (article_search, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO article_search (rowid, title, text) VALUES (new.id, new.title, new.text);
    END;

    CREATE TABLE summary_spans (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        score REAL NOT NULL,
        PRIMARY KEY (article_id, position)
    ) WITHOUT ROWID;
    INSERT INTO summary_spans SELECT article_id, position, start, end, score FROM summary_sentences;
    DROP TABLE summary_sentences;
    ALTER TABLE summary_spans RENAME TO summary_sentences;

    CREATE TABLE quote_spans (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        actor_id INTEGER REFERENCES actors(id) ON DELETE SET NULL,
        speaker TEXT,  -- an unnamed source's words ("a senior official"); a named one is its actor's
        text TEXT,  -- NULL: the article's text from start to end
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        speaker_start INTEGER,
        speaker_end INTEGER,
        cue TEXT,
        direct INTEGER NOT NULL DEFAULT 1,
        sentence_start INTEGER NOT NULL,
        sentence_end INTEGER NOT NULL
    );
    INSERT INTO quote_spans
        SELECT q.id, q.article_id, q.actor_id, CASE WHEN q.actor_id IS NULL THEN q.speaker END,
               CASE WHEN q.text = substr(a.text, q.start + 1, q.end - q.start) THEN NULL ELSE q.text END,
               q.start, q.end, q.speaker_start, q.speaker_end, q.cue, q.direct,
               newsdesk_sentence_start(a.text, q.sentence, q.start, q.end),
               newsdesk_sentence_end(a.text, q.sentence, q.start, q.end)
        FROM quotes q JOIN articles a ON a.id = q.article_id;
    DROP TABLE quotes;
    ALTER TABLE quote_spans RENAME TO quotes;
    CREATE INDEX quotes_article ON quotes (article_id);
    CREATE INDEX quotes_actor ON quotes (actor_id);

    DROP TABLE actor_aliases;
    DROP INDEX actors_scope_key;
    DROP INDEX actors_scope_surname;
    ALTER TABLE actors DROP COLUMN scope;
    ALTER TABLE actors DROP COLUMN name_key;
    ALTER TABLE actors DROP COLUMN surname_key;
    ALTER TABLE articles DROP COLUMN summary;

    CREATE TABLE ingest_payloads (
        job_id INTEGER PRIMARY KEY REFERENCES ingest_jobs(id) ON DELETE CASCADE,
        payload BLOB NOT NULL
    );
    INSERT INTO ingest_payloads SELECT id, payload FROM ingest_jobs WHERE payload IS NOT NULL;
    ALTER TABLE ingest_jobs DROP COLUMN payload;
    """,
    # 11: texts stored compressed (``bot.storage.texts``), about 2.4 times smaller; the search
    # index reads them through a view that unpacks them, and is built again from it.
    """
    DROP TRIGGER articles_search_insert;
    DROP TRIGGER articles_search_delete;
    DROP TRIGGER articles_search_update;
    DROP TABLE article_search;
    UPDATE articles SET text = newsdesk_pack(text);
    CREATE VIEW article_texts AS SELECT id, title, newsdesk_unpack(text) AS text FROM articles;
    CREATE VIRTUAL TABLE article_search USING fts5(
        title, text, content = 'article_texts', content_rowid = 'id', tokenize = 'porter unicode61'
    );
    INSERT INTO article_search (article_search) VALUES ('rebuild');
    CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN
        INSERT INTO article_search (rowid, title, text) VALUES (new.id, new.title, newsdesk_unpack(new.text));
    END;
    CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN
        INSERT INTO article_search (article_search, rowid, title, text)
            VALUES ('delete', old.id, old.title, newsdesk_unpack(old.text));
    END;
    CREATE TRIGGER articles_search_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO article_search (article_search, rowid, title, text)
            VALUES ('delete', old.id, old.title, newsdesk_unpack(old.text));
        INSERT INTO article_search (rowid, title, text) VALUES (new.id, new.title, newsdesk_unpack(new.text));
    END;
    """,
    # 12: how a job ended, beside its status: whether it stored a new article, whether its link
    # was no article (what a process that did not do the job tells its member).
    """
    ALTER TABLE ingest_jobs ADD COLUMN created INTEGER;
    ALTER TABLE ingest_jobs ADD COLUMN not_article INTEGER NOT NULL DEFAULT 0;
    """,
    # 13: unnamed sources found by their words through an index (speaker, word by word, per
    # scope, newest article first), not by reading the quotes of the latest articles.
    """
    CREATE TABLE speaker_words (
        scope TEXT NOT NULL,
        word TEXT NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        quote_id INTEGER NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
        PRIMARY KEY (scope, word, article_id, quote_id)
    ) WITHOUT ROWID;
    CREATE INDEX speaker_words_quote ON speaker_words (quote_id);
    CREATE INDEX speaker_words_article ON speaker_words (article_id);
    WITH RECURSIVE split (scope, article_id, quote_id, rest, word) AS (
        SELECT a.scope, q.article_id, q.id, newsdesk_name_key(q.speaker) || ' ', NULL
        FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.actor_id IS NULL AND q.speaker IS NOT NULL
        UNION ALL
        SELECT scope, article_id, quote_id, substr(rest, instr(rest, ' ') + 1), substr(rest, 1, instr(rest, ' ') - 1)
        FROM split WHERE rest != ''
    )
    INSERT OR IGNORE INTO speaker_words SELECT scope, word, article_id, quote_id FROM split WHERE word != '';
    """,
]
