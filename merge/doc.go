// Package merge finds what several reports have in common: the coded events
// that are one real-world event (clusters), and the articles that are one
// story republished (near-duplicates).
//
// # Event clusters
//
// A Clusterer reads the events of each document as it arrives and puts
// every event in exactly one Cluster. An event joins an existing cluster
// when all of these hold; otherwise it starts a new one.
//
//   - Mode: the same mode. A planned visit is not the visit, and "did not
//     sign" is not a signing, so planned, negated and hypothetical events
//     cluster only among themselves.
//   - Actors: the same pair of countries (Actor.Country; sectors are not
//     compared, since one report's "Vietnam" is another's "Prime Minister
//     Chinh"). The pair is unordered when the act is symmetric, ordered
//     otherwise. "Host a visit" (043) is read as "make a visit" (042) with
//     the actors swapped, so A hosting B and B visiting A are the same visit;
//     a cluster of visits always shows 042 guest → host.
//   - Code: compatible codes. Both have the same root and one is a prefix of
//     the other ("04" agrees with "042"; "0311" with "031"), or both are in
//     the meeting family 040 consult, 044 meet at a third location, 046
//     negotiate: one article's "held talks" is another's "negotiations in
//     Muscat". A phone call (041) is not a meeting and a visit (042) is not
//     the talks held during it: they stay clusters of their own.
//   - Date: equal at the coarser of the two precisions: 2025-03 and
//     2025-03-06 agree, 2025-03-06 and 2025-03-07 do not. No day before or
//     after is allowed; the coder already resolves "yesterday" against the
//     reference date.
//   - Place: the same place when both give one (coordinates within
//     PlaceRadiusKm when both have them, else the same folded name, and
//     never two different countries). An event without a place may join a
//     cluster with one, and the other way round.
//
// An event with no source or target country, no valid code or no date has
// nothing to be compared on: it gets a cluster of its own that nothing else
// joins.
//
// The acts that are symmetric, where "A did it with B" and "B did it with A"
// are the same act and the coder emits both directions, are the ones that
// take two willing parties by definition:
//
//	04 040  consult (generic)          044  meet at a third location
//	041     discuss by telephone       046  engage in negotiation
//	057     sign formal agreement      06 060 061 062 063  cooperate
//	                                   (generic, economically, militarily,
//	                                   on judicial matters)
//
// Everything else is directed. 042/043 (visits) have a guest and a host;
// 045 (mediate) a mediator; 064 (share intelligence) a giver; the 03 intents
// and 05 praise or support are one party's statement about another. Fights
// (19x) are directed too, although they take two sides: CAMEO codes the
// attacker as the source, "clashes between A and B" is coded both ways by
// the coder anyway, and merging A's attack with B's retaliation would erase
// who struck first, which is what conflict analysts most want to know.
// A symmetric and a directed code can still agree ("04" with "042", "05"
// with "057"); the pair is then compared unordered, and the cluster takes
// the orientation of its directed members.
//
// A cluster describes its members: Code is the most specific code they all
// agree on (044 and 046 together give 040), Date the most precise date
// consistent with them all, Place the first place given, Source and Target
// the orientation of its first member, or of the member that gave it a
// directed code when it had a symmetric one before ("04", then "042"). NumMentions counts distinct sentences
// (document, sentence) that report the event, so "A and B held talks",
// coded in both directions, is one mention; NumArticles counts documents;
// NumSources counts distinct publishers after folding, all documents with
// no publisher counting as one unknown source.
//
// Clustering is incremental and greedy: an event is compared with the
// clusters as they stand, and when several fit it joins the best (same date
// precision, same code, same place, same direction; then the oldest).
// Clusters are never merged or split afterwards, so an event's cluster ID,
// once returned, never changes, and the store only ever adds. Given the same
// documents in the same order a Clusterer returns the same clusters with the
// same IDs: an ID is a hash of the first member's document and event IDs.
// A different order may give different clusters; that is the price of never
// rewriting an ID. Candidates are looked up by mode, code root, unordered
// pair, year and month, so Add compares an event with the few clusters it
// could join however many clusters there are.
//
// # Near-duplicate articles
//
// Text is folded with attache/fold (lower case, diacritics removed, curly
// quotes straightened), cut into words of letters, digits and marks, and the words
// are taken three at a time (word 3-shingles). Fingerprint is the 64-bit
// SimHash of the shingles and Near accepts at most SimHashMaxDistance (3)
// differing bits: that recognises the same text re-encoded, re-cased,
// re-punctuated or re-wrapped, and little more. It is not enough for a wire
// story republished under another headline and byline with a few words
// edited: SimHash flips about 64·θ/π bits for shingle count vectors at
// angle θ, so changing 1% of the shingles flips three bits on average. In the
// tests one word changed in a 250-word story already costs four bits, and a
// new headline, byline and four edited words twelve. So the Index also
// keeps a MinHash signature of 128 values and declares a near-duplicate when
// the estimated Jaccard similarity of the shingle sets is at least
// DefaultJaccard (0.5), or when the SimHashes are Near. The republished test
// story measures 0.76 (exact; the estimate has a standard error of at most
// 0.045); two different stories about the same meeting share names and
// titles but few three-word runs and measure 0.02. A story cut to half its
// length measures 0.5, right at the threshold: truncated copies are the
// weak spot of Jaccard (containment would catch them).
//
// The Index finds candidates in sub-linear time with LSH banding: the 128
// values form 32 bands of 4, and two texts are compared only when one band
// is equal. A pair at Jaccard 0.5 shares a band with probability 0.87, at
// 0.6 with 0.99, at 0.2 with 0.05.
package merge
