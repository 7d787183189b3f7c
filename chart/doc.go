// Package chart draws the web UI's charts as inline SVG, generated on the
// server: no JavaScript, no external fonts or stylesheets.
//
// Each chart is a function from plain data and options to a template.HTML
// that a page embeds with {{.Chart}}:
//
//	Timeline(months, TimelineOptions{ID: "dyad-tl"})     // events by month, by quad class
//	TradeBars(points, TradeOptions{ID: "dyad-trade"})    // trade figures by period and source
//	Network(centre, partners, NetworkOptions{ID: "net"}) // a country's partners
//	Bars(counts, BarsOptions{ID: "roots"})               // small horizontal bars for facet counts
//
// Money formats amounts as the trade chart does ("US$160M") and
// GoldsteinColor gives the network's colour of a Goldstein value, so that
// tables next to a chart can match it.
//
// Every text taken from the data (labels, country names, sources, months)
// is escaped, and characters that XML forbids are dropped, so the output is
// well-formed XML whatever the data holds. Links given by callers are
// checked like html/template checks URLs: only http, https, mailto and
// relative URLs are kept.
//
// Every <svg> has role="img", aria-labelledby pointing at its <title> and
// <desc> (a summary of the data), a viewBox and width="100%" so it shrinks
// on small screens, and presentation attributes only (no style attribute
// or <style> element, so a strict Content-Security-Policy does not break
// it). Element IDs start with the option ID, which must be unique within
// the page. Elements carry classes that stylesheets and browser tests can
// select: "bar q1" … "bar q4", "goldstein-line", "goldstein-point",
// "zero-line", "month", "trade-bar", "value-label", "node", "centre",
// "edge", "label", "facet", "facet-bar", "legend"; the root <svg> has
// class "chart" and the chart's kind ("timeline", "trade", "network",
// "bars"), plus "empty" for the "no data" chart.
//
// Output is deterministic: the same input gives byte-identical SVG. The
// functions are safe for concurrent use.
package chart
