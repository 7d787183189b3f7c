package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"attache/input"
)

func runWatch(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "watch", "--feeds FILE [--every 15m] [--db PATH] [--once]",
		"Poll RSS/Atom feeds (and pages) listed in FILE, one URL per line ('#' starts a comment),\n"+
			"and ingest what is new. Items already stored (same text) are skipped, so polling often is\n"+
			"cheap. Runs until interrupted; --once polls a single time and exits.")
	db := dbFlag(fs)
	feeds := fs.String("feeds", "", "`FILE` listing feed URLs, one per line")
	every := fs.Duration("every", 15*time.Minute, "time between polls")
	once := fs.Bool("once", false, "poll once and exit")
	var lex stringList
	fs.Var(&lex, "lexicon", "`DIR` of lexicon files overriding the built-in ones (repeatable)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *feeds == "" {
		return errUsage{"--feeds FILE is required"}
	}
	if *every < time.Second {
		return errUsage{"--every must be at least 1s"}
	}
	urls, err := readFeedList(*feeds)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	p, err := newPipeline(appConfig{lexiconDirs: lex})
	if err != nil {
		return err
	}
	rd := &input.Reader{}
	failedAny := false
	for {
		c := ingestAll(ctx, e, "watch", st, p, rd, urls, runtime.GOMAXPROCS(0), false)
		fmt.Fprintf(e.stdout, "%s polled %d feeds: %d new, %d unchanged, %d failed; events: %d\n",
			time.Now().Format(time.RFC3339), len(urls), c.added, c.unchanged, c.failed, c.events)
		failedAny = failedAny || c.failed > 0 || c.stopped != nil
		if *once || ctx.Err() != nil {
			break
		}
		select {
		case <-ctx.Done():
		case <-time.After(*every):
		}
		if ctx.Err() != nil {
			break
		}
	}
	if failedAny && *once {
		return errFailed
	}
	return nil
}

// readFeedList reads one URL per line, skipping blanks and comments.
func readFeedList(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("feeds: %w", err)
	}
	defer f.Close()
	var urls []string
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		u := strings.TrimSpace(sc.Text())
		if u == "" || strings.HasPrefix(u, "#") {
			continue
		}
		if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			return nil, fmt.Errorf("%s:%d: %q is not an http(s) URL", path, line, u)
		}
		urls = append(urls, u)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", path, line, err)
	}
	if len(urls) == 0 {
		return nil, fmt.Errorf("%s: no feed URLs", path)
	}
	return urls, nil
}
