package classify

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/labels"
)

// Prediction is a model's answer for one target.
type Prediction struct {
	Target labels.Target
	Labels []string  // the target's labels, codebook order
	Probs  []float64 // posterior per label, summing to 1, after the target's temperature
	// Logits are the log-scores per label before the temperature and the
	// softmax: what Calibrate fits a temperature on.
	Logits []float64
	Best   int // index of the chosen label: highest probability, ties to the earlier label
	// NoEvidence is set when the text has no feature the target's model
	// uses: the probabilities are then its prior, and the label is the
	// neutral one rather than whichever label the prior or a tie favours.
	NoEvidence bool
	// Context is what the sentence's article added to each label's
	// log-score before the temperature (Model.InContext); empty for none.
	Context []float64
}

// Label returns the chosen label.
func (p Prediction) Label() string { return p.Labels[p.Best] }

// Prob returns the probability of the chosen label.
func (p Prediction) Prob() float64 { return p.Probs[p.Best] }

// Scorer classifies text with a model. It reuses its buffers, so the hot
// path allocates nothing per token; it is not safe for concurrent use: give
// each goroutine its own (Model.NewScorer is cheap).
type Scorer struct {
	m       *Model
	x       *features.Extractor
	ids     []int32   // distinct feature ids of the current text, first seen first
	seen    []seen    // by feature id; nil when summed
	bits    []uint64  // when summed: bit f set if feature f is in the current text
	nfeat   int       // the model's features
	gen     uint32    // the current text's generation (see seen)
	binary  bool      // count each feature once per text
	buf     []int32   // feature ids of a text or part, as extracted
	valence float64   // lexicon valence of the parts added so far
	acc     []float64 // class scores of every target, side by side (see Model.rows)
	// summed: acc is summed as features are counted (tallySummed), not
	// after (finish). For binary counts over the codebook's two targets of
	// three labels, the common case.
	summed bool
	preds  []Prediction
	// ready: x has the model's ids (see extractor).
	ready bool
	raw   bool // finish leaves the probabilities and label (ScoreLogits)
}

// seen is a feature's count in the current text: n counts when gen is
// the Scorer's, else the feature has not been seen yet.
type seen struct {
	gen uint32
	n   int32
}

// NewScorer returns a Scorer for m.
func (m *Model) NewScorer() *Scorer { return m.newScorer(m.NewExtractor()) }

// Scorer returns a Scorer for a model tr trained, sharing tr's feature
// extractor and so its cache of word stems: cross-validation scores each
// fold without stemming the corpus again. Use the Scorer and tr from one
// goroutine, and only until tr scores with another model.
func (tr *Trainer) Scorer(m *Model) *Scorer { return m.newScorer(tr.x) }

func (m *Model) newScorer(x *features.Extractor) *Scorer {
	v := m.nfeat
	s := &Scorer{m: m, x: x, nfeat: v, binary: m.Options.Features.Binary, acc: make([]float64, m.stride)}
	s.summed = s.binary && m.stride == 6
	if s.summed {
		s.bits = make([]uint64, (v+63)/64)
	} else {
		s.seen = make([]seen, v)
	}
	for _, t := range m.Targets {
		s.preds = append(s.preds, Prediction{Target: t.Name, Labels: t.Labels, Probs: make([]float64, len(t.Labels)), Logits: make([]float64, len(t.Labels))})
	}
	return s
}

// Score classifies text for every target of the model. The returned slice
// and its probabilities are reused by the next call.
func (s *Scorer) Score(text string) []Prediction {
	s.Begin()
	s.buf = s.extractor().AppendIDs(s.buf[:0], text)
	s.tally(s.buf)
	return s.finish()
}

// ScoreLogits is Score without the last step: the predictions have their
// logits and NoEvidence, and no probabilities or label yet. It is for the
// sentences of an article that Model.InContext, which makes those, will
// see together: classify scores every sentence so, and saves a softmax
// per target.
func (s *Scorer) ScoreLogits(text string) []Prediction {
	s.raw = true
	defer func() { s.raw = false }()
	return s.Score(text)
}

