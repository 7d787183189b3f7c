// Package htmltext turns HTML into story text. Whole pages go through a
// main-content extractor (go-trafilatura), which drops menus, sidebars and
// comment sections; short fragments (feed descriptions) are flattened with
// the HTML tokenizer, paragraph breaks kept.
package htmltext

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
)

// Page is the main content of an HTML page and what its metadata says.
type Page struct {
	Title     string
	Text      string // title (when the body does not start with it), blank line, body
	Published time.Time
	URL       string
	Sitename  string
	Lang      string
}

// Extract finds the main content of a whole HTML page. A page with no
// recognisable main content falls back to all of its visible text, so a
// bare fragment still yields something; an empty page is an error.
func Extract(src []byte) (*Page, error) {
	res, err := trafilatura.Extract(bytes.NewReader(src), trafilatura.Options{
		ExcludeComments: true,
		EnableFallback:  true,
		Deduplicate:     true,
	})
	p := &Page{}
	if err == nil && res != nil {
		md := res.Metadata
		p.Title, p.Published, p.URL, p.Sitename, p.Lang = strings.TrimSpace(md.Title), md.Date, md.URL, md.Sitename, md.Language
		p.Text = strings.TrimSpace(res.ContentText)
	}
	if p.Text == "" {
		text, ferr := Flatten(bytes.NewReader(src))
		if ferr != nil {
			return nil, fmt.Errorf("html: %w", ferr)
		}
		p.Text = text
	}
	if p.Text == "" {
		return nil, fmt.Errorf("html: no text found in the page")
	}
	if p.Title != "" && !strings.HasPrefix(p.Text, p.Title) {
		p.Text = p.Title + "\n\n" + p.Text
	}
	return p, nil
}

// blocks are the elements after which text starts a new paragraph.
var blocks = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "h1": true, "h2": true, "h3": true, "h4": true,
	"h5": true, "h6": true, "tr": true, "blockquote": true, "section": true, "article": true,
	"header": true, "footer": true, "ul": true, "ol": true, "table": true, "pre": true, "figcaption": true,
}

// Flatten returns the visible text of an HTML fragment: script and style
// dropped, entities decoded, one blank line between blocks.
func Flatten(r io.Reader) (string, error) {
	z := html.NewTokenizer(r)
	var b strings.Builder
	skip := 0
	newBlock := func() {
		s := b.String()
		if s != "" && !strings.HasSuffix(s, "\n\n") {
			b.WriteString("\n\n")
		}
	}
	for {
		switch z.Next() {
		case html.ErrorToken:
			if z.Err() == io.EOF {
				return tidy(b.String()), nil
			}
			return "", z.Err()
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if tag == "script" || tag == "style" || tag == "noscript" || tag == "template" {
				skip++
			}
			if blocks[tag] {
				newBlock()
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if (tag == "script" || tag == "style" || tag == "noscript" || tag == "template") && skip > 0 {
				skip--
			}
			if blocks[tag] {
				newBlock()
			}
		case html.TextToken:
			if skip == 0 {
				b.WriteString(strings.Join(strings.Fields(string(z.Text())), " "))
				b.WriteByte(' ')
			}
		}
	}
}

// tidy trims spaces at line ends and collapses runs of blank lines.
func tidy(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := false
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			if !blank && len(out) > 0 {
				out = append(out, "")
			}
			blank = true
			continue
		}
		blank = false
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
