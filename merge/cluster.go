package merge

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"attache"
	"attache/cameo"
	"attache/fold"
)

// Ref names one event of one document.
type Ref struct {
	Doc   string `json:"doc"`
	Event string `json:"event"`
}

// DocInfo is what the Clusterer needs to know about a document.
type DocInfo struct {
	ID        string
	Publisher string
}

// Cluster is one real-world event and the reports of it. See the package
// comment for how its fields are derived from its members. A Cluster
// returned by the Clusterer is a snapshot that later Adds leave as it is;
// its Events and Place share memory with the Clusterer and must not be
// modified.
type Cluster struct {
	ID          string          `json:"id"`
	Events      []Ref           `json:"events"`
	Source      attache.Country `json:"source"`
	Target      attache.Country `json:"target"`
	Code        cameo.Code      `json:"cameo"`
	Date        attache.Date    `json:"date"`
	Symmetric   bool            `json:"symmetric"`
	Mode        attache.Mode    `json:"mode"`
	Place       *attache.Place  `json:"place,omitempty"`
	NumMentions int             `json:"num_mentions"`
	NumArticles int             `json:"num_articles"`
	NumSources  int             `json:"num_sources"`
}

// ClusterChange is what one Add did to one cluster: the store upserts
// Cluster and sets the cluster ID of the Added events.
type ClusterChange struct {
	Cluster Cluster // the cluster after the Add
	New     bool    // the cluster was created by this Add
	Added   []Ref   // the events of the document that joined it
}

// PlaceRadiusKm is how far apart two places with coordinates may be and
// still be the same place: a city and its airport or a suburb.
const PlaceRadiusKm = 25

// Clusterer groups events into clusters incrementally. It is safe for
// concurrent use, but the IDs it gives depend on the order of the Adds, so
// a caller that wants reproducible IDs adds documents in a fixed order.
type Clusterer struct {
	mu        sync.Mutex
	buckets   map[bucketKey][]*cluster
	byID      map[string]*cluster
	assigned  map[Ref]string
	countries map[attache.Country]int32 // small numbers for bucket keys
	next      int
}

// NewClusterer returns an empty Clusterer.
func NewClusterer() *Clusterer {
	return &Clusterer{
		buckets:   map[bucketKey][]*cluster{},
		byID:      map[string]*cluster{},
		assigned:  map[Ref]string{},
		countries: map[attache.Country]int32{},
	}
}

// cluster is a Cluster with what is needed to keep it up to date.
type cluster struct {
	Cluster
	seq      int          // creation order, for ties
	alone    bool         // an event with nothing to compare on: nothing joins it
	key      bucketKey    // the bucket it is filed under
	codes    []cameo.Code // distinct (canonical) codes of the members
	docs     set[string]
	sources  set[string]
	mentions set[mention]
}

// set is a set that stays a slice while small, as most clusters are, and
// becomes a map when it grows.
type set[K comparable] struct {
	small []K
	big   map[K]struct{}
}

const smallSet = 16

func (s *set[K]) add(k K) {
	if s.big != nil {
		s.big[k] = struct{}{}
		return
	}
	for _, o := range s.small {
		if o == k {
			return
		}
	}
	if len(s.small) < smallSet {
		s.small = append(s.small, k)
		return
	}
	s.big = make(map[K]struct{}, 2*smallSet)
	for _, o := range s.small {
		s.big[o] = struct{}{}
	}
	s.big[k] = struct{}{}
	s.small = nil
}

func (s *set[K]) len() int {
	if s.big != nil {
		return len(s.big)
	}
	return len(s.small)
}

type mention struct {
	doc      string
	sentence int
}

// bucketKey files a cluster where the events that could join it look:
// same mode, same root, same unordered pair (as small numbers), same year
// and month (month 0 for a year-precision cluster).
type bucketKey struct {
	mode   attache.Mode
	root   uint8
	month  uint8
	lo, hi int32
	year   int32
}

// item is an event in canonical form: 043 read as 042 with the actors
// swapped, the code filled from the root when missing.
type item struct {
	src, tgt attache.Country
	code     cameo.Code
	date     attache.Date
	place    *attache.Place
	mode     attache.Mode
	sentence int
}

func canonical(ev *attache.Event) item {
	it := item{src: ev.Source.Country, tgt: ev.Target.Country, code: ev.Code,
		date: ev.Date, place: ev.Place, mode: ev.Mode, sentence: ev.Sentence}
	if it.code == "" {
		it.code = ev.Root
	}
	if it.code == codeHost {
		it.code = codeVisit
		it.src, it.tgt = it.tgt, it.src
	}
	return it
}

// comparable reports whether it has what clustering compares.
func (it *item) comparable() bool {
	return it.src != "" && it.tgt != "" && it.code.Valid() && !it.date.IsZero()
}

