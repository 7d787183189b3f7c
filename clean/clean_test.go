package clean

import (
	"strings"
	"testing"
)

// page is a made-up article with the leftovers news sites leave in text.
const page = `Đất nước vươn mình trong thời đại mới
Logo
Đăng ký|Đăng nhập

Ministers agree to expand rail links

The Sample Times The transport ministers of the two countries met on Tuesday to discuss new rail links across the border region.

Cầu nối hợp tác giữa hai nước- Ảnh 1.

The two ministers at the meeting. Photos: ABC

They agreed to set up a working group that will report on the plans to both governments within six months.

Read more: Rail freight doubles in first quarter

The working group will hold its first session in the capital next month, officials said after the talks.

Most read
Port city to host regional summit

Port city to host regional summit

The coastal city offers an ideal setting for a major international event, with modern conference halls and hotels.

BÌNH LUẬN (0)
  • Rất hay
  • Thích
VIDEO
Home | World | Business | Login
`

func TestLeftovers(t *testing.T) {
	ls := Leftovers(page, "en")
	var story strings.Builder
	pos := 0
	for _, l := range ls {
		if l.Start < pos || l.End > len(page) || l.Start > l.End {
			t.Fatalf("leftover %v out of order or bounds", l.Span)
		}
		story.WriteString(page[pos:l.Start])
		pos = l.End
	}
	story.WriteString(page[pos:])
	got := story.String()
	for _, keep := range []string{
		"Ministers agree to expand rail links",
		"The transport ministers of the two countries met on Tuesday",
		"They agreed to set up a working group",
		"The working group will hold its first session",
	} {
		if !strings.Contains(got, keep) {
			t.Errorf("story lost %q", keep)
		}
	}
	for _, drop := range []string{
		"vươn mình", "Logo", "Đăng nhập", "Ảnh 1", "Photos: ABC", "Rail freight doubles",
		"Most read", "Port city to host", "coastal city offers", "BÌNH LUẬN", "Rất hay", "VIDEO", "Business | Login",
	} {
		if strings.Contains(got, drop) {
			t.Errorf("story still holds leftover %q", drop)
		}
	}
}

func TestLeftoversKeepPlainStory(t *testing.T) {
	text := "Leaders meet in the capital\n\nThe president received the visiting prime minister on Monday. They discussed trade.\n\nThe two sides signed three agreements.\n"
	if ls := Leftovers(text, "en"); len(ls) != 0 {
		t.Errorf("plain story got leftovers %+v", ls)
	}
}

func FuzzLeftovers(f *testing.F) {
	f.Add(page)
	f.Add("Read more\n\nx")
	f.Add("\n\n|\n• \xff")
	f.Fuzz(func(t *testing.T, text string) {
		pos := 0
		for _, l := range Leftovers(text, "en") {
			if l.Start < pos || l.End > len(text) || l.Start > l.End {
				t.Fatalf("leftover %v out of order or bounds (len %d)", l.Span, len(text))
			}
			pos = l.End
		}
	})
}
