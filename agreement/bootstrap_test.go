package agreement

import (
	"strings"
	"testing"
)

func TestBootstrapAlpha(t *testing.T) {
	d := readData(t, "krippendorff2011.csv")
	for _, m := range []Metric{Nominal, Ordinal} {
		iv, err := d.BootstrapAlpha(m, 2000, 7)
		if err != nil {
			t.Fatal(err)
		}
		if !iv.Defined || iv.Resamples != 2000 || iv.Dropped != 0 {
			t.Fatalf("%v: BootstrapAlpha = %+v; want defined, 2000 resamples, none dropped", m, iv)
		}
		a := d.Alpha(m).Value
		if !(iv.Lo <= a && a <= iv.Hi && iv.Hi <= 1) {
			t.Errorf("%v: interval %v does not hold alpha %.3f, or passes 1", m, iv, a)
		}
		again, _ := d.BootstrapAlpha(m, 2000, 7)
		if again != iv {
			t.Errorf("%v: same seed gave %+v, then %+v", m, iv, again)
		}
		other, _ := d.BootstrapAlpha(m, 2000, 8)
		if other == iv {
			t.Errorf("%v: seeds 7 and 8 gave the same interval %v", m, iv)
		}
	}
}

// A resample that draws only single-category units has no alpha; it is
// dropped and counted, not scored 0 or 1.
func TestBootstrapAlphaDropped(t *testing.T) {
	d := mustNew(t, []string{"x", "y"}, []string{"a", "b"}, [][]string{{"x", "x"}, {"x", "x"}, {"x", "y"}})
	iv, err := d.BootstrapAlpha(Nominal, 1000, 1)
	if err != nil {
		t.Fatal(err)
	}
	// P(no draw of unit 3 in 3 draws) = (2/3)³ ≈ 0.30.
	if !iv.Defined || iv.Dropped < 200 || iv.Dropped > 400 {
		t.Errorf("BootstrapAlpha = %+v; want defined with about 300 of 1000 dropped", iv)
	}
}

func TestBootstrapAlphaUndefined(t *testing.T) {
	d := mustNew(t, []string{"x", "y"}, []string{"a", "b"}, [][]string{{"x", "x"}, {"x", ""}})
	iv, err := d.BootstrapAlpha(Nominal, 100, 1)
	if err != nil {
		t.Fatal(err)
	}
	if iv.Defined || !strings.Contains(iv.Reason, `only "x" occurs`) || iv.Resamples != 0 {
		t.Errorf("BootstrapAlpha = %+v; want undefined with alpha's reason, nothing drawn", iv)
	}
	if got := iv.String(); !strings.HasPrefix(got, "undefined (") {
		t.Errorf("String() = %q", got)
	}
}

func TestBootstrapAlphaResamples(t *testing.T) {
	d := readData(t, "krippendorff2011.csv")
	for _, n := range []int{0, -1, MaxResamples + 1} {
		if _, err := d.BootstrapAlpha(Nominal, n, 1); err == nil {
			t.Errorf("BootstrapAlpha(Nominal, %d, 1): no error", n)
		}
	}
	if _, err := d.BootstrapAlpha(Nominal, 1, 1); err != nil {
		t.Errorf("BootstrapAlpha(Nominal, 1, 1): %v", err)
	}
}

func TestPercentile(t *testing.T) {
	xs := []float64{1, 2, 3, 4, 5}
	for _, tt := range []struct{ p, want float64 }{{0, 1}, {0.5, 3}, {1, 5}, {0.025, 1.1}, {0.975, 4.9}} {
		if got := percentile(xs, tt.p); !near(got, tt.want, 1e-12) {
			t.Errorf("percentile(%v, %g) = %g; want %g", xs, tt.p, got, tt.want)
		}
	}
}
