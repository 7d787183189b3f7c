package attache

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"attache/cameo"
)

// ErrNotFound is returned (wrapped) when a document, event or cluster asked
// for by its ID is not stored.
var ErrNotFound = errors.New("not found")

// ErrBadCursor is returned (wrapped) when a page cursor is not one the
// store gave out.
var ErrBadCursor = errors.New("not a cursor of this store")

// ErrStoreUnavailable marks errors of a store as a whole rather than of one
// document: it is read-only, full, damaged or unreachable. Going on with
// the next document would only fail again, so ingestion stops.
var ErrStoreUnavailable = errors.New("store unavailable")

// StoreUnavailable wraps err so that errors.Is(err, ErrStoreUnavailable)
// holds, keeping err's message as it is.
func StoreUnavailable(err error) error {
	if err == nil {
		return nil
	}
	return unavailableError{err}
}

type unavailableError struct{ error }

func (e unavailableError) Is(target error) bool { return target == ErrStoreUnavailable }
func (e unavailableError) Unwrap() error        { return e.error }

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
	Cluster   string // events of one cluster (reports of one real-world event)
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

// StoredDocument is a document as stored: its text and metadata, the
// sentences, events and facts coded from it (Document.Sentences carry Span,
// Index and Headline; Tokens, Leftovers and Warnings are not stored), and
// the stored documents found to be near-duplicates of it.
type StoredDocument struct {
	Document
	Key          int64     `json:"-"` // the store's own key, stable until the document is deleted
	CoderVersion string    `json:"coder_version"`
	StoredAt     time.Time `json:"stored_at"`
	// Duplicates are the IDs of other stored documents whose text is a
	// near-duplicate of this one (SimHash fingerprints within
	// merge.SimHashMaxDistance bits), in either direction.
	Duplicates []string `json:"duplicates,omitempty"`
}

// DyadCount is how active a pair of parties is among the events a filter
// selects. A < B; both directions are counted.
type DyadCount struct {
	A         Country `json:"a"`
	B         Country `json:"b"`
	Events    int     `json:"events"`
	Goldstein float64 `json:"goldstein"` // mean Goldstein value of those events
}

// FacetCount is one value of a facet and the number of events with it.
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Facets counts the events a filter selects by CAMEO root, by country (as
// source or target; an event between two countries counts for both) and by
// publisher, most frequent first.
type Facets struct {
	Roots      []FacetCount `json:"roots"`
	Countries  []FacetCount `json:"countries"`
	Publishers []FacetCount `json:"publishers"`
}

// DateCount is how many of the events a filter selects have one date (at
// the precision stored; the zero Date for undated events), one CAMEO root
// and one quad class, with the sum of their Goldstein values. Summing
// rows gives the counts and means over months, years or the whole set
// without reading the events.
type DateCount struct {
	Date         Date       `json:"date"`
	Root         cameo.Code `json:"root"`
	Quad         int        `json:"quad"`
	Events       int        `json:"events"`
	GoldsteinSum float64    `json:"goldstein_sum"`
}

// EventStore keeps coded documents and answers questions about them. The
// SQLite and PostgreSQL stores implement it; both are safe for concurrent
// use.
type EventStore interface {
	// SaveDocument stores a coded document, its sentences, events and
	// facts in one transaction. A document whose content hash is stored
	// already is left as it is (New is false): ingestion is idempotent.
	SaveDocument(ctx context.Context, d *Document, coderVersion string) (SaveResult, error)
	// SaveDocuments stores several documents in one transaction (much
	// faster than one transaction each) and returns a result per document,
	// in order. Documents already stored, or repeated within docs, are not
	// stored again. On error nothing of the batch is stored.
	SaveDocuments(ctx context.Context, docs []*Document, coderVersion string) ([]SaveResult, error)
	// Document returns the stored document with this ID (the most recently
	// stored one when several texts share the ID), or an error wrapping
	// ErrNotFound.
	Document(ctx context.Context, id string) (*StoredDocument, error)
	// FindEvents returns events matching f, newest first, and the cursor
	// of the next page ("" when there is none).
	FindEvents(ctx context.Context, f EventFilter) ([]StoredEvent, string, error)
	// FindFacts returns facts of the documents matching f's countries,
	// dyad, dates and publisher.
	FindFacts(ctx context.Context, f EventFilter) ([]StoredFact, error)
	// SearchSentences runs a full-text query over story sentences.
	SearchSentences(ctx context.Context, query string, f EventFilter) ([]SentenceHit, error)
	// Dyads returns the pairs of different countries among the events
	// matching f, most events first, at most limit of them.
	Dyads(ctx context.Context, f EventFilter, limit int) ([]DyadCount, error)
	// Facets counts the events matching f by root, country and publisher,
	// keeping the limit most frequent values of each.
	Facets(ctx context.Context, f EventFilter, limit int) (Facets, error)
	// DateCounts counts the events matching f (all of f but Limit and
	// Cursor) by date (at the precision stored), CAMEO root and quad
	// class, with the sum of their Goldstein values; ordered by date (as
	// its string, so undated events, with the zero Date, come first),
	// root and quad.
	DateCounts(ctx context.Context, f EventFilter) ([]DateCount, error)
	Stats(ctx context.Context) (StoreStats, error)
	Close() error
}

// Maintainer is the store side of `attache recode` and `attache merge`:
// walking the stored documents, replacing their coding, and recording
// event clusters. Both stores implement it.
type Maintainer interface {
	// EachDocument calls fn for every stored document whose coder version
	// is not current (every document when current is ""), in storage
	// order, with its text and metadata (no sentences, events or facts).
	// It reads in pages so that fn may write to the store.
	EachDocument(ctx context.Context, current string, fn func(StoredDocument) error) error
	// Recode replaces the sentences, events and facts of the stored
	// document with key d.Key by those of d.Document (the same text coded
	// again) and records the coder version, in one transaction.
	Recode(ctx context.Context, d *StoredDocument, coderVersion string) error
	// SetClusters records which cluster each stored event belongs to,
	// keyed by {document ID, event ID}, in one transaction; events not in
	// the map keep no cluster.
	SetClusters(ctx context.Context, clusters map[[2]string]string) error
}
