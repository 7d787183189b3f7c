// Package clean finds the parts of an article's text that are web-page
// leftovers rather than story: menus and account links, "most read" and
// "read more" blocks with their teasers, photo captions, reaction and
// comment boxes, lines in another language than the story. The text itself
// is never changed; the leftovers are returned as spans for the splitter to
// skip and for the UI to grey out.
package clean

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"attache"
	"attache/fold"
)

// blockHeaders start a block of links and teasers that runs until the story
// resumes with real paragraphs. Folded forms.
var blockHeaders = []string{
	"most read", "most popular", "most viewed", "don't miss", "dont miss", "read more",
	"read also", "also read", "see also", "related", "related news", "related articles",
	"related stories", "related posts", "related content", "you may also like", "you might also like",
	"more stories", "more news", "latest news", "latest stories", "latest", "recommended",
	"recommended for you", "trending", "trending now", "editor's picks", "top stories",
	"popular", "more from", "in other news", "other news", "news in brief", "comments",
	"leave a comment", "leave a reply", "share this article", "tags", "keywords",
	// Vietnamese news sites
	"doc nhieu", "dung bo lo", "tin moi", "tin lien quan", "xem them", "tin tai tro",
	"tin khac", "tin cung chuyen muc", "binh luan", "y kien ban doc", "cam nhan cua ban ve bai viet nay",
	"hoi dap thong minh",
}

// junkWords make up menus, account links and widget labels. A short line
// made only of these (and separators) is a leftover.
var junkWords = map[string]bool{
	"home": true, "login": true, "log": true, "in": true, "out": true, "sign": true, "up": true,
	"register": true, "subscribe": true, "subscription": true, "logo": true, "menu": true,
	"search": true, "video": true, "videos": true, "photo": true, "photos": true, "share": true,
	"print": true, "email": true, "facebook": true, "twitter": true, "tweet": true, "whatsapp": true,
	"linkedin": true, "telegram": true, "x": true, "follow": true, "us": true, "advertisement": true,
	"sponsored": true, "invalid": true, "date": true, "close": true, "skip": true, "to": true,
	"content": true, "main": true, "my": true, "account": true, "newsletter": true, "podcast": true,
	"dang": true, "nhap": true, "ky": true, "an": true, "pham": true, "trang": true, "chu": true,
	"tim": true, "kiem": true, "lien": true, "he": true,
}

// junkLines are whole lines of comment and share widgets (folded, without
// final punctuation).
var junkLines = map[string]bool{
	"be the first to comment": true, "login to post a comment": true, "log in to post a comment": true,
	"log in to comment": true, "sign in to comment": true, "no comments yet": true, "post a comment": true,
	"share this story": true, "share on facebook": true, "share on twitter": true, "click here": true,
	"sign up for our newsletter": true, "subscribe to our newsletter": true, "follow us on": true,
	"all rights reserved": true, "back to top": true, "print this article": true, "you may be interested": true,
}

// Leftovers returns the leftover regions of text, sorted and merged. lang
// is the story's language ("en", or "" for unknown, treated as English).
func Leftovers(text, lang string) []attache.Leftover {
	lines := splitLines(text)
	reasons := make([]string, len(lines))
	inBlock := false
	for i, ln := range lines {
		if ln.blank {
			continue
		}
		key := ln.key
		if r := lineJunk(text[ln.Start:ln.End], key, lang, ln.words); r != "" {
			reasons[i] = r
			continue
		}
		if h, inline := isBlockHeader(key); h {
			if inline {
				reasons[i] = "read-more link"
				continue
			}
			inBlock = true
			reasons[i] = "link block"
			continue
		}
		if inBlock {
			if ln.prose && nextNonBlankProse(lines, i) {
				inBlock = false
				continue
			}
			reasons[i] = "link block"
		}
	}
	var out []attache.Leftover
	last := -1 // index of the last non-blank line
	for i, ln := range lines {
		if ln.blank {
			continue
		}
		if reasons[i] != "" {
			if n := len(out); n > 0 && last >= 0 && reasons[last] == reasons[i] {
				out[n-1].End = ln.End
			} else {
				out = append(out, attache.Leftover{Span: ln.Span, Reason: reasons[i]})
			}
		}
		last = i
	}
	return out
}

// Skips returns the spans of leftovers, for the splitter.
func Skips(ls []attache.Leftover) []attache.Span {
	out := make([]attache.Span, len(ls))
	for i, l := range ls {
		out[i] = l.Span
	}
	return out
}

type line struct {
	attache.Span // without the newline
	key          string
	words        int
	blank        bool
	prose        bool
}

