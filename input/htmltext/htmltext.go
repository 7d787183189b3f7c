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

// Extract finds the main content of a whole HTML page, which must be UTF-8
// (the caller checks). A page with no recognisable main content falls back
// to its visible text outside menus, sidebars and footers, then to all of
// its visible text, so a bare fragment still yields something; a page with
// no text is an error.
func Extract(src []byte) (*Page, error) {
	// The page is parsed here as UTF-8 rather than by trafilatura.Extract,
	// whose charset sniffing can take a UTF-8 page for another encoding and
	// turn its accented letters into mojibake.
	doc, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("html: %w", err)
	}
	p := &Page{}
	if res, err := extractMain(doc); err == nil && res != nil {
		md := res.Metadata
		p.Title, p.Published, p.URL, p.Sitename, p.Lang = oneLine(md.Title), md.Date, valid(md.URL), oneLine(md.Sitename), valid(md.Language)
		if res.ContentNode != nil {
			// ContentText runs paragraphs together and splits words at
			// inline tags ("Satur<b>day</b>"): render the node instead.
			p.Text = nodeText(res.ContentNode, nil)
		}
	}
	if p.Text == "" {
		// trafilatura works on a copy, but parse again to be safe.
		doc, err = html.Parse(bytes.NewReader(src))
		if err != nil {
			return nil, fmt.Errorf("html: %w", err)
		}
		if p.Text = nodeText(doc, boilerplate); p.Text == "" {
			p.Text = nodeText(doc, nil)
		}
		if p.Title == "" {
			p.Title = oneLine(titleOf(doc))
		}
	}
	if p.Text == "" {
		return nil, fmt.Errorf("html: no text found in the page")
	}
	if p.Title != "" && !strings.HasPrefix(p.Text, p.Title) {
		p.Text = p.Title + "\n\n" + p.Text
	}
	return p, nil
}

// extractMain runs trafilatura, turning a panic inside it (a third-party
// extractor fed arbitrary pages) into an error so the caller falls back.
func extractMain(doc *html.Node) (res *trafilatura.ExtractResult, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("html: content extractor failed: %v", r)
		}
	}()
	cfg := trafilatura.DefaultConfig()
	// trafilatura's "baseline" rescue for short extractions repeats the
	// paragraphs it found, then all the page's text with words run
	// together; Extract has its own fallback, so never take the rescue.
	cfg.MinExtractedSize = 0
	return trafilatura.ExtractDocument(doc, trafilatura.Options{
		Config:          cfg,
		ExcludeComments: true,
		EnableFallback:  true,
		Deduplicate:     true,
	})
}

// titleOf returns the text of the page's <title>.
func titleOf(n *html.Node) string {
	if n.Type == html.ElementNode && n.Data == "title" {
		var b strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				b.WriteString(c.Data)
			}
		}
		return b.String()
	}
	if n.Type == html.ElementNode && n.Data == "body" {
		return ""
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if t := titleOf(c); t != "" {
			return t
		}
	}
	return ""
}

// oneLine collapses runs of white space to single spaces, and makes the
// string valid UTF-8.
func oneLine(s string) string { return valid(strings.Join(strings.Fields(s), " ")) }

// valid replaces the bytes of s that are not UTF-8 with U+FFFD: metadata
// comes straight from the page, and Extract promises valid text whatever
// it is given.
func valid(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }

// blocks are the elements around which text starts a new paragraph.
var blocks = map[string]bool{
	"p": true, "div": true, "li": true, "h1": true, "h2": true, "h3": true, "h4": true,
	"h5": true, "h6": true, "tr": true, "blockquote": true, "section": true, "article": true,
	"header": true, "footer": true, "ul": true, "ol": true, "table": true, "pre": true, "figcaption": true,
	"main": true, "nav": true, "aside": true, "figure": true, "dl": true, "dt": true, "dd": true,
	"hr": true, "address": true, "caption": true, "details": true, "summary": true, "form": true,
	"fieldset": true, "body": true, "head": true, "title": true,
	// trafilatura's own names for converted elements
	"list": true, "item": true, "quote": true,
}

// spaced are inline elements whose content is set off by spaces.
var spaced = map[string]bool{"td": true, "th": true}

