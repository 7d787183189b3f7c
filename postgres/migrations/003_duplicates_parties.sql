-- Near-duplicate documents and an index of fact parties: the tables and
-- columns of the SQLite store's migration of the same number.
--
-- documents.fingerprint is merge.Fingerprint(text), the 64-bit SimHash of
-- the text's word 3-shingles, stored as the signed BIGINT with the same
-- bits; NULL when the text has no words (nothing to compare). Its four
-- 16-bit bands, low bits first, have an index each: two fingerprints within
-- merge.SimHashMaxDistance (3) bits agree in at least one of four bands, so
-- a save finds its candidates by exact band match and keeps those within 3
-- bits. near_duplicates links each document to the near-duplicates stored
-- before it (document_id is the later one); either direction makes the two
-- near-duplicates.
--
-- fact_parties holds one row per party of a fact (the values of
-- facts.parties), so the country and dyad filters of FindFacts read a
-- B-tree instead of the arrays; the GIN index on the arrays goes.
--
-- The store runs a Go step in the same transaction after these statements
-- (backfillFingerprints in duplicates.go): it fills the fingerprint and
-- bands of the documents already stored and links the near-duplicates among
-- them, as if they had been saved in key order. fact_parties is filled here.

-- +goose Up
ALTER TABLE documents
    ADD COLUMN fingerprint BIGINT,
    ADD COLUMN fp_band0 INTEGER,
    ADD COLUMN fp_band1 INTEGER,
    ADD COLUMN fp_band2 INTEGER,
    ADD COLUMN fp_band3 INTEGER;
-- Each band's index covers the candidates' keys and fingerprints, so that
-- finding them reads no table pages once autovacuum has marked them
-- all-visible.
CREATE INDEX documents_fp_band0 ON documents (fp_band0) INCLUDE (fingerprint, id);
CREATE INDEX documents_fp_band1 ON documents (fp_band1) INCLUDE (fingerprint, id);
CREATE INDEX documents_fp_band2 ON documents (fp_band2) INCLUDE (fingerprint, id);
CREATE INDEX documents_fp_band3 ON documents (fp_band3) INCLUDE (fingerprint, id);

CREATE TABLE near_duplicates (
    document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    other_id    BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    distance    INTEGER NOT NULL,                -- Hamming distance of the fingerprints
    PRIMARY KEY (document_id, other_id),
    CHECK (document_id <> other_id)
);
CREATE INDEX near_duplicates_other ON near_duplicates (other_id);

CREATE TABLE fact_parties (
    fact_id BIGINT NOT NULL REFERENCES facts (id) ON DELETE CASCADE,
    country TEXT NOT NULL,
    PRIMARY KEY (fact_id, country)
);
CREATE INDEX fact_parties_country ON fact_parties (country, fact_id);

INSERT INTO fact_parties (fact_id, country)
    SELECT DISTINCT f.id, p FROM facts f CROSS JOIN LATERAL unnest(f.parties) AS p;
DROP INDEX facts_parties;

-- +goose Down
CREATE INDEX facts_parties ON facts USING gin (parties);
DROP TABLE fact_parties;
DROP TABLE near_duplicates;
ALTER TABLE documents
    DROP COLUMN fp_band3,
    DROP COLUMN fp_band2,
    DROP COLUMN fp_band1,
    DROP COLUMN fp_band0,
    DROP COLUMN fingerprint;