func (c *Clusterer) key(src, tgt attache.Country, code cameo.Code, d attache.Date, mode attache.Mode) bucketKey {
	lo, hi := c.country(src), c.country(tgt)
	if hi < lo {
		lo, hi = hi, lo
	}
	return bucketKey{mode: mode, root: (code[0]-'0')*10 + code[1] - '0', lo: lo, hi: hi,
		year: int32(d.Year), month: uint8(d.Month)}
}

func (c *Clusterer) country(k attache.Country) int32 {
	n, ok := c.countries[k]
	if !ok {
		n = int32(len(c.countries))
		c.countries[k] = n
	}
	return n
}

func (c *Clusterer) itemKey(it *item) bucketKey {
	return c.key(it.src, it.tgt, it.code, it.date, it.mode)
}

// Add clusters the events of one document and returns one change for every
// cluster it created or extended, in the order they were first touched.
// Events already added (same document and event ID) are skipped, so adding
// a document twice changes nothing. An event with no ID is named
// "<doc>#<index>".
func (c *Clusterer) Add(doc DocInfo, events []attache.Event) []ClusterChange {
	c.mu.Lock()
	defer c.mu.Unlock()
	var changes []ClusterChange
	var touched []*cluster
	source := sourceKey(doc.Publisher)
	for i := range events {
		ev := &events[i]
		ref := Ref{Doc: doc.ID, Event: ev.ID}
		if ref.Event == "" {
			ref.Event = doc.ID + "#" + strconv.Itoa(i)
		}
		if _, dup := c.assigned[ref]; dup {
			continue
		}
		it := canonical(ev)
		cl := c.find(&it)
		isNew := cl == nil
		if isNew {
			cl = c.create(ref, &it)
		}
		c.join(cl, ref, doc.ID, source, &it)
		c.assigned[ref] = cl.ID
		k := -1
		for j, t := range touched {
			if t == cl {
				k = j
				break
			}
		}
		if k < 0 {
			touched = append(touched, cl)
			changes = append(changes, ClusterChange{New: isNew})
			k = len(changes) - 1
		}
		changes[k].Added = append(changes[k].Added, ref)
	}
	for j, cl := range touched {
		changes[j].Cluster = cl.snapshot()
	}
	return changes
}

// Cluster returns the cluster with the given ID as it stands.
func (c *Clusterer) Cluster(id string) (Cluster, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cl, ok := c.byID[id]
	if !ok {
		return Cluster{}, false
	}
	return cl.snapshot(), true
}

// ClusterOf returns the ID of the cluster an event was put in.
func (c *Clusterer) ClusterOf(r Ref) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	id, ok := c.assigned[r]
	return id, ok
}

// Len returns the number of clusters.
func (c *Clusterer) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.byID)
}

// snapshot returns the public view of cl. Events shares the cluster's
// array but is capped at its length: later members are appended past it
// and never overwrite what the snapshot sees.
func (cl *cluster) snapshot() Cluster {
	s := cl.Cluster
	s.Events = s.Events[:len(s.Events):len(s.Events)]
	return s
}

// find returns the best cluster it can join, or nil.
func (c *Clusterer) find(it *item) *cluster {
	if !it.comparable() {
		return nil
	}
	k := c.itemKey(it)
	var best *cluster
	bestScore := -1
	look := func(k bucketKey) {
		for _, cl := range c.buckets[k] {
			s, ok := fit(cl, it)
			if ok && (s > bestScore || s == bestScore && cl.seq < best.seq) {
				best, bestScore = cl, s
			}
		}
	}
	switch it.date.Precision() {
	case attache.YearPrecision:
		for m := range uint8(13) {
			k.month = m
			look(k)
		}
	default:
		look(k)
		k.month = 0
		look(k)
	}
	return best
}

// fit reports whether it may join cl and how well it fits: higher is
// better.
func fit(cl *cluster, it *item) (int, bool) {
	if cl.alone || !compatible(cl.Code, it.code) || !datesAgree(cl.Date, it.date) {
		return 0, false
	}
	sameWay := cl.Source == it.src && cl.Target == it.tgt
	if !sameWay && !cl.Symmetric && !Symmetric(it.code) {
		return 0, false
	}
	if cl.Place != nil && it.place != nil && !SamePlace(cl.Place, it.place) {
		return 0, false
	}
	score := 0
	if cl.Date == it.date {
		score += 8
	}
	if cl.Code == it.code {
		score += 4
	}
	if cl.Place != nil && it.place != nil {
		score += 2
	}
	if sameWay {
		score++
	}
	return score, true
}

