-- The eventwire database. One schema for DuckDB (the embedded default) and PostgreSQL.
-- Every child row carries its article_id, so replacing an article is one DELETE per table.
-- Statements are separated by lines holding only ';' so that small code can split them.

CREATE SEQUENCE IF NOT EXISTS ingest_run_ids START 1
;
CREATE TABLE IF NOT EXISTS ingest_runs (
    id BIGINT PRIMARY KEY,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,              -- NULL: the run was interrupted (or is still going)
    sources VARCHAR NOT NULL,           -- the SOURCE arguments, as JSON
    engine VARCHAR NOT NULL,
    articles_read INTEGER,
    articles_coded INTEGER,
    articles_unchanged INTEGER,
    articles_duplicate INTEGER,
    articles_failed INTEGER,
    events_found INTEGER
)
;
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY,             -- stable: from the URL, or from the content when there is none
    url VARCHAR,
    title VARCHAR,
    publisher VARCHAR,
    published DATE,
    language VARCHAR,
    raw_sha256 VARCHAR NOT NULL,        -- a changed article has a new hash and replaces its rows
    origin VARCHAR,
    text VARCHAR,                       -- the clean text that every offset points into
    duplicate_of VARCHAR,               -- an earlier article this one copies; it was not coded again
    minhash VARCHAR,                    -- MinHash signature of the text, to find later copies
    run_id BIGINT,
    coded_at TIMESTAMP
)
;
CREATE TABLE IF NOT EXISTS article_bands (
    article_id VARCHAR NOT NULL,        -- MinHash bands: articles that share a band are compared
    band INTEGER NOT NULL,
    band_key VARCHAR NOT NULL
)
;
CREATE TABLE IF NOT EXISTS sentences (
    article_id VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text VARCHAR NOT NULL
)
;
CREATE TABLE IF NOT EXISTS actors (
    article_id VARCHAR NOT NULL,
    ordinal INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    country VARCHAR,
    role VARCHAR,
    kind VARCHAR
)
;
CREATE TABLE IF NOT EXISTS events (
    id VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL,
    published DATE,
    category VARCHAR NOT NULL,          -- PLOVER
    cameo VARCHAR,
    quad_class INTEGER,
    goldstein DOUBLE PRECISION,
    modality VARCHAR NOT NULL,
    confidence DOUBLE PRECISION NOT NULL,
    source_name VARCHAR,                -- the first source and target actor; all of them are in event_actors
    source_country VARCHAR,
    source_role VARCHAR,
    target_name VARCHAR,
    target_country VARCHAR,
    target_role VARCHAR,
    event_date DATE,                    -- the day it is counted on: its earliest possible date, else the publication date
    date_earliest DATE,
    date_latest DATE,
    date_precision VARCHAR,
    place_name VARCHAR,
    place_country VARCHAR,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    place_precision VARCHAR,
    sentence_index INTEGER NOT NULL,
    evidence VARCHAR NOT NULL,
    trigger_text VARCHAR,
    trigger_start INTEGER,
    trigger_end INTEGER,
    cluster_id VARCHAR,                 -- shared by the events of several articles that report one event
    -- Derived from the event's actors and evidence when the row is written (store/keys.py says how), so that
    -- filters and aggregates read this one table: no join to event_actors, no scan of every evidence sentence.
    actor_keys VARCHAR,                 -- |COUNTRY/ROLE| of every actor, either side: |USA/GOV|/CVL|
    source_keys VARCHAR,                -- the same for the source actors
    target_keys VARCHAR,                -- and for the target actors
    actor_names VARCHAR,                -- every actor's name, one per line
    dyads VARCHAR,                      -- the distinct source-target country pairs: |USA-NER|FRA-NER|
    dyad_count INTEGER,                 -- how many; NULL: not derived yet
    grams0 BIGINT,                      -- a Bloom filter of the lower-cased evidence's trigrams, for text search
    grams1 BIGINT,
    grams2 BIGINT,
    grams3 BIGINT
)
;
-- A database written before the derived columns existed gets them here; opening it for writing fills them.
ALTER TABLE events ADD COLUMN IF NOT EXISTS actor_keys VARCHAR
;
ALTER TABLE events ADD COLUMN IF NOT EXISTS source_keys VARCHAR
;
ALTER TABLE events ADD COLUMN IF NOT EXISTS target_keys VARCHAR
;
ALTER TABLE events ADD COLUMN IF NOT EXISTS actor_names VARCHAR
;
ALTER TABLE events ADD COLUMN IF NOT EXISTS dyads VARCHAR
;
ALTER TABLE events ADD COLUMN IF NOT EXISTS dyad_count INTEGER
;
ALTER TABLE events ADD COLUMN IF NOT EXISTS grams0 BIGINT
;
ALTER TABLE events ADD COLUMN IF NOT EXISTS grams1 BIGINT
;
ALTER TABLE events ADD COLUMN IF NOT EXISTS grams2 BIGINT
;
ALTER TABLE events ADD COLUMN IF NOT EXISTS grams3 BIGINT
;
CREATE TABLE IF NOT EXISTS event_actors (
    event_id VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    side VARCHAR NOT NULL,              -- source or target
    ordinal INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    country VARCHAR,
    role VARCHAR,
    kind VARCHAR,
    first_in_event BOOLEAN,             -- the first row of this actor (name, country, role) in the event
    first_on_side BOOLEAN               -- ... on this side: counting actors' events needs no DISTINCT
)
;
ALTER TABLE event_actors ADD COLUMN IF NOT EXISTS first_in_event BOOLEAN
;
ALTER TABLE event_actors ADD COLUMN IF NOT EXISTS first_on_side BOOLEAN
;
CREATE TABLE IF NOT EXISTS mentions (
    event_id VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    ordinal INTEGER NOT NULL,
    sentence_index INTEGER NOT NULL,
    evidence VARCHAR NOT NULL,
    trigger_text VARCHAR NOT NULL,
    trigger_start INTEGER NOT NULL,
    trigger_end INTEGER NOT NULL
)
;
CREATE TABLE IF NOT EXISTS quantities (
    article_id VARCHAR NOT NULL,
    event_id VARCHAR,                   -- NULL: in the article but attached to no event
    text VARCHAR NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    unit VARCHAR NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    vague BOOLEAN NOT NULL
)
;
CREATE TABLE IF NOT EXISTS quotes (
    article_id VARCHAR NOT NULL,
    ordinal INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    direct BOOLEAN NOT NULL,
    speaker_name VARCHAR,
    speaker_country VARCHAR,
    speaker_role VARCHAR
)
;
CREATE TABLE IF NOT EXISTS clusters (
    id VARCHAR PRIMARY KEY,             -- the id of its earliest-ordered event
    category VARCHAR NOT NULL,
    events INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    date_earliest DATE,
    date_latest DATE
)
;
CREATE TABLE IF NOT EXISTS failures (
    origin VARCHAR PRIMARY KEY,         -- the input that failed: path, path:line, URL#entry
    reason VARCHAR NOT NULL,
    run_id BIGINT,
    failed_at TIMESTAMP
)
;
CREATE INDEX IF NOT EXISTS articles_published ON articles (published)
;
CREATE INDEX IF NOT EXISTS article_bands_key ON article_bands (band, band_key)
;
CREATE INDEX IF NOT EXISTS sentences_article ON sentences (article_id)
;
CREATE INDEX IF NOT EXISTS actors_article ON actors (article_id)
;
CREATE INDEX IF NOT EXISTS events_article ON events (article_id)
;
CREATE INDEX IF NOT EXISTS events_date ON events (event_date)
;
CREATE INDEX IF NOT EXISTS events_category ON events (category)
;
CREATE INDEX IF NOT EXISTS events_dyad ON events (source_country, target_country)
;
CREATE INDEX IF NOT EXISTS events_cluster ON events (cluster_id)
;
CREATE INDEX IF NOT EXISTS event_actors_event ON event_actors (event_id)
;
CREATE INDEX IF NOT EXISTS event_actors_country ON event_actors (country, role)
;
CREATE INDEX IF NOT EXISTS mentions_event ON mentions (event_id)
;
CREATE INDEX IF NOT EXISTS quantities_article ON quantities (article_id)
;
CREATE INDEX IF NOT EXISTS quotes_article ON quotes (article_id)