// invisible are the elements whose content is never shown.
var invisible = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true, "head": true,
	"iframe": true, "object": true, "svg": true, "math": true, "select": true, "button": true,
	"textarea": true, "noframes": true, "noembed": true,
}

// boilerplate are the page parts the fallback leaves out: menus, sidebars,
// footers and forms.
var boilerplate = map[string]bool{"nav": true, "aside": true, "footer": true, "form": true, "menu": true, "dialog": true}

// textWriter builds plain text the way a browser lays it out: runs of white
// space collapse to one space, blocks are separated by a blank line, <br>
// ends a line. Words split by inline tags ("Satur<b>day</b>") stay whole.
type textWriter struct {
	b     strings.Builder
	space bool // a space is due before the next character
	nl    int  // newlines at the end of b
}

func (w *textWriter) text(s string) {
	for _, r := range s { // invalid bytes come out as U+FFFD
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f':
			w.space = true
		case r < 0x20 || r == 0x7f:
			// control characters (NUL and the like) are not text
		default:
			if w.space && w.b.Len() > 0 && w.nl == 0 {
				w.b.WriteByte(' ')
			}
			w.space, w.nl = false, 0
			w.b.WriteRune(r)
		}
	}
}

// block starts a new paragraph.
func (w *textWriter) block() {
	w.space = false
	for w.b.Len() > 0 && w.nl < 2 {
		w.b.WriteByte('\n')
		w.nl++
	}
}

// lineBreak ends the line (<br>); two in a row make a paragraph break.
func (w *textWriter) lineBreak() {
	w.space = false
	if w.b.Len() > 0 && w.nl < 2 {
		w.b.WriteByte('\n')
		w.nl++
	}
}

func (w *textWriter) open(tag string) {
	switch {
	case tag == "br":
		w.lineBreak()
	case blocks[tag]:
		w.block()
	case spaced[tag]:
		w.space = true
	}
}

func (w *textWriter) close(tag string) {
	switch {
	case blocks[tag]:
		w.block()
	case spaced[tag]:
		w.space = true
	}
}

func (w *textWriter) String() string { return tidy(w.b.String()) }

// nodeText returns the visible text under n, leaving out the elements in
// skip as well as the invisible ones.
func nodeText(n *html.Node, skip map[string]bool) string {
	var w textWriter
	// An explicit stack: a page may nest elements very deeply.
	type frame struct {
		n     *html.Node
		close bool
	}
	stack := []frame{{n: n}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := f.n
		if f.close {
			w.close(n.Data)
			continue
		}
		switch n.Type {
		case html.TextNode:
			w.text(n.Data)
			continue
		case html.ElementNode:
			if invisible[n.Data] || skip[n.Data] {
				continue
			}
			w.open(n.Data)
			stack = append(stack, frame{n: n, close: true})
		case html.DocumentNode:
		default:
			continue
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, frame{n: c})
		}
	}
	return w.String()
}

// rawText are the elements whose content the tokenizer returns as raw
// text up to the end tag, even when the start tag is written self-closing.
var rawText = map[string]bool{
	"script": true, "style": true, "noscript": true, "textarea": true, "title": true,
	"xmp": true, "iframe": true, "noembed": true, "noframes": true, "plaintext": true,
}

// hidden are the elements Flatten drops with their content.
var hidden = map[string]bool{"script": true, "style": true, "noscript": true, "template": true}

// Flatten returns the visible text of an HTML fragment: script and style
// dropped, entities decoded, one blank line between blocks. Invalid UTF-8
// comes out as U+FFFD, so the text is always valid UTF-8.
func Flatten(r io.Reader) (string, error) {
	z := html.NewTokenizer(r)
	var w textWriter
	skip := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if z.Err() == io.EOF {
				return w.String(), nil
			}
			return "", z.Err()
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := string(name)
			// "<template/>" has no content and no end tag; "<script/>"
			// still starts raw text that runs to </script>.
			if hidden[tag] && (tt == html.StartTagToken || rawText[tag]) {
				skip++
			}
			if skip == 0 {
				w.open(tag)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if hidden[tag] && skip > 0 {
				skip--
			}
			if skip == 0 {
				w.close(tag)
			}
		case html.TextToken:
			if skip == 0 {
				w.text(string(z.Text()))
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