// datesAgree reports whether a and b are equal at the coarser of their
// precisions.
func datesAgree(a, b attache.Date) bool {
	if a.Year != b.Year {
		return false
	}
	p := min(a.Precision(), b.Precision())
	if p >= attache.MonthPrecision && a.Month != b.Month {
		return false
	}
	return p < attache.DayPrecision || a.Day == b.Day
}

func (c *Clusterer) create(first Ref, it *item) *cluster {
	cl := &cluster{
		Cluster: Cluster{ID: c.newID(first), Source: it.src, Target: it.tgt, Code: it.code,
			Date: it.date, Symmetric: Symmetric(it.code), Mode: it.mode},
		seq:   c.next,
		alone: !it.comparable(),
	}
	c.next++
	c.byID[cl.ID] = cl
	if !cl.alone {
		cl.key = c.itemKey(it)
		c.buckets[cl.key] = append(c.buckets[cl.key], cl)
	}
	return cl
}

// newID hashes the first member's reference; on the (never yet seen)
// collision of 64-bit hashes it hashes again with a counter.
func (c *Clusterer) newID(r Ref) string {
	for n := 0; ; n++ {
		h := sha256.New()
		h.Write([]byte(r.Doc))
		h.Write([]byte{0})
		h.Write([]byte(r.Event))
		if n > 0 {
			h.Write([]byte{0})
			h.Write([]byte(strconv.Itoa(n)))
		}
		var sum [sha256.Size]byte
		id := "c" + hex.EncodeToString(h.Sum(sum[:0])[:8])
		if _, taken := c.byID[id]; !taken {
			return id
		}
	}
}

// join adds an event to cl and brings cl's description up to date.
func (c *Clusterer) join(cl *cluster, ref Ref, doc, source string, it *item) {
	cl.Events = append(cl.Events, ref)
	cl.docs.add(doc)
	cl.sources.add(source)
	cl.mentions.add(mention{doc, it.sentence})
	cl.NumArticles, cl.NumSources, cl.NumMentions = cl.docs.len(), cl.sources.len(), cl.mentions.len()
	if cl.alone {
		return
	}
	known := false
	for _, k := range cl.codes {
		if k == it.code {
			known = true
			break
		}
	}
	if !known {
		cl.codes = append(cl.codes, it.code)
		code := agreed(cl.codes)
		if cl.Symmetric && !Symmetric(code) {
			// The cluster now has a direction: that of the event
			// that gave it.
			cl.Source, cl.Target = it.src, it.tgt
		}
		cl.Code, cl.Symmetric = code, Symmetric(code)
	}
	if it.date.Precision() > cl.Date.Precision() {
		cl.Date = it.date
	}
	if cl.Place == nil && it.place != nil {
		p := *it.place
		cl.Place = &p
	}
	if k := c.key(cl.Source, cl.Target, cl.Code, cl.Date, cl.Mode); k != cl.key {
		c.refile(cl, k)
	}
}

// refile moves cl to another bucket, when its date became more precise.
func (c *Clusterer) refile(cl *cluster, k bucketKey) {
	b := c.buckets[cl.key]
	for i, o := range b {
		if o == cl {
			b[i] = b[len(b)-1]
			b[len(b)-1] = nil
			b = b[:len(b)-1]
			break
		}
	}
	if len(b) == 0 {
		delete(c.buckets, cl.key)
	} else {
		c.buckets[cl.key] = b
	}
	cl.key = k
	c.buckets[k] = append(c.buckets[k], cl)
}

// sourceKey folds a publisher name so "VnExpress" and "vnexpress " count
// once; "" stands for every unknown publisher.
func sourceKey(p string) string {
	return strings.TrimPrefix(fold.String(strings.TrimSpace(p)), "www.")
}

// SamePlace reports whether a and b are the same place: never when they
// name two different countries; within PlaceRadiusKm when both have
// coordinates; else the same name once folded and stripped of spaces and
// punctuation ("Ha Noi" = "Hà Nội" = "Hanoi").
func SamePlace(a, b *attache.Place) bool {
	if a.Country != "" && b.Country != "" && a.Country != b.Country {
		return false
	}
	if hasCoords(a) && hasCoords(b) {
		return distanceKm(a.Lat, a.Lon, b.Lat, b.Lon) <= PlaceRadiusKm
	}
	return placeName(a.Name) == placeName(b.Name)
}

func hasCoords(p *attache.Place) bool { return p.Lat != 0 || p.Lon != 0 }

func placeName(s string) string {
	var b strings.Builder
	for _, r := range fold.String(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// distanceKm is the great-circle distance between two points.
func distanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	const earthKm = 6371.0
	rad := math.Pi / 180
	dLat, dLon := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthKm * math.Asin(math.Sqrt(min(1, h)))
}