// tally counts feature ids into s.seen (or, when summed, marks them in
// s.bits), noting each new one in s.ids.
func (s *Scorer) tally(ids []int32) {
	if s.summed {
		s.tallySummed(ids)
		return
	}
	for _, id := range ids {
		e := &s.seen[id]
		if e.gen != s.gen {
			*e = seen{gen: s.gen}
			s.ids = append(s.ids, id)
		}
		if !s.binary || e.n == 0 {
			e.n++
		}
	}
}

// tallySummed is tally for binary counts and a stride of 6, adding each
// new feature's weights to s.acc as it is first seen: the same sums, in
// the same order, as finish makes (a count of 1 times a weight is the
// weight), in the one pass that marks the feature seen, so that reading
// its weights overlaps with it rather than waiting for a second pass. A
// feature is marked in a bit set, one bit a feature (18 KB for 145,000
// features, where the counts of tally take 1.2 MB), which stays in the
// processor's fastest cache: 5-6% less CPU on 200,000 sentences (perf
// stat, alternating).
func (s *Scorer) tallySummed(ids []int32) {
	rows, acc, bits := s.m.rows, s.acc[:6:6], s.bits
	a0, a1, a2, a3, a4, a5 := acc[0], acc[1], acc[2], acc[3], acc[4], acc[5]
	for _, id := range ids {
		word, bit := id>>6, uint64(1)<<(id&63)
		if bits[word]&bit != 0 {
			continue
		}
		bits[word] |= bit
		s.ids = append(s.ids, id)
		w := rows[int(id)*6 : int(id)*6+6 : int(id)*6+6]
		a0 += w[0]
		a1 += w[1]
		a2 += w[2]
		a3 += w[3]
		a4 += w[4]
		a5 += w[5]
	}
	acc[0], acc[1], acc[2], acc[3], acc[4], acc[5] = a0, a1, a2, a3, a4, a5
}

// Prefault readies the Scorer for a long run of texts, between two of
// them: it writes every page of its per-feature table (the counts, or when
// summed the bits, which are small) and of its Extractor's word cache
// (features.Extractor.Prefault) once. Those are fresh memory, and a text
// reads an entry before it writes one; a page first read is the kernel's
// shared zero page, and the write that follows costs a second fault and,
// with the process's threads on other CPUs, a TLB shootdown to each of
// them. Written once, every page is the Scorer's own. A short input,
// which reads a few pages, does better without it.
func (s *Scorer) Prefault() {
	clear(s.seen)
	clear(s.bits)
	s.gen = 0 // the next text begins generation 1
	s.extractor().Prefault()
}

// Begin starts a text to be scored in parts, for text too long to hold in
// memory: Begin, then AddPart for each part, then End. Parts must be cut
// where features.CutPoint says; the result is then that of Score on the
// whole text.
func (s *Scorer) Begin() {
	s.forget()
	s.valence = 0
	s.gen++
	if s.gen == 0 { // wrapped: forget old generations
		clear(s.seen)
		s.gen = 1
	}
	if s.summed {
		s.addBiases()
	}
}

// addBiases sets s.acc to every target's bias.
func (s *Scorer) addBiases() {
	off := 0
	for _, t := range s.m.Targets {
		off += copy(s.acc[off:], t.bias)
	}
}

// AddPart adds one part of the text begun with Begin.
func (s *Scorer) AddPart(part string) {
	var valence float64
	s.buf, valence = s.extractor().AppendPartIDs(s.buf[:0], part)
	s.valence += valence
	s.tally(s.buf)
}

// End classifies the text made of the parts added since Begin. The
// returned slice is reused by the next call.
func (s *Scorer) End() []Prediction {
	s.buf = s.extractor().AppendPolarityIDs(s.buf[:0], s.valence)
	s.tally(s.buf)
	return s.finish()
}

