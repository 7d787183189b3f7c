package main

import (
	"context"
	"encoding/json"
	"strings"

	"attache"
	"attache/dyad"
	"attache/lexicon"
)

func runDyad(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "dyad", "A B [--since D] [--db PATH] [--json]",
		"The relationship between two parties at a glance: events by CAMEO root per month with the\n"+
			"cooperation–conflict line, the latest events with their sentences, agreements signed, trade\n"+
			"figures with their sources, the partnership framework, first and last contact.")
	db := dbFlag(fs)
	since := fs.String("since", "", "only events from this `date` on")
	latest := fs.Int("latest", 10, "how many of the latest events to show")
	asJSON := fs.Bool("json", false, "print JSON")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	var pair [2]attache.Country
	switch len(rest) {
	case 1:
		if pair, err = parseCountryPair(rest[0]); err != nil {
			return errUsage{err.Error()}
		}
	case 2:
		pair = [2]attache.Country{attache.Country(strings.ToUpper(rest[0])), attache.Country(strings.ToUpper(rest[1]))}
	default:
		return errUsage{"want two parties: attache dyad VNM UZB"}
	}
	sinceDate, err := attache.ParseDate(*since)
	if err != nil {
		return errUsage{"--since: " + err.Error()}
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	s, err := dyad.Build(ctx, st, pair[0], pair[1], dyad.Options{Since: sinceDate, Latest: *latest})
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	}
	lex, err := lexicon.Load()
	if err != nil {
		return err
	}
	return s.WriteText(e.stdout, lex.CountryName)
}
