-- Full-text search over story sentences. sentences.folded holds the words
-- of the sentence text as the store writes them: fold.String (lower case,
-- diacritics removed, đ → d), cut into runs of letters and digits joined by
-- single spaces, so "viet nam" finds "Việt Nam" and PostgreSQL's parser sees
-- nothing but plain words. tsv indexes them with the 'simple' configuration
-- (no stemming, no stop words); queries go through to_tsquery('simple', …)
-- over operands the store has quoted itself.

-- +goose Up
ALTER TABLE sentences ADD COLUMN folded TEXT NOT NULL DEFAULT '';
ALTER TABLE sentences ADD COLUMN tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, folded)) STORED;
CREATE INDEX sentences_tsv ON sentences USING gin (tsv);

-- +goose Down
DROP INDEX sentences_tsv;
ALTER TABLE sentences DROP COLUMN tsv;
ALTER TABLE sentences DROP COLUMN folded;
