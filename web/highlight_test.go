package web

import (
	"html/template"
	"testing"
)

func ev(start, end, event int) layer {
	return layer{start: start, end: end, class: "ev", event: event, sent: -1}
}

func actor(start, end, event int) layer {
	return layer{start: start, end: end, class: "actor", event: event, sent: -1}
}

func TestHighlight(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		layers []layer
		want   template.HTML
	}{
		{"none", "a < b", nil, "a &lt; b"},
		{"one", "Vietnam hosted Uzbekistan", []layer{ev(8, 14, 0)},
			`Vietnam <mark class="ev" data-ev="0">hosted</mark> Uzbekistan`},
		{"nested", "Chinh invited Bektenov", []layer{ev(0, 22, 6), actor(0, 5, 6), actor(14, 22, 6)},
			`<mark class="ev actor" data-ev="6">Chinh</mark><mark class="ev" data-ev="6"> invited </mark><mark class="ev actor" data-ev="6">Bektenov</mark>`},
		{"crossing", "abcdef", []layer{ev(0, 4, 0), ev(2, 6, 1)},
			`<mark class="ev" data-ev="0">ab</mark><mark class="ev" data-ev="0 1">cd</mark><mark class="ev" data-ev="1">ef</mark>`},
		{"actor outside evidence", "He said", []layer{actor(0, 2, 3)},
			`<span class="actor" data-ev="3">He</span> said`},
		{"same span twice", "talks", []layer{ev(0, 5, 0), ev(0, 5, 1)},
			`<mark class="ev" data-ev="0 1">talks</mark>`},
		{"sentences", "A b. C d.", []layer{{start: 0, end: 4, class: "s", event: -1, sent: 0}, {start: 5, end: 9, class: "s", event: -1, sent: 1}, ev(7, 8, 0)},
			`<span class="sb" id="s-0" data-n="1" aria-hidden="true"></span><span class="s" data-s="0">A b.</span> ` +
				`<span class="sb" id="s-1" data-n="2" aria-hidden="true"></span><span class="s" data-s="1">C </span><mark class="s ev" data-s="1" data-ev="0">d</mark><span class="s" data-s="1">.</span>`},
		{"escaped inside marks", "<script>x</script>", []layer{ev(0, 8, 0)},
			`<mark class="ev" data-ev="0">&lt;script&gt;</mark>x&lt;/script&gt;`},
		{"out of bounds clipped", "abc", []layer{ev(-5, 2, 0), ev(2, 99, 1)},
			`<mark class="ev" data-ev="0">ab</mark><mark class="ev" data-ev="1">c</mark>`},
		{"empty and reversed dropped", "abc", []layer{ev(1, 1, 0), ev(2, 1, 1)}, "abc"},
		{"inside a rune dropped", "Sơn", []layer{ev(0, 2, 0)}, "Sơn"},
		{"on rune boundaries kept", "Sơn", []layer{ev(1, 3, 0)}, `S<mark class="ev" data-ev="0">ơ</mark>n`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := highlight(tt.text, tt.layers); got != tt.want {
				t.Errorf("highlight(%q)\n got %s\nwant %s", tt.text, got, tt.want)
			}
		})
	}
}

func TestMarkEvidence(t *testing.T) {
	tests := []struct {
		name               string
		sentence, evidence string
		at                 int
		want               template.HTML
	}{
		{"at offset", "talks and talks", "talks", 10, `talks and <mark class="ev">talks</mark>`},
		{"found", "They held talks.", "held talks", -1, `They <mark class="ev">held talks</mark>.`},
		{"wrong offset searched", "They held talks.", "held talks", 2, `They <mark class="ev">held talks</mark>.`},
		{"absent", "They met.", "held talks", -1, "They met."},
		{"escaped", "<b>x</b> met", "met", -1, `&lt;b&gt;x&lt;/b&gt; <mark class="ev">met</mark>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := markEvidence(tt.sentence, tt.evidence, tt.at); got != tt.want {
				t.Errorf("got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestMarkSnippet(t *testing.T) {
	tests := []struct {
		name, snippet, text string
		want                template.HTML
	}{
		{"plain", "They [held] talks", "They held talks", `They <mark class="ev">held</mark> talks`},
		{"brackets in the text", "said today [March 6] the [visit] was", "said today [March 6] the visit was",
			`said today [March 6] the <mark class="ev">visit</mark> was`},
		{"marked bracketed word", "today [[March] 6]", "today [March 6]", `today [<mark class="ev">March</mark> 6]`},
		{"cut both ends", "…the [visit] was…", "Before that, the visit was long.",
			`…the <mark class="ev">visit</mark> was…`},
		{"escaped", "[<script>]", "<script>", `<mark class="ev">&lt;script&gt;</mark>`},
		{"not from this text", "x [y] z", "something else", `x <mark class="ev">y</mark> z`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := markSnippet(tt.snippet, tt.text); got != tt.want {
				t.Errorf("got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestWebURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://vov.vn/a?b=1":   "https://vov.vn/a?b=1",
		"http://x.example/":      "http://x.example/",
		"javascript:alert(1)":    "",
		"JaVaScRiPt:alert(1)":    "",
		"data:text/html,<b>":     "",
		"//evil.example/":        "",
		"/document/x":            "",
		"":                       "",
		"ftp://files.example/x":  "",
		" https://vov.vn/space ": "https://vov.vn/space",
	} {
		if got := webURL(in); got != want {
			t.Errorf("webURL(%q) = %q, want %q", in, got, want)
		}
	}
}