// finish turns the counted features into predictions: for every class of
// every target, its bias plus each feature's count times its weight, summed
// in the order the features were first seen.
func (s *Scorer) finish() []Prediction {
	acc := s.acc
	st, rows := s.m.stride, s.m.rows
	switch {
	case s.summed: // summed as counted (tallySummed)
	case st == 6: // the codebook's two targets of three labels: sums kept in registers
		s.addBiases()
		a0, a1, a2, a3, a4, a5 := acc[0], acc[1], acc[2], acc[3], acc[4], acc[5]
		for _, f := range s.ids {
			n := float64(s.seen[f].n)
			w := rows[int(f)*6 : int(f)*6+6 : int(f)*6+6]
			a0 += n * w[0]
			a1 += n * w[1]
			a2 += n * w[2]
			a3 += n * w[3]
			a4 += n * w[4]
			a5 += n * w[5]
		}
		acc[0], acc[1], acc[2], acc[3], acc[4], acc[5] = a0, a1, a2, a3, a4, a5
	default:
		s.addBiases()
		for _, f := range s.ids {
			n := float64(s.seen[f].n)
			w := rows[int(f)*st : int(f)*st+st]
			for c := range w {
				acc[c] += n * w[c]
			}
		}
	}
	off := 0
	for i, t := range s.m.Targets {
		p := &s.preds[i]
		off += copy(p.Logits, acc[off:])
		p.Context = p.Context[:0]
		p.NoEvidence = !s.hasEvidence(t)
		if !s.raw {
			t.decide(p)
		}
	}
	return s.preds
}

// hasEvidence reports whether the text last counted has a feature target t
// uses.
func (s *Scorer) hasEvidence(t *Target) bool {
	for _, f := range s.ids {
		if !t.ignore[f] {
			return true
		}
	}
	return false
}

// softmax turns log scores into probabilities in place by log-sum-exp, so a
// long text whose scores are all far below zero still gets proper
// probabilities, and returns the index of the best class (the first of
// equals, so ties break by label order).
func softmax(x []float64) int {
	best := 0
	for c := range x {
		if x[c] > x[best] {
			best = c
		}
	}
	m := x[best]
	sum := 0.0
	for c := range x {
		x[c] = math.Exp(x[c] - m)
		sum += x[c]
	}
	for c := range x {
		x[c] /= sum
	}
	return best
}

// Contribution is how much one feature moved a sentence toward a label and
// away from another: count × (weight for the label − weight for the other).
type Contribution struct {
	Feature string  `json:"feature"`
	Count   int     `json:"count"`
	Weight  float64 `json:"weight"`
}

// Explain classifies text and lists, for each target, the features that
// pushed most toward the chosen label and away from the runner-up, largest
// first, at most n of them. The predictions returned are copies, safe to
// keep.
func (s *Scorer) Explain(text string, n int) ([]Prediction, [][]Contribution) {
	preds := ClonePredictions(s.Score(text))
	return preds, s.Why(preds, n)
}

// Why lists, for each target, the features of the text last scored (or
// ended) that pushed most toward its chosen label and away from the
// runner-up, largest first, at most n. preds are that text's predictions.
func (s *Scorer) Why(preds []Prediction, n int) [][]Contribution {
	out := make([][]Contribution, len(preds))
	for i, p := range preds {
		r := p.RunnerUp()
		out[i] = AddContext(s.Contributions(i, p.Best, r, n), p, p.Best, r, n)
	}
	return out
}

// String writes a contribution as it is shown to people: "distrust +1.23".
func (c Contribution) String() string {
	return c.Feature + " +" + strconv.FormatFloat(c.Weight, 'f', 2, 64)
}

// JoinContributions writes contributions as "a +1.23, b +0.91", or
// ifNone when there are none.
func JoinContributions(cs []Contribution, ifNone string) string {
	if len(cs) == 0 {
		return ifNone
	}
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.String()
	}
	return strings.Join(parts, ", ")
}

// Contributions lists, for the i-th target and the text last scored, the
// features that moved it toward label index toward and away from label
// index away: count × (weight(toward) − weight(away)), positive ones only,
// largest first (ties by feature name), at most n.
func (s *Scorer) Contributions(i, toward, away, n int) []Contribution {
	s.m.mustComplete() // the features' names
	t := s.m.Targets[i]
	var cs []Contribution
	for _, f := range s.ids {
		c := 1 // summed: binary counts
		if !s.summed {
			c = int(s.seen[f].n)
		}
		d := float64(c) * (t.Weight(int(f), toward) - t.Weight(int(f), away))
		if d > 0 {
			cs = append(cs, Contribution{s.m.Vocab[f], c, d})
		}
	}
	sort.Slice(cs, func(a, b int) bool {
		if cs[a].Weight != cs[b].Weight {
			return cs[a].Weight > cs[b].Weight
		}
		return cs[a].Feature < cs[b].Feature
	})
	if len(cs) > n {
		cs = cs[:n]
	}
	return cs
}

