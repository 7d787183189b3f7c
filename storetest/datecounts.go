package storetest

import (
	"context"
	"reflect"
	"testing"

	"attache"
)

// DatedSet stores two documents whose events are dated to a day, a month
// or a year, or not at all (quad classes and Goldstein values in
// brackets):
//
//	x  VNA       VNM→LAO 040 2024-04-02 [1 1]    LAO→VNM 040 2024-04-02 [1 1.5]
//	             VNM→LAO 111 2024-04 [3 -2]      VNM→LAO 042 2024 [1 1.9]
//	             VNM→LAO 190 undated [4 -10]
//	y  Nhân Dân  VNM→KHM 040 2024-04-02 [1 1]    LAO→VNM 051 2025-01-15 [1 3.4]
//	             LAO→VNM 040 2024-04-02 [1 2]
//
// x#0 and y#2 are in cluster c1.
func DatedSet(t testing.TB, s Store) {
	t.Helper()
	x := NewDoc("x", "VNA", "2024-05-01",
		"Laos and Vietnam reopened the ferry across the Mekong.",
		"Hanoi complained about the delays in April.",
		"Both sides want more crossings this year.")
	y := NewDoc("y", "Nhân Dân", "2025-01-20",
		"Cambodia and Vietnam talked about fishing.",
		"Vientiane thanked Hanoi for the new school.")
	type ev struct {
		d        *attache.Document
		sentence int
		src, tgt attache.Country
		code     string
		date     string
		quad     int
		g        float64
	}
	for _, e := range []ev{
		{x, 0, "VNM", "LAO", "040", "2024-04-02", 1, 1},
		{x, 0, "LAO", "VNM", "040", "2024-04-02", 1, 1.5},
		{x, 1, "VNM", "LAO", "111", "2024-04", 3, -2},
		{x, 2, "VNM", "LAO", "042", "2024", 1, 1.9},
		{x, 2, "VNM", "LAO", "190", "", 4, -10},
		{y, 0, "VNM", "KHM", "040", "2024-04-02", 1, 1},
		{y, 1, "LAO", "VNM", "051", "2025-01-15", 1, 3.4},
		{y, 1, "LAO", "VNM", "040", "2024-04-02", 1, 2},
	} {
		a := AddEvent(e.d, e.sentence, e.src, e.tgt, e.code, e.date)
		a.Quad, a.Goldstein = e.quad, e.g
	}
	MustSave(t, s, x, y)
	if err := s.SetClusters(context.Background(), map[[2]string]string{{"x", "x#0"}: "c1", {"y", "y#2"}: "c1"}); err != nil {
		t.Fatal(err)
	}
}

func testDateCounts(t *testing.T, open func(t *testing.T) Store) {
	s := open(t)
	DatedSet(t, s)
	type dc = attache.DateCount
	vnmLAO := [2]attache.Country{"VNM", "LAO"}
	tests := []struct {
		name   string
		filter attache.EventFilter
		want   []dc
	}{
		{"dyad", attache.EventFilter{Dyad: vnmLAO}, []dc{
			{Date: attache.Date{}, Root: "19", Quad: 4, Events: 1, GoldsteinSum: -10},
			{Date: MustDate("2024"), Root: "04", Quad: 1, Events: 1, GoldsteinSum: 1.9},
			{Date: MustDate("2024-04"), Root: "11", Quad: 3, Events: 1, GoldsteinSum: -2},
			{Date: MustDate("2024-04-02"), Root: "04", Quad: 1, Events: 3, GoldsteinSum: 4.5},
			{Date: MustDate("2025-01-15"), Root: "05", Quad: 1, Events: 1, GoldsteinSum: 3.4},
		}},
		// Limit and Cursor do not apply.
		{"limit and cursor", attache.EventFilter{Dyad: vnmLAO, Limit: 1, Cursor: "not a cursor"}, []dc{
			{Date: attache.Date{}, Root: "19", Quad: 4, Events: 1, GoldsteinSum: -10},
			{Date: MustDate("2024"), Root: "04", Quad: 1, Events: 1, GoldsteinSum: 1.9},
			{Date: MustDate("2024-04"), Root: "11", Quad: 3, Events: 1, GoldsteinSum: -2},
			{Date: MustDate("2024-04-02"), Root: "04", Quad: 1, Events: 3, GoldsteinSum: 4.5},
			{Date: MustDate("2025-01-15"), Root: "05", Quad: 1, Events: 1, GoldsteinSum: 3.4},
		}},
		// The year and the month overlap the range; the undated event
		// does not.
		{"since until", attache.EventFilter{Dyad: vnmLAO, Since: MustDate("2024-04-02"), Until: MustDate("2024-12")}, []dc{
			{Date: MustDate("2024"), Root: "04", Quad: 1, Events: 1, GoldsteinSum: 1.9},
			{Date: MustDate("2024-04"), Root: "11", Quad: 3, Events: 1, GoldsteinSum: -2},
			{Date: MustDate("2024-04-02"), Root: "04", Quad: 1, Events: 3, GoldsteinSum: 4.5},
		}},
		{"since a day", attache.EventFilter{Dyad: vnmLAO, Since: MustDate("2024-04-03")}, []dc{
			{Date: MustDate("2024"), Root: "04", Quad: 1, Events: 1, GoldsteinSum: 1.9},
			{Date: MustDate("2024-04"), Root: "11", Quad: 3, Events: 1, GoldsteinSum: -2},
			{Date: MustDate("2025-01-15"), Root: "05", Quad: 1, Events: 1, GoldsteinSum: 3.4},
		}},
		{"codes", attache.EventFilter{Codes: []string{"04", "19"}}, []dc{
			{Date: attache.Date{}, Root: "19", Quad: 4, Events: 1, GoldsteinSum: -10},
			{Date: MustDate("2024"), Root: "04", Quad: 1, Events: 1, GoldsteinSum: 1.9},
			{Date: MustDate("2024-04-02"), Root: "04", Quad: 1, Events: 4, GoldsteinSum: 5.5},
		}},
		{"country", attache.EventFilter{Countries: []attache.Country{"KHM"}}, []dc{
			{Date: MustDate("2024-04-02"), Root: "04", Quad: 1, Events: 1, GoldsteinSum: 1},
		}},
		{"publisher", attache.EventFilter{Publisher: "Nhân Dân"}, []dc{
			{Date: MustDate("2024-04-02"), Root: "04", Quad: 1, Events: 2, GoldsteinSum: 3},
			{Date: MustDate("2025-01-15"), Root: "05", Quad: 1, Events: 1, GoldsteinSum: 3.4},
		}},
		{"doc", attache.EventFilter{Doc: "x", Codes: []string{"1"}}, []dc{
			{Date: attache.Date{}, Root: "19", Quad: 4, Events: 1, GoldsteinSum: -10},
			{Date: MustDate("2024-04"), Root: "11", Quad: 3, Events: 1, GoldsteinSum: -2},
		}},
		{"cluster", attache.EventFilter{Cluster: "c1"}, []dc{
			{Date: MustDate("2024-04-02"), Root: "04", Quad: 1, Events: 2, GoldsteinSum: 3},
		}},
		{"text", attache.EventFilter{Text: "ferry"}, []dc{
			{Date: MustDate("2024-04-02"), Root: "04", Quad: 1, Events: 2, GoldsteinSum: 2.5},
		}},
		{"nothing", attache.EventFilter{Countries: []attache.Country{"FRA"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.DateCounts(context.Background(), tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("DateCounts =\n %+v\nwant\n %+v", got, tt.want)
			}
		})
	}
}
