package merge

import (
	"strings"

	"attache/cameo"
)

// symmetricCodes are the acts that take two willing parties, so that
// "A did it with B" and "B did it with A" are one act (see the package
// comment for the choice).
var symmetricCodes = map[cameo.Code]bool{
	// consult, discuss by telephone, meet at a third location, negotiate
	"04": true, "040": true, "041": true, "044": true, "046": true,
	// sign formal agreement
	"057": true,
	// engage in material cooperation: generic, economic, military, judicial
	"06": true, "060": true, "061": true, "062": true, "063": true,
}

// Symmetric reports whether c is an act whose source and target can be
// swapped without changing it.
func Symmetric(c cameo.Code) bool { return symmetricCodes[c] }

// The meeting family: "consult", "meet at a third location" and "engage in
// negotiation" are three ways of reporting the same talks. 040 is their
// common parent.
const (
	codeConsult cameo.Code = "040"
	codeVisit   cameo.Code = "042"
	codeHost    cameo.Code = "043"
)

func inMeetingFamily(c cameo.Code) bool { return c == "040" || c == "044" || c == "046" }

// parent is cameo.Code.Parent with 044 and 046 placed under 040.
func parent(c cameo.Code) cameo.Code {
	if c == "044" || c == "046" {
		return codeConsult
	}
	return c.Parent()
}

// covers reports whether a is b or one of its ancestors: a prefix of b, or
// 040 for a member of the meeting family.
func covers(a, b cameo.Code) bool {
	if strings.HasPrefix(string(b), string(a)) {
		return true
	}
	return a == codeConsult && inMeetingFamily(b)
}

// compatible reports whether two codes can describe the same act.
func compatible(a, b cameo.Code) bool {
	return covers(a, b) || covers(b, a) || (inMeetingFamily(a) && inMeetingFamily(b))
}

// agreed returns the most specific code that all of codes agree on: the
// deepest one when they lie on one line of descent, else the deepest common
// ancestor of the deepest ones (044 and 046 give 040).
func agreed(codes []cameo.Code) cameo.Code {
	var best cameo.Code
	for i, c := range codes {
		deepest := true
		for j, o := range codes {
			if i != j && c != o && covers(c, o) {
				deepest = false
				break
			}
		}
		if !deepest {
			continue
		}
		if best == "" {
			best = c
		} else {
			best = commonAncestor(best, c)
		}
	}
	return best
}

func commonAncestor(a, b cameo.Code) cameo.Code {
	for {
		if covers(a, b) {
			return a
		}
		p := parent(a)
		if p == a {
			return a
		}
		a = p
	}
}
