//go:build unix

package main

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// fsizeEnv asks the test binary to run another program under a file size
// limit: with ATTACHE_TEST_FSIZE=N, "attache.test PROGRAM ARGS..." sets
// RLIMIT_FSIZE to N bytes and executes PROGRAM. A Go program ignores the
// SIGXFSZ the kernel then sends, so its writes past N fail with EFBIG, as
// on a full disk.
const fsizeEnv = "ATTACHE_TEST_FSIZE"

func init() {
	v := os.Getenv(fsizeEnv)
	if v == "" {
		return
	}
	var lim syscall.Rlimit // its fields are int64 on some systems, uint64 on others
	_, err := fmt.Sscan(v, &lim.Cur)
	if err == nil {
		lim.Max = lim.Cur
		err = syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim)
	}
	if err == nil && len(os.Args) < 2 {
		err = errors.New("no program to run")
	}
	if err == nil {
		var env []string
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, fsizeEnv+"=") {
				env = append(env, kv)
			}
		}
		err = syscall.Exec(os.Args[1], os.Args[1:], env)
	}
	fmt.Fprintf(os.Stderr, "%s=%s: %v\n", fsizeEnv, v, err)
	os.Exit(125)
}

// unprivilegedUID is the user the permission tests run attache as when the
// tests run as root, for whom file permissions do not apply: "nobody".
const unprivilegedUID = 65534

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// newStore ingests the first n articles of seed into a new database.
func newStore(t *testing.T, db string, seed uint64, n int) {
	t.Helper()
	corpus := filepath.Join(t.TempDir(), "seed.jsonl")
	writeCorpus(t, corpus, seed, n)
	if code, out, stderr := runCmd(t, "", "ingest", "--db", db, corpus); code != 0 {
		t.Fatalf("ingest: exit code %d\n%s%s", code, out, stderr)
	}
}

func TestCorruptDatabase(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus.jsonl")
	writeCorpus(t, corpus, 2, 5)
	r := rand.New(rand.NewPCG(1, 2))
	noise := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		return b
	}
	good := filepath.Join(dir, "good.db")
	newStore(t, good, 1, 10)
	goodBytes, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		data []byte
	}{
		{"random bytes", noise(64 << 10)},
		{"SQLite header, random pages", append([]byte("SQLite format 3\x00"), noise(64<<10)...)},
		// A store whose every byte after the 100-byte file header is
		// overwritten: the header is right, the pages are garbage.
		{"damaged store", append(bytes.Clone(goodBytes[:100]), noise(len(goodBytes)-100)...)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "corrupt.db")
			if err := os.WriteFile(db, c.data, 0o644); err != nil {
				t.Fatal(err)
			}
			for _, args := range [][]string{
				{"ingest", "--db", db, corpus},
				{"search", "--db", db, "talks"},
				{"dyad", "--db", db, "VNM", "CHN"},
			} {
				code, out, stderr := runCmd(t, "", args...)
				if code == 0 {
					t.Errorf("%s: exit code 0\n%s", args[0], out)
				}
				if !strings.Contains(stderr, db) || !strings.Contains(stderr, "damaged or not an SQLite database") {
					t.Errorf("%s: the message does not name the file and say it is damaged:\n%s", args[0], stderr)
				}
			}
			if b, err := os.ReadFile(db); err != nil || !bytes.Equal(b, c.data) {
				t.Errorf("the damaged file was changed (%v)", err)
			}
		})
	}
}

// runAsUnprivileged runs the attache binary as a user whose file
// permissions apply: itself, or nobody when the tests run as root. It
// skips the test when that is impossible here.
func runAsUnprivileged(t *testing.T, bin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Dir = "/"
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if os.Geteuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: unprivilegedUID, Gid: unprivilegedUID}}
	}
	if err := cmd.Run(); err != nil {
		// Not starting at all (no right to change user, or to run the
		// binary) is this machine's limit, not a failure of attache.
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			t.Skipf("cannot run attache as uid %d here: %v", unprivilegedUIDOrSelf(), err)
		}
	}
	return cmd.ProcessState.ExitCode(), out.String(), errOut.String()
}

