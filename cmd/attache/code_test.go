package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// runCmd runs the command line args with stdin and returns the exit code,
// standard output and standard error.
func runCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut,
		log: slog.New(slog.NewTextHandler(&errOut, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	code := run(context.Background(), e, args)
	return code, out.String(), errOut.String()
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// records decodes the JSON lines of out, checking each has the fields of
// a record.
func records(t *testing.T, out string) []map[string]any {
	t.Helper()
	var recs []map[string]any
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if line == "" {
			if out == "" {
				break
			}
			t.Fatalf("output line %d is empty", i+1)
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("output line %d is not JSON: %v\n%s", i+1, err, line)
		}
		for _, k := range []string{"doc", "reference_date", "events", "facts", "warnings"} {
			if _, ok := rec[k]; !ok {
				t.Errorf("output line %d has no %q: %s", i+1, k, line)
			}
		}
		for _, k := range []string{"events", "facts", "warnings"} {
			if _, ok := rec[k].([]any); !ok {
				t.Errorf("output line %d: %q is not an array: %s", i+1, k, line)
			}
		}
		recs = append(recs, rec)
	}
	return recs
}

func docIDs(recs []map[string]any) []string {
	var ids []string
	for _, r := range recs {
		ids = append(ids, fmt.Sprint(r["doc"]))
	}
	return ids
}

func TestCodeMixedInputs(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "good.txt"), "March 6, 2025\n\nThe foreign minister of Kenya visited Kampala on Tuesday.\n")
	writeFile(t, filepath.Join(dir, "latin1.txt"), "A first line.\nThe caf\xe9 was closed.\n")
	writeFile(t, filepath.Join(dir, "blob.bin"), "\x7fELF\x02\x01\x01\x00\x00\x00binary")
	writeFile(t, filepath.Join(dir, "empty.txt"), "")
	writeFile(t, filepath.Join(dir, "wire.jsonl"),
		`{"id":"w-1","text":"Ghana and Togo agreed to reopen the border.","published":"2024-07-09"}`+"\n"+
			`{"id":"w-2","text":"unterminated`+"\n"+
			`{"id":"w-3","text":"Chile sent a diplomatic note to Peru."}`+"\n")

	code, out, stderr := runCmd(t, "", "code", "--ref-date", "2025-01-01", dir)
	if code != 1 {
		t.Errorf("exit code %d, want 1; stderr:\n%s", code, stderr)
	}
	for _, want := range []string{
		filepath.Join(dir, "latin1.txt") + ":2: invalid UTF-8",
		filepath.Join(dir, "blob.bin") + ": binary data",
		filepath.Join(dir, "empty.txt") + ": empty document",
		filepath.Join(dir, "wire.jsonl") + ":2: malformed JSON",
		"3 documents coded, 4 inputs failed",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr does not say %q:\n%s", want, stderr)
		}
	}
	recs := records(t, out)
	if got, want := docIDs(recs), []string{"good", "w-1", "w-3"}; !slices.Equal(got, want) {
		t.Fatalf("documents %v, want %v\nstdout:\n%s", got, want, out)
	}
	for i, want := range []string{"2025-03-06", "2024-07-09", "2025-01-01"} {
		if got := recs[i]["reference_date"]; got != want {
			t.Errorf("%s: reference_date %v, want %s", recs[i]["doc"], got, want)
		}
	}
	if strings.Contains(out, "unterminated") || strings.Contains(out, "caf") {
		t.Errorf("bad input leaked into the output:\n%s", out)
	}
}

func TestCodeNoReferenceDateWarns(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), "The envoy of Chad met the envoy of Niger.\n")
	code, out, stderr := runCmd(t, "", "code", filepath.Join(dir, "a.txt"))
	if code != 0 {
		t.Fatalf("exit code %d; stderr:\n%s", code, stderr)
	}
	recs := records(t, out)
	if len(recs) != 1 || recs[0]["reference_date"] != nil {
		t.Fatalf("records %v, want one with a null reference_date", recs)
	}
	ws, _ := recs[0]["warnings"].([]any)
	if len(ws) == 0 || !strings.Contains(fmt.Sprint(ws[0]), "no-reference-date") {
		t.Errorf("warnings %v, want no-reference-date", ws)
	}
}

