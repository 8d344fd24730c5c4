package agreement

import (
	"strings"
	"testing"
)

// Each statistic the data cannot define says so, with a reason, rather than
// report 0 or 1.
func TestUndefined(t *testing.T) {
	cats := []string{"obstacle", "opening", "neutral"}
	tests := []struct {
		name   string
		coders []string
		rows   [][]string
		stat   func(*Data) Stat
		reason string // a part of the reason
	}{
		{
			name:   "alpha/one category",
			coders: []string{"a", "b"},
			rows:   [][]string{{"neutral", "neutral"}, {"neutral", "neutral"}, {"opening", ""}},
			stat:   func(d *Data) Stat { return d.Alpha(Nominal).Stat },
			reason: `only "neutral" occurs`,
		},
		{
			name:   "ordinal alpha/one category",
			coders: []string{"a", "b"},
			rows:   [][]string{{"neutral", "neutral"}},
			stat:   func(d *Data) Stat { return d.Alpha(Ordinal).Stat },
			reason: "no variation",
		},
		{
			name:   "alpha/no pairable unit",
			coders: []string{"a", "b"},
			rows:   [][]string{{"neutral", ""}, {"", "opening"}},
			stat:   func(d *Data) Stat { return d.Alpha(Nominal).Stat },
			reason: "no unit has labels from two or more coders",
		},
		{
			name:   "alpha/no units",
			coders: []string{"a", "b"},
			stat:   func(d *Data) Stat { return d.Alpha(Nominal).Stat },
			reason: "no unit has labels from two or more coders",
		},
		{
			name:   "alpha/one coder",
			coders: []string{"a"},
			rows:   [][]string{{"neutral"}, {"opening"}},
			stat:   func(d *Data) Stat { return d.Alpha(Nominal).Stat },
			reason: "no unit has labels from two or more coders",
		},
		{
			name:   "percent/no pairable unit",
			coders: []string{"a", "b"},
			rows:   [][]string{{"neutral", ""}},
			stat:   (*Data).PercentAgreement,
			reason: "no unit has labels from two or more coders",
		},
		{
			name:   "cohen/no unit in common",
			coders: []string{"a", "b"},
			rows:   [][]string{{"neutral", ""}, {"", "opening"}},
			stat:   func(d *Data) Stat { return d.CohenKappa(0, 1) },
			reason: `coders "a" and "b" labelled no unit in common`,
		},
		{
			name:   "cohen/chance agreement 1",
			coders: []string{"a", "b"},
			rows:   [][]string{{"opening", "opening"}, {"opening", "opening"}, {"obstacle", ""}},
			stat:   func(d *Data) Stat { return d.CohenKappa(0, 1) },
			reason: `gave every unit "opening", so chance agreement is 1`,
		},
		{
			name:   "cohen/matrix diagonal",
			coders: []string{"a", "b"},
			rows:   [][]string{{"opening", "obstacle"}, {"obstacle", "obstacle"}},
			stat:   func(d *Data) Stat { return d.KappaMatrix()[1][1] },
			reason: "a coder with itself",
		},
		{
			name:   "fleiss/one coder",
			coders: []string{"a"},
			rows:   [][]string{{"neutral"}, {"opening"}},
			stat:   func(d *Data) Stat { return d.FleissKappa().Stat },
			reason: "needs two or more coders; the data has 1",
		},
		{
			name:   "fleiss/no complete unit",
			coders: []string{"a", "b", "c"},
			rows:   [][]string{{"neutral", "opening", ""}, {"", "opening", "opening"}},
			stat:   func(d *Data) Stat { return d.FleissKappa().Stat },
			reason: "no unit is labelled by all 3 coders (2 incomplete units left out)",
		},
		{
			name:   "fleiss/one category in complete units",
			coders: []string{"a", "b"},
			rows:   [][]string{{"neutral", "neutral"}, {"opening", ""}},
			stat:   func(d *Data) Stat { return d.FleissKappa().Stat },
			reason: `only "neutral" occurs`,
		},
		{
			name:   "specific/category unused",
			coders: []string{"a", "b"},
			rows:   [][]string{{"neutral", "opening"}, {"obstacle", ""}},
			stat:   func(d *Data) Stat { return d.SpecificAgreement()[0].Stat },
			reason: `no coder chose "obstacle" in a unit with two or more labels`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustNew(t, cats, tt.coders, tt.rows)
			s := tt.stat(d)
			if s.Defined || s.Value != 0 {
				t.Fatalf("got %v (value %g); want undefined", s, s.Value)
			}
			if !strings.Contains(s.Reason, tt.reason) {
				t.Errorf("reason %q; want it to contain %q", s.Reason, tt.reason)
			}
			if got := s.String(); !strings.HasPrefix(got, "undefined (") {
				t.Errorf("String() = %q; want \"undefined (…)\"", got)
			}
		})
	}
}

// Perfect agreement with two categories is a defined 1, not confused with
// the undefined one-category case.
func TestDefinedOne(t *testing.T) {
	d := mustNew(t, []string{"x", "y"}, []string{"a", "b"}, [][]string{{"x", "x"}, {"y", "y"}})
	checkStat(t, "CohenKappa", d.CohenKappa(0, 1), 1, 0)
	checkStat(t, "Alpha", d.Alpha(Nominal).Stat, 1, 0)
	if got := d.Alpha(Nominal).String(); got != "1.000" {
		t.Errorf("String() = %q; want 1.000", got)
	}
}