// publicDir makes a directory every user may read, removed when the test
// ends.
func publicDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "attache-faults-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				os.Chmod(p, 0o755)
			}
			return nil
		})
		os.RemoveAll(dir)
	})
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestReadOnlyDatabase(t *testing.T) {
	bin := attacheBinary(t)
	base := publicDir(t)
	corpus := filepath.Join(base, "corpus.jsonl")
	writeCorpus(t, corpus, 3, 12)
	if err := os.Chmod(corpus, 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name            string
		dirMode, dbMode os.FileMode
		message         string // what stderr must say
		readable        bool   // search still works
	}{
		// The directory is writable (sticky, as /tmp): SQLite opens the
		// file for reading and creates its -wal and -shm files.
		{"read-only file", 0o1777, 0o444, "is read-only", true},
		// Nothing may be written: not even the -wal and -shm files.
		{"read-only directory", 0o555, 0o644, "directory is read-only", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(base, strings.ReplaceAll(c.name, " ", "-"))
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			db := filepath.Join(dir, "attache.db")
			newStore(t, db, 2, 10)
			before := storeStats(t, db)
			if err := os.Chmod(db, c.dbMode); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(dir, c.dirMode); err != nil {
				t.Fatal(err)
			}
			hash := fileHash(t, db)

			code, out, stderr := runAsUnprivileged(t, bin, "ingest", "--db", db, corpus)
			t.Logf("ingest as uid %d: exit code %d\n%s%s", unprivilegedUIDOrSelf(), code, out, firstLines(stderr, 3))
			if code == 0 {
				t.Errorf("ingest into a read-only store: exit code 0")
			}
			if !strings.Contains(stderr, db) || !strings.Contains(stderr, c.message) {
				t.Errorf("the message does not name the store and say %q:\n%s", c.message, firstLines(stderr, 3))
			}
			// The store as a whole fails: one message, not one per document.
			if n := strings.Count(stderr, c.message); n != 1 {
				t.Errorf("the store's failure is reported %d times, want once:\n%s", n, firstLines(stderr, 5))
			}
			if fileHash(t, db) != hash {
				t.Errorf("the read-only store file was changed")
			}
			if c.readable {
				code, out, stderr := runAsUnprivileged(t, bin, "search", "--db", db, "talks")
				if code != 0 || !strings.Contains(out, "#") {
					t.Errorf("search in a read-only store: exit code %d\n%s%s", code, out, stderr)
				}
			}
			if err := os.Chmod(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(db, 0o644); err != nil {
				t.Fatal(err)
			}
			for _, side := range []string{"-wal", "-shm"} {
				os.Remove(db + side) // left by the unprivileged reader, who may not delete them
			}
			if after := storeStats(t, db); after != before {
				t.Errorf("stats %+v after the failed ingest, %+v before", after, before)
			}
		})
	}
}

func unprivilegedUIDOrSelf() int {
	if os.Geteuid() == 0 {
		return unprivilegedUID
	}
	return os.Geteuid()
}

func firstLines(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) <= n {
		return s
	}
	return strings.Join(lines[:n], "") + fmt.Sprintf("… (%d more lines)\n", len(lines)-n)
}

// fullDiskDocs is the corpus of TestFullDisk: far more than the 1 MB
// limit holds.
const fullDiskDocs = 200

// TestFullDisk fills the disk under an ingest, then runs it again with
// room to spare: the first run must fail clearly and the second must store
// every document once, as a clean ingest does.
func TestFullDisk(t *testing.T) {
	bin := attacheBinary(t)
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus.jsonl")
	writeCorpus(t, corpus, 5, fullDiskDocs)
	clean := filepath.Join(dir, "clean.db")
	if code, out, stderr := runCmd(t, "", "ingest", "--db", clean, corpus); code != 0 {
		t.Fatalf("clean ingest: exit code %d\n%s%s", code, out, stderr)
	}

	t.Run("file size limit", func(t *testing.T) {
		self, err := os.Executable()
		if err != nil {
			t.Skipf("cannot find the test binary: %v", err)
		}
		db := filepath.Join(t.TempDir(), "limited.db")
		cmd := exec.Command(self, bin, "ingest", "--db", db, corpus)
		cmd.Env = append(os.Environ(), fsizeEnv+"=1000000")
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err = cmd.Run()
		if cmd.ProcessState == nil || cmd.ProcessState.ExitCode() == 125 {
			t.Skipf("cannot run attache under a file size limit: %v\n%s", err, errOut.String())
		}
		checkFullDisk(t, cmd.ProcessState.ExitCode(), out.String(), errOut.String(), db, db)
		resume(t, bin, db, corpus, clean)
	})

	t.Run("full filesystem", func(t *testing.T) {
		// A 1 MB tmpfs in a mount namespace of its own, so nothing stays
		// mounted whatever happens: the two runs and the copy of the
		// store out of it happen inside.
		if os.Geteuid() != 0 {
			t.Skip("mounting a tmpfs needs root")
		}
		unshare, err := exec.LookPath("unshare")
		if err != nil {
			t.Skip("no unshare command")
		}
		work := t.TempDir()
		mnt := filepath.Join(work, "mnt")
		if err := os.Mkdir(mnt, 0o755); err != nil {
			t.Fatal(err)
		}
		script := `set -u
mount -t tmpfs -o size=1m tmpfs "$MNT" || exit 99
"$BIN" ingest --db "$MNT/full.db" "$CORPUS" >"$WORK/1.out" 2>"$WORK/1.err"; echo $? >"$WORK/1.code"
cp "$MNT"/full.db* "$WORK/"
`
		cmd := exec.Command(unshare, "--mount", "--propagation", "private", "sh", "-c", script)
		cmd.Env = append(os.Environ(), "MNT="+mnt, "BIN="+bin, "CORPUS="+corpus, "WORK="+work)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Skipf("cannot mount a tmpfs here: %v\n%s", err, out)
		}
		read := func(name string) string {
			b, err := os.ReadFile(filepath.Join(work, name))
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
		code, _ := strconv.Atoi(strings.TrimSpace(read("1.code")))
		db := filepath.Join(work, "full.db")
		checkFullDisk(t, code, read("1.out"), read("1.err"), filepath.Join(mnt, "full.db"), db)
		if !strings.Contains(read("1.err"), "database or disk is full") {
			t.Errorf("the message does not say the disk is full:\n%s", firstLines(read("1.err"), 3))
		}
		resume(t, bin, db, corpus, clean)
	})
}

