package htmltext_test

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"attache/input/htmltext"
)

func TestFlatten(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"plain text", "Just words.", "Just words."},
		{"paragraphs", "<p>One.</p><p>Two.</p>", "One.\n\nTwo."},
		{"inline tags keep words whole", "Satur<b>day</b> and <i>Sun</i>day", "Saturday and Sunday"},
		{"spaces around inline tags kept", "the <b>big</b> <i>deal</i> here", "the big deal here"},
		{"white space collapsed", "  a \n\t b   c  ", "a b c"},
		{"entities decoded", "Caf&eacute; &amp; bar &#8212; &lt;tag&gt; &nbsp;x", "Café & bar — <tag> \u00a0x"},
		{"script and style dropped", "a<script>var x = '<p>';</script>b<style>p{}</style>c", "abc"},
		{"self-closing template has no content", "<template/>after", "after"},
		{"self-closing script still runs to its end tag", "<script/>hidden()</script>shown", "shown"},
		{"unclosed script hides the rest", "a<script>b", "a"},
		{"br ends a line", "one<br>two<br/>three", "one\ntwo\nthree"},
		{"two br make a paragraph", "one<br><br><br>two", "one\n\ntwo"},
		{"lists", "<ul><li>first</li><li>second</li></ul>", "first\n\nsecond"},
		{"table cells spaced", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\n\nc"},
		{"unclosed tags", "<div><p>open <b>bold <i>both", "open bold both"},
		{"stray end tags", "</p></div>text</b>", "text"},
		{"comments dropped", "a<!-- hidden -->b", "ab"},
		{"NUL and control characters dropped", "a\x00b\x01c\x7fd", "abcd"},
		{"invalid UTF-8 replaced", "bad \xff byte", "bad \ufffd byte"},
		{"headings", "<h1>Title</h1>Body", "Title\n\nBody"},
		{"escaped markup stays text", "&lt;p&gt;not a tag&lt;/p&gt;", "<p>not a tag</p>"},
		{"CDATA-like text", "<![CDATA[x]]>y", "y"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := htmltext.Flatten(strings.NewReader(c.in))
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("Flatten(%q) = %q, want %q", c.in, got, c.want)
			}
			if !utf8.ValidString(got) {
				t.Errorf("invalid UTF-8 %q", got)
			}
		})
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestFlattenReadError(t *testing.T) {
	if _, err := htmltext.Flatten(failingReader{}); err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("err = %v, want the reader's error", err)
	}
}

func TestExtract(t *testing.T) {
	const article = `<p>The foreign ministers of Peru and Ecuador met in Lima on Thursday and agreed to demarcate the last stretch of their border before the end of the year.</p>
<p>A joint commission of surveyors will start work in the Cordillera del Cóndor next month, the two ministries said in a statement.</p>`
	cases := []struct {
		name      string
		in        string
		text      string   // exact text, when set
		has       []string // substrings
		not       []string
		title     string
		published string // YYYY-MM-DD, when set
		err       string
	}{
		{
			name: "whole page: menus, sidebars and footers dropped",
			in: `<!DOCTYPE html><html lang="es"><head><title>Peru and Ecuador agree on border</title>
<meta property="article:published_time" content="2024-04-11T23:30:00-05:00"></head><body>
<header><nav><a href="/">Inicio</a> <a href="/mundo">Mundo</a> <a href="/deportes">Deportes</a></nav></header>
<article><h1>Peru and Ecuador agree on border</h1>` + article + `</article>
<aside><h3>Lo más leído</h3><ol><li>Receta de ceviche</li><li>Tabla de posiciones</li></ol></aside>
<footer>© Diario de Ejemplo</footer></body></html>`,
			title:     "Peru and Ecuador agree on border",
			published: "2024-04-11",
			has:       []string{"Peru and Ecuador agree on border\n\nThe foreign ministers", "border before the end of the year.\n\nA joint commission", "Cordillera del Cóndor"},
			not:       []string{"Inicio", "Deportes", "ceviche", "Diario de Ejemplo", "<"},
		},
		{
			name:  "title prepended when the body does not start with it",
			in:    `<html><head><title>Border deal</title></head><body><article>` + article + `</article></body></html>`,
			title: "Border deal",
			has:   []string{"Border deal\n\nThe foreign ministers of Peru"},
		},
		{
			name: "bare fragment",
			in:   `<p>Only one short paragraph about Quito.</p>`,
			text: "Only one short paragraph about Quito.",
		},
		{
			name: "plain text without tags",
			in:   "Just a sentence about Bogotá, no markup.",
			text: "Just a sentence about Bogotá, no markup.",
		},
		{
			name: "inline tags do not split words",
			in:   `<html><body><article><p>The talks resumed on Satur<b>day</b> in <i>Asun</i>ción after a break of two weeks, officials of both delegations said to reporters.</p></article></body></html>`,
			has:  []string{"on Saturday in Asunción after"},
		},
		{
			name: "UTF-8 page declaring another charset is read as UTF-8",
			in:   `<html><head><meta charset="windows-1252"><title>Café</title></head><body><article><p>Le président s'est rendu à Genève. Thủ tướng đã đến Hà Nội.</p></article></body></html>`,
			has:  []string{"Le président s'est rendu à Genève. Thủ tướng đã đến Hà Nội."},
		},
		{
			name: "short page is not repeated",
			in:   `<html><body><p>One line about Montevideo.</p><p>Another about Asunción.</p></body></html>`,
			text: "One line about Montevideo.\n\nAnother about Asunción.",
		},
		{
			// found by FuzzHTML: the title from the metadata came out raw
			name:  "invalid UTF-8 in a heading used as the title",
			in:    "<h1>\xb6",
			title: "\ufffd",
			text:  "\ufffd",
		},
		{
			name: "page with only scripts has no text",
			in:   `<html><head><script>document.write("x")</script></head><body><script>track()</script></body></html>`,
			err:  "no text",
		},
		{
			name: "empty input has no text",
			in:   "",
			err:  "no text",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := htmltext.Extract([]byte(c.in))
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err = %v, want one saying %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !utf8.ValidString(p.Text) {
				t.Errorf("invalid UTF-8 %q", p.Text)
			}
			if c.text != "" && p.Text != c.text {
				t.Errorf("text\n got %q\nwant %q", p.Text, c.text)
			}
			for _, s := range c.has {
				if !strings.Contains(p.Text, s) {
					t.Errorf("text %q\nlacks %q", p.Text, s)
				}
			}
			for _, s := range c.not {
				if strings.Contains(p.Text, s) {
					t.Errorf("text %q\nholds %q", p.Text, s)
				}
			}
			if c.title != "" {
				if p.Title != c.title {
					t.Errorf("title %q, want %q", p.Title, c.title)
				}
				if n := strings.Count(p.Text, c.title); n != 1 {
					t.Errorf("title appears %d times in %q", n, p.Text)
				}
			}
			if c.published != "" {
				if got := p.Published.Format(time.DateOnly); got != c.published {
					t.Errorf("published %s, want %s", got, c.published)
				}
			}
		})
	}
}
