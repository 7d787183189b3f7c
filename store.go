package attache

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
)

// ContentHash identifies a document by its text: two reports with the same
// text are one document however they arrive, which makes ingestion
// idempotent.
func ContentHash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// EventFilter selects stored events. Zero fields select everything.
type EventFilter struct {
	Countries []Country  // events with any of these as source or target
	Dyad      [2]Country // events between these two, in either direction
	Codes     []string   // CAMEO code prefixes: "04", "042"
	Since     Date       // first day included
	Until     Date       // last day included
	Publisher string
	Doc       string // events of one document
	Text      string // full-text query over the evidence sentences
	Limit     int    // at most this many (0: the store's default)
	Cursor    string // opaque position returned by the previous page
}

// StoredEvent is an event as the store returns it: with its document's
// publisher and URL, the whole sentence it was read from, and the cluster
// of reports of the same real-world event it belongs to.
type StoredEvent struct {
	Event
	Publisher    string `json:"publisher,omitempty"`
	URL          string `json:"url,omitempty"`
	SentenceText string `json:"sentence_text,omitempty"`
	Cluster      string `json:"cluster,omitempty"`
}

// StoredFact is a fact with the document it came from.
type StoredFact struct {
	Fact
	Doc       string `json:"doc"`
	Publisher string `json:"publisher,omitempty"`
	URL       string `json:"url,omitempty"`
}

// SentenceHit is a sentence found by a full-text search.
type SentenceHit struct {
	Doc      string `json:"doc"`
	Sentence int    `json:"sentence"`
	Text     string `json:"text"`
	Snippet  string `json:"snippet"` // the text with the matched words marked
	Date     Date   `json:"date"`    // the document's reference date
}

// SaveResult says what saving a document did.
type SaveResult struct {
	New    bool // false when a document with the same content hash was stored already
	Events int
	Facts  int
}

// StoreStats counts what a store holds.
type StoreStats struct {
	Documents int `json:"documents"`
	Sentences int `json:"sentences"`
	Events    int `json:"events"`
	Facts     int `json:"facts"`
}

// EventStore keeps coded documents and answers questions about them. The
// SQLite and PostgreSQL stores implement it; both are safe for concurrent
// use.
type EventStore interface {
	// SaveDocument stores a coded document, its sentences, events and
	// facts in one transaction. A document whose content hash is stored
	// already is left as it is (New is false): ingestion is idempotent.
	SaveDocument(ctx context.Context, d *Document, coderVersion string) (SaveResult, error)
	// FindEvents returns events matching f, newest first, and the cursor
	// of the next page ("" when there is none).
	FindEvents(ctx context.Context, f EventFilter) ([]StoredEvent, string, error)
	// FindFacts returns facts of the documents matching f's countries,
	// dyad, dates and publisher.
	FindFacts(ctx context.Context, f EventFilter) ([]StoredFact, error)
	// SearchSentences runs a full-text query over story sentences.
	SearchSentences(ctx context.Context, query string, f EventFilter) ([]SentenceHit, error)
	Stats(ctx context.Context) (StoreStats, error)
	Close() error
}
