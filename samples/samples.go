// Package samples holds the sample articles bundled with Attaché: original
// stories written for the project, used by the demo, the default benchmark
// and the README's first command.
package samples

import (
	"embed"
	"io/fs"
)

//go:embed articles page.html news.jsonl feed.xml feed.atom
var files embed.FS

// FS returns the bundled sample files.
func FS() fs.FS { return files }
