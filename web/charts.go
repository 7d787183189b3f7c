package web

import (
	"cmp"
	"html/template"

	"attache"
	"attache/chart"
)

// The charts are SVG drawn by package chart; their text alternatives are
// the tables next to them on each page.

func (s *server) timelineChart(p dyadPage) template.HTML {
	months := make([]chart.TimelineMonth, len(p.Months))
	for i, m := range p.Months {
		months[i] = chart.TimelineMonth{Month: m.Month, Goldstein: m.Goldstein}
		copy(months[i].Quads[:], m.Quads[1:])
	}
	return chart.Timeline(months, chart.TimelineOptions{ID: "dyad-timeline",
		Title: "Events between " + p.AName + " and " + p.BName + " by month"})
}

func (s *server) tradeChart(p dyadPage) template.HTML {
	var points []chart.TradePoint
	for _, f := range p.Trade {
		if f.Kind != attache.Trade {
			continue
		}
		points = append(points, chart.TradePoint{
			Label:    cmp.Or(f.Period, f.Date.String(), "undated"),
			Value:    f.Value,
			Currency: f.Currency,
			Source:   cmp.Or(f.Publisher, f.Doc),
			URL:      f.DocURL,
		})
	}
	if len(points) == 0 {
		return ""
	}
	return chart.TradeBars(points, chart.TradeOptions{ID: "dyad-trade",
		Title: "Trade between " + p.AName + " and " + p.BName})
}

func (s *server) networkChart(p countryPage) template.HTML {
	if len(p.Partners) == 0 {
		return ""
	}
	nodes := make([]chart.NetworkNode, len(p.Partners))
	var sum float64
	var n int
	for i, pr := range p.Partners {
		nodes[i] = chart.NetworkNode{Code: string(pr.Partner), Name: pr.Name, Events: pr.Events, Goldstein: pr.Goldstein}
		sum += pr.Goldstein * float64(pr.Events)
		n += pr.Events
	}
	centre := chart.NetworkNode{Code: string(p.C), Name: p.Name, Events: cmp.Or(p.Events, n)}
	if n > 0 {
		centre.Goldstein = sum / float64(n)
	}
	return chart.Network(centre, nodes, chart.NetworkOptions{ID: "partners",
		Link: func(code string) string { return dyadURL(p.C, attache.Country(code)) }})
}
