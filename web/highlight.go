package web

import (
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A layer is one span of text to highlight: [start, end) byte offsets, the
// CSS class it adds, and the event or sentence it belongs to (for the
// script that emphasises one event's spans).
type layer struct {
	start, end int
	class      string // "ev" marks evidence (rendered as <mark>), "s" a sentence; others are classes of a <span>
	event      int    // index of the event the span belongs to; -1 for none
	sent       int    // index of the sentence (class "s"); -1 for none
}

// mark is an evidence layer of no event.
func mark(start, end int) layer {
	return layer{start: start, end: end, class: "ev", event: -1, sent: -1}
}

// highlight renders text with the layers marked. Layers may overlap in any
// way: the text is cut at every layer boundary into segments that no
// boundary crosses, and each segment gets the classes of every layer that
// covers it — a <mark> when evidence covers it, else a <span> when any
// layer does, else plain text. Where a sentence starts, an empty marker
// element carries its number for the stylesheet to show. Every piece of text is HTML-escaped here, so
// the result is safe to use as template.HTML. Layers out of bounds or not
// on UTF-8 boundaries are clipped or dropped.
func highlight(text string, layers []layer) template.HTML {
	cuts := []int{0, len(text)}
	var ok []layer
	for _, l := range layers {
		l.start = max(l.start, 0)
		l.end = min(l.end, len(text))
		if l.start >= l.end || !runeStart(text, l.start) || !runeStart(text, l.end) {
			continue
		}
		ok = append(ok, l)
		cuts = append(cuts, l.start, l.end)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)

	var b strings.Builder
	for i := 0; i+1 < len(cuts); i++ {
		a, z := cuts[i], cuts[i+1]
		var classes []string
		var events []int
		isMark, sent := false, -1
		for _, l := range ok {
			if l.class == "s" && l.start == a {
				fmt.Fprintf(&b, `<span class="sb" id="s-%d" data-n="%d" aria-hidden="true"></span>`, l.sent, l.sent+1)
			}
			if l.start <= a && z <= l.end {
				switch l.class {
				case "ev":
					isMark = true
				case "s":
					sent = l.sent
				}
				if !slices.Contains(classes, l.class) {
					classes = append(classes, l.class)
				}
				if l.event >= 0 && !slices.Contains(events, l.event) {
					events = append(events, l.event)
				}
			}
		}
		seg := template.HTMLEscapeString(text[a:z])
		if len(classes) == 0 {
			b.WriteString(seg)
			continue
		}
		tag := "span"
		if isMark {
			tag = "mark"
		}
		b.WriteString("<" + tag + ` class="` + strings.Join(classes, " ") + `"`)
		if sent >= 0 {
			fmt.Fprintf(&b, ` data-s="%d"`, sent)
		}
		if len(events) > 0 {
			b.WriteString(` data-ev="`)
			for j, e := range events {
				if j > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(strconv.Itoa(e))
			}
			b.WriteByte('"')
		}
		b.WriteString(">" + seg + "</" + tag + ">")
	}
	return template.HTML(b.String())
}

func runeStart(s string, i int) bool { return i == len(s) || utf8.RuneStart(s[i]) }

// markEvidence renders a sentence with the evidence marked: the evidence
// span itself when it is known relative to the sentence (start >= 0), else
// the first occurrence of the evidence text. A sentence that does not
// contain the evidence is rendered plain.
func markEvidence(sentence, evidence string, start int) template.HTML {
	if start < 0 || start+len(evidence) > len(sentence) || sentence[start:start+len(evidence)] != evidence {
		start = -1
		if evidence != "" {
			start = strings.Index(sentence, evidence)
		}
	}
	if start < 0 {
		return template.HTML(template.HTMLEscapeString(sentence))
	}
	return highlight(sentence, []layer{mark(start, start+len(evidence))})
}

// markSnippet renders a search snippet, whose matched words the store puts
// in [ ], with <mark>. Since the text itself may hold brackets, the snippet
// is aligned with the sentence it was cut from: a bracket that is not in
// the sentence at that point is a marker. When the alignment fails, every
// bracket is read as a marker.
func markSnippet(snippet, text string) template.HTML {
	body, pre := strings.CutPrefix(snippet, "…")
	if out, ok := alignSnippet(body, text, pre); ok {
		return out
	}
	if body2, post := strings.CutSuffix(body, "…"); post {
		if out, ok := alignSnippet(body2, text, pre); ok {
			return out + "…"
		}
	}
	return parseSnippet(snippet)
}

// alignSnippet tries every start position of text (only 0 unless the
// snippet was cut at its start) and returns the marked snippet for the
// first one where the whole snippet aligns.
func alignSnippet(s, text string, cut bool) (template.HTML, bool) {
	last := 0
	if cut {
		last = len(text)
	}
	for at := 0; at <= last; at++ {
		if !runeStart(text, at) {
			continue
		}
		var layers []layer
		j, open := at, -1
		ok := true
		for i := 0; i < len(s); i++ {
			switch {
			case j < len(text) && s[i] == text[j]:
				j++
			case s[i] == '[' && open < 0:
				open = j
			case s[i] == ']' && open >= 0:
				layers = append(layers, mark(open, j))
				open = -1
			default:
				ok = false
			}
			if !ok {
				break
			}
		}
		if !ok || open >= 0 {
			continue
		}
		out := highlight(text[at:j], shift(layers, -at))
		if at > 0 {
			out = "…" + out
		}
		return out, true
	}
	return "", false
}

func shift(ls []layer, by int) []layer {
	for i := range ls {
		ls[i].start += by
		ls[i].end += by
	}
	return ls
}

// parseSnippet reads every [ and ] of the snippet as a marker.
func parseSnippet(s string) template.HTML {
	var plain strings.Builder
	var layers []layer
	open := -1
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '[' && open < 0:
			open = plain.Len()
		case s[i] == ']' && open >= 0:
			layers = append(layers, mark(open, plain.Len()))
			open = -1
		default:
			plain.WriteByte(s[i])
		}
	}
	return highlight(plain.String(), layers)
}
