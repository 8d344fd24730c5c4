package summary

import (
	"hash/fnv"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/stance-nlp/stance/labels"
)

// Schema names the version of the JSON form of a Summary.
const Schema = "stance-summary/1"

// Summary is the figures of every group.
type Summary struct {
	Schema string        `json:"schema"`
	Target labels.Target `json:"target"`
	Labels []string      `json:"labels"`
	// Net is the two poles net stance is taken between: the share of
	// Net[1] minus the share of Net[0].
	Net       [2]string `json:"net"`
	By        []string  `json:"by"`
	Resamples int       `json:"resamples"`
	Seed      uint64    `json:"seed"`
	Inputs    []string  `json:"inputs"`
	Groups    []Group   `json:"groups"`
	// All is every record in one group.
	All Group `json:"all"`
	// Missing counts, per field of a key, the sentences without it.
	Missing map[string]int `json:"missing,omitempty"`

	by []Key
}

// Group is the figures of one group.
type Group struct {
	Key       []string     `json:"key"` // a value per key of By
	Articles  int          `json:"articles"`
	Sentences int          `json:"sentences"`
	Labels    []LabelShare `json:"labels"`
	// Net is the share of the positive pole minus that of the negative
	// one, from −1 (every sentence an obstacle) to 1.
	Net   float64  `json:"net"`
	NetCI Interval `json:"net_ci95"`
}

// LabelShare is one label's figures in a group.
type LabelShare struct {
	Label string   `json:"label"`
	Count int      `json:"count"`
	Share float64  `json:"share"`
	CI    Interval `json:"share_ci95"`
	// MeanProb is the mean over the group's sentences of the label's
	// probability (calibrated, if the model is): an estimate of the share
	// that counts a sentence the model is unsure of in part.
	MeanProb float64 `json:"mean_prob"`
}

// Interval is a 95% bootstrap interval.
type Interval struct {
	Lo float64 `json:"lo"`
	Hi float64 `json:"hi"`
}

// Summary computes the figures of every group from what was read: groups
// in key order (periods in time order), and every record together.
func (b *Builder) Summary() *Summary {
	s := &Summary{Schema: Schema, Target: b.cfg.Target, Labels: b.labels, Resamples: b.cfg.Resamples, Seed: b.cfg.Seed, Inputs: b.inputs, by: b.cfg.By}
	polar := b.cfg.Target.Polar()
	s.Net = polar
	for _, k := range b.cfg.By {
		s.By = append(s.By, k.String())
	}
	if len(b.none) > 0 {
		s.Missing = maps.Clone(b.none)
	}
	groups := make(map[string][]*cluster)
	var all []*cluster
	for _, ck := range slices.Sorted(maps.Keys(b.clusters)) {
		c := b.clusters[ck]
		gk := strings.Join(c.key, "\x00")
		groups[gk] = append(groups[gk], c)
		all = append(all, c)
	}
	for _, gk := range slices.Sorted(maps.Keys(groups)) {
		cs := groups[gk]
		s.Groups = append(s.Groups, b.group(cs[0].key, cs, polar))
	}
	// Every record together: an article in several groups is one article
	// here, so its clusters are merged before resampling.
	merged := make(map[string]*cluster)
	var arts []*cluster
	for _, c := range all {
		m := merged[c.article]
		if m == nil {
			m = &cluster{article: c.article, counts: make([]int, len(b.labels)), probs: make([]float64, len(b.labels))}
			merged[c.article] = m
			arts = append(arts, m)
		}
		m.n += c.n
		for i := range c.counts {
			m.counts[i] += c.counts[i]
			m.probs[i] += c.probs[i]
		}
	}
	slices.SortFunc(arts, func(a, b *cluster) int { return strings.Compare(a.article, b.article) })
	s.All = b.group([]string{}, arts, polar)
	return s
}

// group computes one group's figures from its articles (clusters), in
// article order.
func (b *Builder) group(key []string, cs []*cluster, polar [2]string) Group {
	k := len(b.labels)
	g := Group{Key: key, Articles: len(cs)}
	counts := make([]int, k)
	probs := make([]float64, k)
	for _, c := range cs {
		g.Sentences += c.n
		for i := range counts {
			counts[i] += c.counts[i]
			probs[i] += c.probs[i]
		}
	}
	pos, neg := slices.Index(b.labels, polar[1]), slices.Index(b.labels, polar[0])
	share := func(counts []int, n int, i int) float64 {
		if n == 0 {
			return 0
		}
		return float64(counts[i]) / float64(n)
	}
	for i, l := range b.labels {
		g.Labels = append(g.Labels, LabelShare{Label: l, Count: counts[i], Share: share(counts, g.Sentences, i), MeanProb: probs[i] / float64(max(g.Sentences, 1))})
	}
	g.Net = g.Labels[pos].Share - g.Labels[neg].Share
	// The bootstrap: draw as many articles as the group has, with
	// replacement, and take the shares of the sentences drawn.
	h := fnv.New64a()
	h.Write([]byte(strings.Join(key, "\x00")))
	rng := rand.New(rand.NewPCG(b.cfg.Seed, h.Sum64()))
	R := b.cfg.Resamples
	shares := make([][]float64, k)
	for i := range shares {
		shares[i] = make([]float64, R)
	}
	nets := make([]float64, R)
	rc := make([]int, k)
	for r := range R {
		clear(rc)
		n := 0
		for range cs {
			c := cs[rng.IntN(len(cs))]
			n += c.n
			for i := range rc {
				rc[i] += c.counts[i]
			}
		}
		for i := range rc {
			shares[i][r] = share(rc, n, i)
		}
		nets[r] = shares[pos][r] - shares[neg][r]
	}
	for i := range g.Labels {
		g.Labels[i].CI = interval95(shares[i])
	}
	g.NetCI = interval95(nets)
	return g
}

// interval95 sorts xs and returns its 2.5th and 97.5th percentiles,
// interpolating between the closest ranks (type 7, as package eval does).
func interval95(xs []float64) Interval {
	slices.Sort(xs)
	return Interval{Lo: percentile(xs, 0.025), Hi: percentile(xs, 0.975)}
}

func percentile(sorted []float64, p float64) float64 {
	h := p * float64(len(sorted)-1)
	lo := int(math.Floor(h))
	if lo+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	a, b := sorted[lo], sorted[lo+1]
	return min(max(a+(b-a)*(h-float64(lo)), a), b)
}
