package eval

import (
	"strings"
	"testing"

	"attache"
	"attache/cameo"
)

func d(s string) attache.Date {
	v, err := attache.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func ev(src, tgt, code, date string) attache.Event {
	return attache.Event{Source: attache.Actor{Country: attache.Country(src)}, Target: attache.Actor{Country: attache.Country(tgt)},
		Code: cameo.Code(code), Date: d(date)}
}

func gev(src, tgt, date string, optional bool, codes ...string) GoldEvent {
	g := GoldEvent{Source: attache.Country(src), Target: attache.Country(tgt), Date: d(date), Optional: optional}
	for _, c := range codes {
		g.Codes = append(g.Codes, cameo.Code(c))
	}
	return g
}

func TestScoreEvents(t *testing.T) {
	tests := []struct {
		name   string
		gold   []GoldEvent
		pred   []attache.Event
		m1, m2 Counts
	}{
		{"exact", []GoldEvent{gev("VNM", "RUS", "2025-01-14", false, "042")},
			[]attache.Event{ev("VNM", "RUS", "042", "2025-01-14")}, Counts{1, 0, 0}, Counts{1, 0, 0}},
		{"month gold fits day prediction", []GoldEvent{gev("VNM", "UZB", "2024-10", false, "044")},
			[]attache.Event{ev("VNM", "UZB", "044", "2024-10-23")}, Counts{1, 0, 0}, Counts{1, 0, 0}},
		{"year gold fits month prediction", []GoldEvent{gev("VNM", "UZB", "2024", false, "044")},
			[]attache.Event{ev("VNM", "UZB", "044", "2024-10")}, Counts{1, 0, 0}, Counts{1, 0, 0}},
		{"less precise prediction does not fit", []GoldEvent{gev("VNM", "UZB", "2024-10-23", false, "044")},
			[]attache.Event{ev("VNM", "UZB", "044", "2024-10")}, Counts{0, 1, 1}, Counts{0, 1, 1}},
		{"null gold date fits any", []GoldEvent{gev("VNM", "CHN", "", false, "112")},
			[]attache.Event{ev("VNM", "CHN", "112", "2019-07-03")}, Counts{1, 0, 0}, Counts{1, 0, 0}},
		{"undated prediction misses dated gold", []GoldEvent{gev("VNM", "CHN", "2019-07-03", false, "112")},
			[]attache.Event{ev("VNM", "CHN", "112", "")}, Counts{0, 1, 1}, Counts{0, 1, 1}},
		{"optional absent is no miss", []GoldEvent{gev("VNM", "UZB", "2025-01-07", true, "013")},
			nil, Counts{0, 0, 0}, Counts{0, 0, 0}},
		{"optional present is no false alarm", []GoldEvent{gev("VNM", "UZB", "2025-01-07", true, "013")},
			[]attache.Event{ev("VNM", "UZB", "013", "2025-01-07")}, Counts{0, 0, 0}, Counts{0, 0, 0}},
		{"alternative code accepted, not required", []GoldEvent{gev("VNM", "UZB", "2025-01-07", false, "030", "051")},
			[]attache.Event{ev("VNM", "UZB", "051", "2025-01-07")}, Counts{0, 0, 1}, Counts{0, 0, 1}},
		{"prefix code agrees", []GoldEvent{gev("PAK", "IND", "2016-11-01", false, "0256")},
			[]attache.Event{ev("PAK", "IND", "025", "2016-11-01")}, Counts{1, 0, 0}, Counts{1, 0, 0}},
		{"longer predicted code agrees", []GoldEvent{gev("COD", "RWA", "2022-10-29", false, "112")},
			[]attache.Event{ev("COD", "RWA", "1123", "2022-10-29")}, Counts{1, 0, 0}, Counts{1, 0, 0}},
		{"M1 ignores direction, M2 does not", []GoldEvent{gev("KGZ", "VNM", "2025-03-06", false, "042")},
			[]attache.Event{ev("VNM", "KGZ", "042", "2025-03-06")}, Counts{1, 0, 0}, Counts{0, 1, 1}},
		{"M1 root only", []GoldEvent{gev("KGZ", "VNM", "2025-03-06", false, "042")},
			[]attache.Event{ev("KGZ", "VNM", "040", "2025-03-06")}, Counts{1, 0, 0}, Counts{0, 1, 1}},
		{"duplicates count once", []GoldEvent{gev("VNM", "RUS", "2025-01-14", false, "051"), gev("VNM", "RUS", "2025-01-14", false, "051")},
			[]attache.Event{ev("VNM", "RUS", "051", "2025-01-14"), ev("VNM", "RUS", "051", "2025-01-14"), ev("VNM", "RUS", "051", "2025-01-14")},
			Counts{1, 0, 0}, Counts{1, 0, 0}},
		{"unknown actor ignored", []GoldEvent{gev("VNM", "RUS", "2025-01-14", false, "051")},
			[]attache.Event{ev("", "RUS", "051", "2025-01-14"), ev("VNM", "VNM", "051", "2025-01-14")},
			Counts{0, 0, 1}, Counts{0, 0, 1}},
		{"root-only code ignored", nil, []attache.Event{ev("VNM", "RUS", "05", "2025-01-14")}, Counts{}, Counts{}},
		{"false alarm", nil, []attache.Event{ev("VNM", "RUS", "190", "2025-01-14")}, Counts{0, 1, 0}, Counts{0, 1, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := ScoreDoc(GoldDoc{Doc: "x", Events: tt.gold}, &attache.Record{Doc: "x", Events: tt.pred})
			if ds.M1 != tt.m1 {
				t.Errorf("M1 = %+v, want %+v", ds.M1, tt.m1)
			}
			if ds.M2 != tt.m2 {
				t.Errorf("M2 = %+v, want %+v (misses %v, alarms %v)", ds.M2, tt.m2, ds.Misses, ds.FalseAlarms)
			}
		})
	}
}

func parties(cs ...string) []attache.Country {
	out := make([]attache.Country, len(cs))
	for i, c := range cs {
		out[i] = attache.Country(c)
	}
	return out
}

func TestFactMatches(t *testing.T) {
	tests := []struct {
		name string
		pred attache.Fact
		gold attache.Fact
		want bool
	}{
		{"agreement half the words", attache.Fact{Kind: attache.Agreement, Parties: parties("KGZ", "VNM"), Title: "Agreement on Education", Date: d("2025-03-06")},
			attache.Fact{Kind: attache.Agreement, Parties: parties("VNM", "KGZ"), Title: "Agreement on Cooperation in Education", Date: d("2025-03-06")}, true},
		{"agreement too few words", attache.Fact{Kind: attache.Agreement, Parties: parties("VNM", "KGZ"), Title: "Memorandum", Date: d("2025-03-06")},
			attache.Fact{Kind: attache.Agreement, Parties: parties("VNM", "KGZ"), Title: "Agreement on Cooperation in Education", Date: d("2025-03-06")}, false},
		{"agreement case-insensitive", attache.Fact{Kind: attache.Agreement, Parties: parties("VNM", "RUS"), Title: "Joint Communiqué", Date: d("2025-01-14")},
			attache.Fact{Kind: attache.Agreement, Parties: parties("VNM", "RUS"), Title: "joint communiqué", Date: d("2025-01-14")}, true},
		{"agreement wrong date", attache.Fact{Kind: attache.Agreement, Parties: parties("VNM", "RUS"), Title: "joint statement", Date: d("2025-01-15")},
			attache.Fact{Kind: attache.Agreement, Parties: parties("VNM", "RUS"), Title: "joint statement", Date: d("2025-01-14")}, false},
		{"agreement wrong parties", attache.Fact{Kind: attache.Agreement, Parties: parties("VNM", "UZB"), Title: "joint statement"},
			attache.Fact{Kind: attache.Agreement, Parties: parties("VNM", "RUS"), Title: "joint statement"}, false},
		{"trade within 1%", attache.Fact{Kind: attache.Trade, Parties: parties("VNM", "UZB"), Period: "2023", Value: 159.7e6},
			attache.Fact{Kind: attache.Trade, Parties: parties("VNM", "UZB"), Period: "2023", Value: 160e6}, true},
		{"trade other period", attache.Fact{Kind: attache.Trade, Parties: parties("VNM", "UZB"), Period: "2024", Value: 160e6},
			attache.Fact{Kind: attache.Trade, Parties: parties("VNM", "UZB"), Period: "2023", Value: 160e6}, false},
		{"trade off by 2%", attache.Fact{Kind: attache.Trade, Parties: parties("VNM", "UZB"), Period: "2023", Value: 156e6},
			attache.Fact{Kind: attache.Trade, Parties: parties("VNM", "UZB"), Period: "2023", Value: 160e6}, false},
		{"growth within 0.5", attache.Fact{Kind: attache.TradeGrowth, Parties: parties("VNM", "UZB"), Percent: 32.4},
			attache.Fact{Kind: attache.TradeGrowth, Parties: parties("VNM", "UZB"), Percent: 32}, true},
		{"growth off", attache.Fact{Kind: attache.TradeGrowth, Parties: parties("VNM", "UZB"), Percent: 30},
			attache.Fact{Kind: attache.TradeGrowth, Parties: parties("VNM", "UZB"), Percent: 32}, false},
		{"relationship level", attache.Fact{Kind: attache.Relationship, Parties: parties("VNM", "RUS"), Level: "comprehensive strategic partnership"},
			attache.Fact{Kind: attache.Relationship, Parties: parties("VNM", "RUS"), Level: "Comprehensive Strategic Partnership"}, true},
		{"relationship other level", attache.Fact{Kind: attache.Relationship, Parties: parties("VNM", "RUS"), Level: "Strategic Partnership"},
			attache.Fact{Kind: attache.Relationship, Parties: parties("VNM", "RUS"), Level: "Comprehensive Strategic Partnership"}, false},
		{"established year", attache.Fact{Kind: attache.RelationsEstablished, Parties: parties("VNM", "UZB"), Date: d("1992-01-17")},
			attache.Fact{Kind: attache.RelationsEstablished, Parties: parties("VNM", "UZB"), Date: d("1992")}, true},
		{"established other year", attache.Fact{Kind: attache.RelationsEstablished, Parties: parties("VNM", "UZB"), Date: d("1993")},
			attache.Fact{Kind: attache.RelationsEstablished, Parties: parties("VNM", "UZB"), Date: d("1992")}, false},
		{"kind differs", attache.Fact{Kind: attache.Trade, Parties: parties("VNM", "UZB"), Period: "2023", Value: 1},
			attache.Fact{Kind: attache.TradeGrowth, Parties: parties("VNM", "UZB"), Percent: 1}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FactMatches(tt.pred, tt.gold); got != tt.want {
				t.Errorf("FactMatches = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMatchFactsOneToOne(t *testing.T) {
	gold := []attache.Fact{
		{Kind: attache.Trade, Parties: parties("VNM", "UZB"), Period: "2023", Value: 160e6},
		{Kind: attache.Trade, Parties: parties("VNM", "UZB"), Period: "2023", Value: 159.7e6},
	}
	// One prediction cannot match both gold facts.
	c, _, _ := matchFacts(gold, gold[:1])
	if c != (Counts{TP: 1, FP: 0, FN: 1}) {
		t.Errorf("one prediction for two gold facts: %+v", c)
	}
	c, _, _ = matchFacts(gold, gold)
	if c != (Counts{TP: 2}) {
		t.Errorf("two for two: %+v", c)
	}
	extra := append(append([]attache.Fact(nil), gold...), attache.Fact{Kind: attache.Relationship, Parties: parties("VNM", "UZB"), Level: "x"})
	c, _, alarms := matchFacts(gold, extra)
	if c != (Counts{TP: 2, FP: 1}) || len(alarms) != 1 {
		t.Errorf("extra prediction: %+v %v", c, alarms)
	}
}

func TestScoreCorpus(t *testing.T) {
	gold, err := ReadGold(strings.NewReader(`{"doc":"a","events":[{"source":"VNM","target":"RUS","codes":["042"],"date":"2025-01-14"}],"facts":[]}
{"doc":"b","events":[{"source":"VNM","target":"UZB","codes":["041"],"date":"2025-01-07"}],"facts":[{"kind":"relations_established","parties":["VNM","UZB"],"date":"1992"}]}
`), "gold.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	pred, err := ReadRecords(strings.NewReader(`{"doc":"a","reference_date":"2025-01-14","events":[{"source":{"country":"VNM"},"target":{"country":"RUS"},"cameo":"042","date":"2025-01-14"},{"source":{"country":"VNM"},"target":{"country":"RUS"},"cameo":"190","date":"2025-01-14"}],"facts":[],"warnings":[]}
`), "pred.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	rep := Score("test", gold, pred)
	if rep.M1 != (Counts{TP: 1, FP: 1, FN: 1}) {
		t.Errorf("M1 = %+v", rep.M1)
	}
	if rep.Facts != (Counts{FN: 1}) {
		t.Errorf("facts = %+v", rep.Facts)
	}
	if !rep.Docs[1].Missing {
		t.Errorf("doc b should be marked missing")
	}
	if got, want := rep.M1.F1(), 0.5; got != want {
		t.Errorf("F1 = %v, want %v", got, want)
	}
}

func TestReadGoldErrors(t *testing.T) {
	for name, in := range map[string]string{
		"malformed": "{\"doc\":",
		"no doc":    `{"events":[]}`,
		"bad code":  `{"doc":"a","events":[{"source":"A","target":"B","codes":["9x"]}]}`,
		"bad date":  `{"doc":"a","events":[{"source":"A","target":"B","codes":["042"],"date":"March"}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ReadGold(strings.NewReader(in), "gold.jsonl")
			if err == nil || !strings.Contains(err.Error(), "gold.jsonl:1") {
				t.Errorf("err = %v, want one naming gold.jsonl:1", err)
			}
		})
	}
}
