package agreement

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// MaxResamples bounds the resamples BootstrapAlpha draws. Percentile
// intervals settle within a few thousand resamples; far more only costs
// time (each resample visits every pairable unit), and a number past this
// bound is more likely a typo than a wish.
const MaxResamples = 100_000

// Interval is a 95% bootstrap interval for Krippendorff's alpha.
type Interval struct {
	Lo        float64 `json:"lo"`               // 2.5th percentile; meaningful only when Defined
	Hi        float64 `json:"hi"`               // 97.5th percentile; meaningful only when Defined
	Defined   bool    `json:"defined"`          // false when alpha is undefined on the data or on every resample
	Reason    string  `json:"reason,omitempty"` // why it is undefined; empty when Defined
	Resamples int     `json:"resamples"`        // resamples drawn
	Dropped   int     `json:"dropped"`          // resamples on which alpha was undefined, left out of the percentiles
}

// String formats iv as "[lo, hi]" with three decimals, or as
// "undefined (reason)".
func (iv Interval) String() string {
	if !iv.Defined {
		return fmt.Sprintf("undefined (%s)", iv.Reason)
	}
	return fmt.Sprintf("[%.3f, %.3f]", iv.Lo, iv.Hi)
}

// BootstrapAlpha returns a 95% percentile bootstrap interval for
// Krippendorff's alpha under metric m. Each resample draws, with
// replacement, as many units as there are units with labels from two or
// more coders (the pairable units; the others carry no pair and would not
// change alpha), and computes alpha on them. Lo and Hi are the 2.5th and
// 97.5th percentiles of the resampled alphas, interpolated linearly between
// closest ranks (Hyndman and Fan type 7, NumPy's default).
//
// A resample on which alpha is undefined (say, every unit drawn has only
// "neutral") is left out and counted in Dropped: many dropped resamples
// mean the interval rests on a few units. The interval is undefined when
// alpha is undefined on the data or on every resample.
//
// The only randomness is a math/rand/v2 PCG source built as
// rand.NewPCG(seed, 0), drawing units with IntN, so the same data and seed
// give the same interval bit for bit. Resampling units treats them as
// independent; sentences of one article are not, so the interval is, if
// anything, too narrow. BootstrapAlpha returns an error if resamples is
// not in [1, MaxResamples]; a thousand or more is usual. It panics if m is
// not Nominal or Ordinal.
func (d *Data) BootstrapAlpha(m Metric, resamples int, seed uint64) (Interval, error) {
	if resamples < 1 || resamples > MaxResamples {
		return Interval{}, fmt.Errorf("bootstrap: %d resamples (want 1 to %d)", resamples, MaxResamples)
	}
	if a := d.Alpha(m); !a.Defined {
		return Interval{Reason: a.Reason}, nil
	}
	units := d.pairable()
	rng := rand.New(rand.NewPCG(seed, 0))
	c := newCoincidence(len(d.categories))
	iv := Interval{Resamples: resamples}
	alphas := make([]float64, 0, resamples)
	for range resamples {
		c.reset()
		for range units {
			c.add(units[rng.IntN(len(units))])
		}
		a := c.alpha(m, d.categories)
		if !a.Defined {
			iv.Dropped++
			continue
		}
		alphas = append(alphas, a.Value)
	}
	if len(alphas) == 0 {
		iv.Reason = "alpha is undefined on every resample"
		return iv, nil
	}
	slices.Sort(alphas)
	iv.Lo, iv.Hi, iv.Defined = percentile(alphas, 0.025), percentile(alphas, 0.975), true
	return iv, nil
}

// percentile returns the p-th quantile (0 ≤ p ≤ 1) of sorted, interpolating
// linearly between the closest ranks: x[⌊h⌋] + (h−⌊h⌋)·(x[⌊h⌋+1]−x[⌊h⌋])
// with h = p·(len−1). sorted must be non-empty.
func percentile(sorted []float64, p float64) float64 {
	h := p * float64(len(sorted)-1)
	lo := int(math.Floor(h))
	if lo+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	a, b := sorted[lo], sorted[lo+1]
	// Clamp because a+(b−a)·t may round a hair past b; Lo ≤ Hi then holds.
	return min(max(a+(b-a)*(h-float64(lo)), a), b)
}
