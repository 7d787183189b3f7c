// Command attache turns news about international relations into coded
// events: who did what to whom, when and where, with the sentence that
// says so. Each subcommand lives in its own file.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// command is one subcommand: its name, one-line summary, and Run.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

// env is what a command may touch of the outside world.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	log            *slog.Logger
}

// errFailed reports that some inputs failed; the messages were printed
// already, so main only sets the exit code.
var errFailed = errors.New("some inputs failed")

// errUsage marks a command-line mistake (exit code 2).
type errUsage struct{ msg string }

func (e errUsage) Error() string { return e.msg }

func commands() []command {
	return []command{
		{"code", "code documents into events and facts, one JSON line per document", runCode},
		{"ingest", "code documents and store them in the database (idempotent)", runIngest},
		{"watch", "poll feeds and ingest what is new", runWatch},
		{"merge", "group stored events into clusters, one per real-world event", runMerge},
		{"recode", "code stored documents again after the coder or lexicon changed", runRecode},
		{"search", "full-text search over stored sentences, with their events", runSearch},
		{"dyad", "the relationship between two parties at a glance", runDyad},
		{"export", "write stored events as JSONL, CSV, GDELT-style TSV or PLOVER JSON", runExport},
		{"serve", "serve the web pages and the JSON API over the store", runServe},
		{"eval", "score the coder against a corpus's gold annotations", runEval},
		{"bench", "measure throughput and memory of reading, splitting and coding", runBench},
		{"gen", "write a deterministic synthetic corpus for benchmarks", runGen},
		{"lexicon", "check lexicon files (built-in and --lexicon directories)", runLexicon},
		{"version", "print the version of the binary and of its lexicon", runVersion},
	}
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "attache turns news about international relations into coded events.\n\nUsage:\n  attache <command> [flags] [args]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun 'attache <command> --help' for the flags of a command.\n")
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		log: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	os.Exit(run(ctx, e, os.Args[1:]))
}

// run dispatches to a subcommand and turns its error into an exit code:
// 0 success, 1 failure, 2 usage.
func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(e.stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, e, args[1:])
		var ue errUsage
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, &ue):
			fmt.Fprintf(e.stderr, "attache %s: %v\n", c.name, err)
			return 2
		case errors.Is(err, errFailed):
			return 1
		default:
			fmt.Fprintf(e.stderr, "attache %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(e.stderr, "attache: unknown command %q\n\n", args[0])
	usage(e.stderr)
	return 2
}

// newFlags makes a flag set whose --help prints the command's usage line
// and summary.
func newFlags(e *env, name, args, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet("attache "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: attache %s %s\n\n%s\n\nFlags:\n", name, args, summary)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, allowing flags after positional arguments
// (attache code dir --ref-date 2025-01-01).
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, errUsage{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
		if len(args) == 0 || !strings.HasPrefix(args[0], "-") || args[0] == "-" {
			// keep collecting positionals until the next flag
			for len(args) > 0 && (!strings.HasPrefix(args[0], "-") || args[0] == "-") {
				pos = append(pos, args[0])
				args = args[1:]
			}
			if len(args) == 0 {
				return pos, nil
			}
		}
	}
}
