package postgres

import (
	"context"
	"strings"
	"testing"
)

// TestMalformedDSNKeepsPasswordOut opens connection strings whose password
// is malformed in ways that confuse URL parsers, and checks that no part of
// the password reaches the message and that the message says what is wrong.
func TestMalformedDSNKeepsPasswordOut(t *testing.T) {
	for _, tc := range []struct {
		dsn, secret, says string
	}{
		{"postgres://u:k9@zq7@127.0.0.1:1/db", "zq7", "%40"},
		{"postgres://u:w4@qj@vb8@127.0.0.1:1/db?connect_timeout=1", "qj", "%40"},
		{"postgres://u:k9/zq7@127.0.0.1:1/db", "zq7", "port"},
		{"postgres://u:p@127.0.0.1:notaport/db", "", "port"},
	} {
		_, err := Open(context.Background(), tc.dsn)
		if err == nil {
			t.Fatalf("%s: opened", tc.dsn)
		}
		msg := err.Error()
		if tc.secret != "" && strings.Contains(msg, tc.secret) {
			t.Errorf("%s: the message shows part of the password: %s", tc.dsn, msg)
		}
		if strings.Contains(msg, "xxxxxort") || !strings.Contains(msg, tc.says) {
			t.Errorf("%s: the message does not say %q plainly: %s", tc.dsn, tc.says, msg)
		}
	}
}
