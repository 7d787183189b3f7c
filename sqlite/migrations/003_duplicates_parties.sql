-- Near-duplicate documents and an index of fact parties (SQLite only; the
-- PostgreSQL store has its own migrations).
--
-- documents.fingerprint is merge.Fingerprint(text), the 64-bit SimHash of
-- the text's word 3-shingles, stored as the signed integer with the same
-- bits; NULL when the text has no words (nothing to compare). Its four
-- 16-bit bands, low bits first, have an index each: two fingerprints within
-- merge.SimHashMaxDistance (3) bits agree in at least one of four bands, so
-- a save finds its candidates by exact band match and keeps those within
-- 3 bits. The indexes carry the fingerprint, so that the candidates are
-- read from them alone, not from the wide rows of documents. near_duplicates links each document to the near-duplicates that
-- were stored before it (document_id is the later one); either direction
-- makes the two near-duplicates.
--
-- fact_parties holds one row per party of a fact (the values of the JSON
-- array facts.parties), so the country and dyad filters of FindFacts read
-- an index instead of decoding every fact's parties.
--
-- The store runs a Go step in the same transaction after these statements
-- (backfillFingerprints in sqlite.go): it fills the fingerprint and bands of
-- the documents already stored and links the near-duplicates among them,
-- as if they had been saved in id order. fact_parties is filled below.

-- +goose Up
ALTER TABLE documents ADD COLUMN fingerprint INTEGER;
ALTER TABLE documents ADD COLUMN fp_band0 INTEGER;
ALTER TABLE documents ADD COLUMN fp_band1 INTEGER;
ALTER TABLE documents ADD COLUMN fp_band2 INTEGER;
ALTER TABLE documents ADD COLUMN fp_band3 INTEGER;
CREATE INDEX documents_fp_band0 ON documents (fp_band0, fingerprint);
CREATE INDEX documents_fp_band1 ON documents (fp_band1, fingerprint);
CREATE INDEX documents_fp_band2 ON documents (fp_band2, fingerprint);
CREATE INDEX documents_fp_band3 ON documents (fp_band3, fingerprint);

CREATE TABLE near_duplicates (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    other_id    INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    distance    INTEGER NOT NULL,                -- Hamming distance of the fingerprints
    PRIMARY KEY (document_id, other_id),
    CHECK (document_id <> other_id)
) WITHOUT ROWID;
CREATE INDEX near_duplicates_other ON near_duplicates (other_id);

CREATE TABLE fact_parties (
    fact_id INTEGER NOT NULL REFERENCES facts (id) ON DELETE CASCADE,
    country TEXT NOT NULL,
    PRIMARY KEY (fact_id, country)
) WITHOUT ROWID;
CREATE INDEX fact_parties_country ON fact_parties (country, fact_id);

INSERT INTO fact_parties (fact_id, country)
    SELECT DISTINCT f.id, p.value FROM facts f, json_each(f.parties) p;

-- +goose Down
DROP TABLE fact_parties;
DROP TABLE near_duplicates;
DROP INDEX documents_fp_band3;
DROP INDEX documents_fp_band2;
DROP INDEX documents_fp_band1;
DROP INDEX documents_fp_band0;
ALTER TABLE documents DROP COLUMN fp_band3;
ALTER TABLE documents DROP COLUMN fp_band2;
ALTER TABLE documents DROP COLUMN fp_band1;
ALTER TABLE documents DROP COLUMN fp_band0;
ALTER TABLE documents DROP COLUMN fingerprint;