// checkFullDisk checks the run that met the full disk: it failed, said
// why naming the store (named), and left a consistent store of whole
// documents (db, the same file or a copy of it).
func checkFullDisk(t *testing.T, code int, stdout, stderr, named, db string) {
	t.Helper()
	t.Logf("ingest on a full disk: exit code %d\n%s%s", code, stdout, firstLines(stderr, 3))
	if code == 0 {
		t.Errorf("exit code 0")
	}
	if !strings.Contains(stderr, "store "+named) ||
		!strings.Contains(stderr, "disk I/O error") && !strings.Contains(stderr, "disk is full") {
		t.Errorf("the message does not name the store and say the write failed:\n%s", firstLines(stderr, 3))
	}
	// SQLite's own words ("disk I/O error") do not say what to do; ours do.
	if !strings.Contains(stderr, "the disk is full (free some space") && !strings.Contains(stderr, "a file-size limit") {
		t.Errorf("the message does not say the disk may be full or a size limit reached:\n%s", firstLines(stderr, 3))
	}
	if n := strings.Count(stderr, "store "+named); n != 1 {
		t.Errorf("the store's failure is reported %d times, want once:\n%s", n, firstLines(stderr, 5))
	}
	if added, _, failed := ingestSummary(t, stdout); failed == 0 || added >= fullDiskDocs {
		t.Errorf("%d documents stored and %d failed on a full disk", added, failed)
	}
	storedDocuments(t, db)
}

// resume runs the ingest again without a limit and compares the store with
// a clean ingest of the same corpus.
func resume(t *testing.T, bin, db, corpus, clean string) {
	t.Helper()
	out, err := exec.Command(bin, "ingest", "--db", db, corpus).CombinedOutput()
	if err != nil {
		t.Fatalf("ingest with room to spare: %v\n%s", err, out)
	}
	if _, _, failed := ingestSummary(t, string(out)); failed != 0 {
		t.Errorf("ingest with room to spare: %s", out)
	}
	sameDocuments(t, db, clean)
}

func TestPostgresDSN(t *testing.T) {
	const password = "S3cret-pw"
	dsn := "postgres://attache:" + password + "@127.0.0.1:1/attache?sslmode=disable&connect_timeout=3"
	corpus := filepath.Join(t.TempDir(), "corpus.jsonl")
	writeCorpus(t, corpus, 2, 3)
	for _, viaEnv := range []bool{false, true} {
		for _, args := range [][]string{
			{"ingest", corpus},
			{"search", "talks"},
			{"dyad", "VNM", "CHN"},
		} {
			name := args[0]
			if viaEnv {
				name += " with ATTACHE_DB"
				t.Setenv("ATTACHE_DB", dsn)
			} else {
				args = append(args, "--db", dsn)
				t.Setenv("ATTACHE_DB", "")
			}
			t.Run(name, func(t *testing.T) {
				code, out, stderr := runCmd(t, "", args...)
				if code == 0 {
					t.Errorf("exit code 0\n%s", out)
				}
				if strings.Contains(out+stderr, password) {
					t.Errorf("the output shows the password:\n%s%s", out, stderr)
				}
				// Until the PostgreSQL store exists the command says so; once
				// it does, nothing listens on port 1.
				msg := strings.ToLower(stderr)
				if !strings.Contains(msg, "not built yet") && !strings.Contains(msg, "connect") &&
					!strings.Contains(msg, "refused") && !strings.Contains(msg, "dial") {
					t.Errorf("no clear error:\n%s", stderr)
				}
			})
		}
	}
}