func TestCodeStdin(t *testing.T) {
	stdin := `{"id":"s-1","text":"Oslo and Riga signed a ferry deal.","published":"2023-05-06"}` + "\n" +
		`{"id":"s-2","text":"Tunis recalled its ambassador."}` + "\n"
	code, out, stderr := runCmd(t, stdin, "code", "-", "--ref-date", "2023-01-01")
	if code != 0 {
		t.Fatalf("exit code %d; stderr:\n%s", code, stderr)
	}
	recs := records(t, out)
	if got := docIDs(recs); !slices.Equal(got, []string{"s-1", "s-2"}) {
		t.Fatalf("documents %v", got)
	}
	if recs[0]["reference_date"] != "2023-05-06" || recs[1]["reference_date"] != "2023-01-01" {
		t.Errorf("reference dates %v and %v", recs[0]["reference_date"], recs[1]["reference_date"])
	}
}

func TestCodeMissingInput(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.txt")
	code, out, stderr := runCmd(t, "", "code", missing)
	if code != 1 || out != "" || !strings.Contains(stderr, missing+": no such file") {
		t.Errorf("exit code %d, stdout %q, stderr %q", code, out, stderr)
	}
}

func TestCodeOrderWithWorkers(t *testing.T) {
	dir := t.TempDir()
	var want []string
	for i := range 40 {
		id := fmt.Sprintf("doc%02d", i)
		// sizes vary, so workers finish out of order
		text := fmt.Sprintf("Story %d.\n\n", i) + strings.Repeat("The minister of Peru met the envoy of Chile in Lima. ", 1+(i*37)%60)
		writeFile(t, filepath.Join(dir, id+".txt"), text)
		want = append(want, id)
	}
	var lines strings.Builder
	for i := range 60 {
		id := fmt.Sprintf("line%02d", i)
		fmt.Fprintf(&lines, `{"id":%q,"text":%q}`+"\n", id, strings.Repeat("Ghana and Togo agreed to talks. ", 1+(i*13)%40))
		want = append(want, id)
	}
	writeFile(t, filepath.Join(dir, "zz.jsonl"), lines.String())

	for _, workers := range []string{"1", "4"} {
		t.Run("workers="+workers, func(t *testing.T) {
			code, out, stderr := runCmd(t, "", "code", "--workers", workers, "--ref-date", "2024-01-01", dir)
			if code != 0 {
				t.Fatalf("exit code %d; stderr:\n%s", code, stderr)
			}
			if got := docIDs(records(t, out)); !slices.Equal(got, want) {
				t.Errorf("order\n got %v\nwant %v", got, want)
			}
		})
	}
}

func TestCodeCommandLine(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), "Text about Quito.\n")
	cases := []struct {
		name   string
		args   []string
		code   int
		stdout string // substring of standard output
		stderr string // substring of standard error
	}{
		{"no arguments", nil, 2, "Usage:", ""},
		{"help", []string{"--help"}, 0, "Commands:", ""},
		{"help word", []string{"help"}, 0, "code", ""},
		{"unknown command", []string{"decode"}, 2, "", `unknown command "decode"`},
		{"code help", []string{"code", "--help"}, 0, "", "Usage: attache code"},
		{"code -h", []string{"code", "-h"}, 0, "", "-max-doc-bytes"},
		{"code unknown flag", []string{"code", "--bogus", filepath.Join(dir, "a.txt")}, 2, "", "flag provided but not defined: -bogus"},
		{"code unknown flag after input", []string{"code", filepath.Join(dir, "a.txt"), "--bogus"}, 2, "", "-bogus"},
		{"code no input", []string{"code"}, 2, "", "no input"},
		{"code bad ref date", []string{"code", "--ref-date", "yesterday", filepath.Join(dir, "a.txt")}, 2, "", "--ref-date"},
		{"code bad workers value", []string{"code", "--workers", "many", filepath.Join(dir, "a.txt")}, 2, "", "invalid value"},
		{"code flags after input", []string{"code", filepath.Join(dir, "a.txt"), "--ref-date", "2024-02-03"}, 0, `"reference_date":"2024-02-03"`, ""},
		{"code max-doc-bytes", []string{"code", "--max-doc-bytes", "5", filepath.Join(dir, "a.txt")}, 1, "", "over the 5 bytes limit"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, stderr := runCmd(t, "", c.args...)
			if code != c.code {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, c.code, out, stderr)
			}
			if !strings.Contains(out, c.stdout) {
				t.Errorf("stdout does not hold %q:\n%s", c.stdout, out)
			}
			if !strings.Contains(stderr, c.stderr) {
				t.Errorf("stderr does not hold %q:\n%s", c.stderr, stderr)
			}
		})
	}
}
