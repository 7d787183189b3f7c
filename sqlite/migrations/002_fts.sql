-- Full-text search over story sentences (SQLite FTS5; PostgreSQL will use a
-- tsvector column instead). The indexed column holds fold.String of the
-- sentence text: lower case, diacritics removed, đ → d, so "viet nam"
-- finds "Việt Nam". Its rowid is sentences.id.

-- +goose Up
CREATE VIRTUAL TABLE sentences_fts USING fts5 (
    folded,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- +goose Down
DROP TABLE sentences_fts;