// RunnerUp returns the index of the second most probable label.
func (p Prediction) RunnerUp() int {
	r := -1
	for c := range p.Probs {
		if c != p.Best && (r < 0 || p.Probs[c] > p.Probs[r]) {
			r = c
		}
	}
	return r
}

// ClonePredictions returns a copy of ps that shares no memory with it:
// what to keep of Score's answer, which the next call reuses.
func ClonePredictions(ps []Prediction) []Prediction {
	out := slices.Clone(ps)
	for i := range out {
		out[i].Probs = slices.Clone(ps[i].Probs)
		out[i].Logits = slices.Clone(ps[i].Logits)
		out[i].Context = slices.Clone(ps[i].Context)
	}
	return out
}

// Informative returns, for each label of target, the n features with the
// highest log-likelihood ratio log θ(f|label) − log θ(f|other labels), the
// ratio NLTK prints for its top pair only, here for every class. Only
// features seen in training data count; ties break by feature name.
func (m *Model) Informative(target labels.Target, n int) map[string][]Contribution {
	m.mustComplete()
	t := m.Target(target)
	k, v := len(t.Labels), len(m.Vocab)
	a := m.Options.Alpha
	total := make([]float64, k)
	for c := range k {
		for f := range v {
			total[c] += t.count(c, f, v)
		}
	}
	out := make(map[string][]Contribution)
	for c, label := range t.Labels {
		var cs []Contribution
		rest := 0.0
		for c2 := range k {
			if c2 != c {
				rest += total[c2]
			}
		}
		for f := range v {
			if t.ignore[f] {
				continue
			}
			seen := 0
			for c2 := range k {
				seen += int(t.Counts[c2][f])
			}
			if seen == 0 {
				continue
			}
			in := (t.count(c, f, v) + a) / (total[c] + a*float64(t.used))
			other := 0.0
			for c2 := range k {
				if c2 != c {
					other += t.count(c2, f, v)
				}
			}
			out := (other + a*float64(k-1)) / (rest + a*float64(t.used)*float64(k-1))
			cs = append(cs, Contribution{Feature: m.Vocab[f], Count: int(t.Counts[c][f]), Weight: math.Log(in / out)})
		}
		sort.SliceStable(cs, func(i, j int) bool {
			if cs[i].Weight != cs[j].Weight {
				return cs[i].Weight > cs[j].Weight
			}
			return cs[i].Feature < cs[j].Feature
		})
		// A copy of the n kept: the list they were cut from has a
		// contribution for every feature of the vocabulary.
		out[label] = slices.Clone(cs[:min(n, len(cs))])
	}
	return out
}

// ScoreIDs classifies a text given as the vocabulary ids of its features,
// in the order they occur (Trainer.SharedIDs): the predictions Score gives
// for the text itself. The returned slice is reused by the next call.
func (s *Scorer) ScoreIDs(ids []int32) []Prediction {
	s.Begin()
	s.tally(ids)
	return s.finish()
}

// Rebind points s at m, a model of the same vocabulary and targets as the
// one s was made for (a model the same Trainer trained after
// ShareVocabulary), reusing s's memory: cross-validation scores hundreds
// of such models one after another. It panics if m does not fit.
func (s *Scorer) Rebind(m *Model) {
	if m.nfeat != s.nfeat || m.stride != len(s.acc) || len(m.Targets) != len(s.preds) {
		panic("classify: Scorer.Rebind to a model of another shape")
	}
	s.m, s.ready = m, false
	s.forget()
}

// forget empties the list of the last text's features, and when summed
// their bits: those, and only those, are set.
func (s *Scorer) forget() {
	if s.summed {
		for _, f := range s.ids {
			s.bits[f>>6] = 0
		}
	}
	s.ids = s.ids[:0]
}

// extractor returns s's feature extractor, given its model's ids the
// first time: a Scorer that only scores ids (ScoreIDs) never needs them,
// and a model of a shared vocabulary makes them on first use.
func (s *Scorer) extractor() *features.Extractor {
	if !s.ready {
		s.x.SetVocabulary(s.m.ids())
		s.ready = true
	}
	return s.x
}