func splitLines(text string) []line {
	var out []line
	start := 0
	for start <= len(text) {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		raw := text[start:end]
		trimmed := strings.TrimSpace(raw)
		ln := line{Span: attache.Span{Start: start, End: end}, blank: trimmed == ""}
		if !ln.blank {
			// Trim the span to the non-space content.
			off := strings.Index(raw, trimmed)
			ln.Span = attache.Span{Start: start + off, End: start + off + len(trimmed)}
			ln.words = countWords(trimmed)
			// Long lines are story prose or captions: only their end is
			// looked at ("… (Photo: VNA)"), so fold just that.
			if ln.words > 25 && len(trimmed) > 160 {
				tail := len(trimmed) - 120
				for tail < len(trimmed) && !utf8.RuneStart(trimmed[tail]) {
					tail++
				}
				ln.key = "… " + strings.Join(strings.Fields(fold.String(trimmed[tail:])), " ")
			} else {
				ln.key = strings.Join(strings.Fields(fold.String(trimmed)), " ")
			}
			last, _ := utf8.DecodeLastRuneInString(trimmed)
			ln.prose = ln.words >= 12 && strings.ContainsRune(".!?\"”'’", last)
		}
		out = append(out, ln)
		if end == len(text) {
			break
		}
		start = end + 1
	}
	return out
}

func isBlockHeader(key string) (header, inline bool) {
	k := strings.TrimRight(key, ":.> ")
	k = strings.TrimLeft(k, "•-*> ")
	for _, h := range blockHeaders {
		if k == h {
			return true, false
		}
		if strings.HasPrefix(k, h+":") && len(strings.Fields(k)) <= 20 {
			return true, true
		}
	}
	// "BÌNH LUẬN (0)", "Comments (12)"
	if i := strings.IndexByte(k, '('); i > 0 && strings.HasSuffix(k, ")") {
		base := strings.TrimSpace(k[:i])
		for _, h := range blockHeaders {
			if base == h {
				return true, false
			}
		}
	}
	return false, false
}

// lineJunk returns why a single line is a leftover, or "".
func lineJunk(raw, key, lang string, n int) string {
	var words []string
	if n <= 6 {
		words = strings.Fields(key)
	}
	switch {
	case junkLines[strings.TrimRight(key, ".!:")] || strings.HasPrefix(key, "©") || strings.HasPrefix(key, "copyright "):
		return "widget"
	case isCaption(key):
		return "photo caption"
	case strings.Contains(raw, "|") && isMenu(raw):
		return "menu"
	case n <= 6 && allJunkWords(words):
		return "menu"
	case n <= 4 && (strings.HasPrefix(raw, "•") || strings.HasPrefix(raw, "·")):
		return "reaction box"
	case n <= 4 && isAllCaps(raw) && !endsSentence(raw):
		return "label"
	case (lang == "" || lang == "en") && foreignVietnamese(raw, n):
		return "other language"
	}
	return ""
}

// isCaption spots photo captions: "… - Ảnh 1", "… (Photo: VNA)", "Photos: VGP".
func isCaption(key string) bool {
	k := strings.TrimRight(key, ". ")
	for _, p := range []string{"- anh ", "- photo ", "- hinh "} {
		if i := strings.LastIndex(k, p); i >= 0 && isDigits(k[i+len(p):]) {
			return true
		}
	}
	for _, p := range []string{"(photo:", "(photos:", "(photo by", "(anh:", "(source:", "(file photo"} {
		if i := strings.LastIndex(k, p); i >= 0 && strings.HasSuffix(k, ")") {
			return true
		}
	}
	for _, p := range []string{"photo: ", "photos: ", "photo by ", "anh: ", "file photo"} {
		if i := strings.LastIndex(k, p); i >= 0 && len(strings.Fields(k[i:])) <= 5 &&
			(i == 0 || k[i-1] == ' ' || k[i-1] == '.') {
			return true
		}
	}
	return false
}

// countWords counts the space-separated words of s without allocating.
func countWords(s string) int {
	n, in := 0, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isMenu reports whether a line with '|' separators is a list of short links.
func isMenu(raw string) bool {
	parts := strings.Split(raw, "|")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if len(strings.Fields(p)) > 4 {
			return false
		}
	}
	return true
}

func allJunkWords(words []string) bool {
	if len(words) == 0 {
		return false
	}
	for _, w := range words {
		w = strings.Trim(w, "|•·-/:()[]0123456789")
		if w != "" && !junkWords[w] {
			return false
		}
	}
	return true
}

func isAllCaps(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if !unicode.IsUpper(r) {
				return false
			}
		}
	}
	return letters >= 2
}

func endsSentence(s string) bool {
	last, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(s))
	return last == '.' || last == '!' || last == '?'
}

// foreignVietnamese reports whether a line in an English story is mostly
// Vietnamese: many of its words carry letters only Vietnamese uses.
func foreignVietnamese(raw string, words int) bool {
	if words < 3 {
		return false
	}
	viet, counted := 0, false
	for _, r := range raw {
		if unicode.IsSpace(r) {
			counted = false
			continue
		}
		if !counted && isVietnameseLetter(r) {
			viet++
			counted = true
		}
	}
	return viet*10 >= words*4
}

// isVietnameseLetter reports letters that English text does not use but
// Vietnamese does: ơ, ư, đ and the tone-marked vowels of Latin Extended
// Additional.
func isVietnameseLetter(r rune) bool {
	switch r {
	case 'ơ', 'Ơ', 'ư', 'Ư', 'đ', 'Đ', 'ă', 'Ă':
		return true
	}
	return r >= 0x1EA0 && r <= 0x1EF9
}

func nextNonBlankProse(lines []line, i int) bool {
	for j := i + 1; j < len(lines); j++ {
		if lines[j].blank {
			continue
		}
		return lines[j].prose
	}
	return false
}
