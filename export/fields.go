package export

import (
	"strconv"

	"attache"
	"attache/cameo"
)

// Small formatting helpers shared by the tabular formats (csv, gdelt).

// num formats a float in the fewest digits that read back to the same
// value: 1, 1.9, -10, 21.03.
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// precision names how much of d is known: "day", "month", "year" or "".
// It is derived from the date itself, so it can never disagree with it.
func precision(d attache.Date) string { return d.Precision().String() }

// root returns the event's root code, derived from its code when the
// event does not carry one.
func root(e *attache.StoredEvent) cameo.Code {
	if e.Root != "" {
		return e.Root
	}
	return e.Code.Root()
}

// actorName is the name a table shows for an actor: the person when known,
// else the words of the text.
func actorName(a attache.Actor) string {
	if a.Person != "" {
		return a.Person
	}
	return a.Text
}

// The place columns are all empty when the event has no place, so a
// missing place never reads as 0°N 0°E.

func placeName(p *attache.Place) string {
	if p == nil {
		return ""
	}
	return p.Name
}

func placeCountry(p *attache.Place) string {
	if p == nil {
		return ""
	}
	return string(p.Country)
}

func placeLat(p *attache.Place) string {
	if p == nil {
		return ""
	}
	return num(p.Lat)
}

func placeLon(p *attache.Place) string {
	if p == nil {
		return ""
	}
	return num(p.Lon)
}
