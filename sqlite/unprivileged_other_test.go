//go:build !unix

package sqlite_test

import "testing"

func runUnprivileged(t *testing.T, name string) {
	t.Skipf("%s: running as another user is only done on Unix", name)
}
