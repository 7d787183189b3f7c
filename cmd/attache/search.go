package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"attache"
)

// filterFlags are the event filters shared by search and export.
type filterFlags struct {
	dyad, countries, codes, since, until, publisher *string
}

func addFilterFlags(fs interface {
	String(name, value, usage string) *string
}) filterFlags {
	return filterFlags{
		dyad:      fs.String("dyad", "", "events between two parties, `A-B` (VNM-UZB)"),
		countries: fs.String("country", "", "events with any of these `codes` as a party (comma-separated)"),
		codes:     fs.String("code", "", "CAMEO code `prefixes` (04, 042; comma-separated)"),
		since:     fs.String("since", "", "first `date` (YYYY, YYYY-MM or YYYY-MM-DD)"),
		until:     fs.String("until", "", "last `date`"),
		publisher: fs.String("publisher", "", "only this `publisher`"),
	}
}

func (ff filterFlags) filter() (attache.EventFilter, error) {
	var f attache.EventFilter
	var err error
	if *ff.dyad != "" {
		if f.Dyad, err = parseCountryPair(*ff.dyad); err != nil {
			return f, errUsage{err.Error()}
		}
	}
	for _, c := range splitList(*ff.countries) {
		f.Countries = append(f.Countries, attache.Country(strings.ToUpper(c)))
	}
	f.Codes = splitList(*ff.codes)
	if f.Since, err = attache.ParseDate(*ff.since); err != nil {
		return f, errUsage{"--since: " + err.Error()}
	}
	if f.Until, err = attache.ParseDate(*ff.until); err != nil {
		return f, errUsage{"--until: " + err.Error()}
	}
	f.Publisher = *ff.publisher
	return f, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func runSearch(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "search", "QUERY [filters] [--db PATH]",
		"Full-text search over the stored story sentences (diacritics and case ignored), with the\n"+
			"events coded from each matching sentence. Filters narrow the events.")
	db := dbFlag(fs)
	ff := addFilterFlags(fs)
	limit := fs.Int("limit", 20, "at most this many sentences")
	asJSON := fs.Bool("json", false, "print JSON")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	query := strings.Join(rest, " ")
	if strings.TrimSpace(query) == "" {
		return errUsage{"no query: attache search WORDS..."}
	}
	f, err := ff.filter()
	if err != nil {
		return err
	}
	f.Limit = *limit
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	hits, err := st.SearchSentences(ctx, query, f)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(hits)
	}
	if len(hits) == 0 {
		fmt.Fprintln(e.stdout, "no sentence matches")
		return nil
	}
	for _, h := range hits {
		fmt.Fprintf(e.stdout, "%s  %s #%d\n  %s\n", h.Date, h.Doc, h.Sentence, h.Snippet)
	}
	return nil
}
