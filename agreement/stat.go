package agreement

import "fmt"

// Stat is one agreement statistic: its value, or the reason it has none.
// A statistic the data cannot define (one category only, no unit that two
// coders labelled, chance agreement of 1) has Defined false, Value 0 and a
// Reason, so an undefined kappa is never mistaken for a measured 0 or 1.
type Stat struct {
	Value   float64 `json:"value"`            // meaningful only when Defined
	Defined bool    `json:"defined"`          // false when the data cannot define the statistic
	Reason  string  `json:"reason,omitempty"` // why it is undefined; empty when Defined
	N       int     `json:"n"`                // how much data it rests on; each method says what it counts
}

// String formats s with three decimals, or as "undefined (reason)".
func (s Stat) String() string {
	if !s.Defined {
		return fmt.Sprintf("undefined (%s)", s.Reason)
	}
	return fmt.Sprintf("%.3f", s.Value)
}

// definedStat returns a defined statistic of value v resting on n.
func definedStat(v float64, n int) Stat {
	return Stat{Value: v, Defined: true, N: n}
}

// undefinedStat returns an undefined statistic resting on n, with the
// reason given by format and args.
func undefinedStat(n int, format string, args ...any) Stat {
	return Stat{N: n, Reason: fmt.Sprintf(format, args...)}
}
