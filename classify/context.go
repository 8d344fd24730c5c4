package classify

import (
	"fmt"
	"math"
	"slices"
)

// Article context. Annotators label a sentence in the context of its
// article, and so does the model: a sentence's log-scores are shifted by
// the mean log-scores of the other sentences of its article, times the
// target's Context weight κ, before the temperature:
//
//	scores_i = x_i + κ · mean over j ≠ i of (x_j − mean over labels of x_j)
//
// where x are a target's log-scores (Prediction.Logits), j runs over
// the article's other sentences with evidence, and κ ≥ 0: the article can
// count for a label, never against it. Centring each x_j on its own
// mean takes out what is common to every label (a long sentence's scores
// are all far below zero): only the differences between labels move the
// others, and a sentence with much evidence moves them more than one with
// little. A plain detail of an incident ("The aircraft came within 20
// feet") then leans toward the stance of the story it is told in, as
// annotators read it; where the model misreads the story, the detail
// follows the misreading (README, "On real news it never saw"). A
// sentence alone (a one-sentence article, `classify --lines`) has no
// context and is scored as before.
//
// κ and the temperature are fitted together on held-out events by
// log-loss (CalibrateContext), so the weight is what events the model did
// not learn from support, and 0 where context does not help.

// MaxContext bounds a context weight that CalibrateContext chooses and
// Load accepts.
const MaxContext = 10.0

// MinContextData is the fewest held-out sentences in context (with a
// ContextMeans row) CalibrateContext fits a weight on; with fewer the
// weight is 0. Two articles of a user's 37 sentences fitted -0.22: noise,
// as offsets fitted on too little data are (MinOffsetData).
const MinContextData = 1000

// ContextMeans returns, for each sentence of one article, the mean of the
// other sentences' centred log-scores for one target (see the comment at
// the top of this file): logits[i] are sentence i's log-scores, evidence[i]
// whether it has any (Prediction.NoEvidence). A sentence without evidence,
// or with no other sentence that has, gets nil: no context.
func ContextMeans(logits [][]float64, evidence []bool) [][]float64 {
	out := make([][]float64, len(logits))
	n := 0
	var sum []float64
	for i, row := range logits {
		if !evidence[i] {
			continue
		}
		if sum == nil {
			sum = make([]float64, len(row))
		}
		addCentred(sum, row, 1)
		n++
	}
	if n < 2 {
		return out
	}
	for i, row := range logits {
		if !evidence[i] {
			continue
		}
		m := slices.Clone(sum)
		addCentred(m, row, -1)
		for c := range m {
			m[c] /= float64(n - 1)
		}
		out[i] = m
	}
	return out
}

// addCentred adds sign × (row − mean(row)) to sum.
func addCentred(sum, row []float64, sign float64) {
	mean := 0.0
	for _, x := range row {
		mean += x
	}
	mean /= float64(len(row))
	for c, x := range row {
		sum[c] += sign * (x - mean)
	}
}

// ArticleFeature names the article context where explanations list what
// moved a sentence (AddContext).
const ArticleFeature = "<article>"

// AddContext returns cs, the n largest contributions toward label index
// toward and away from away (Scorer.Contributions), with p's article
// context among them if it pushed that way: as ArticleFeature, weight
// Context[toward] − Context[away], in the same units as the features'.
func AddContext(cs []Contribution, p Prediction, toward, away, n int) []Contribution {
	if len(p.Context) == 0 || n <= 0 {
		return cs
	}
	d := p.Context[toward] - p.Context[away]
	if !(d > 0) {
		return cs
	}
	c := Contribution{Feature: ArticleFeature, Count: 1, Weight: d}
	at := len(cs)
	for i, x := range cs {
		if d > x.Weight || d == x.Weight && c.Feature < x.Feature {
			at = i
			break
		}
	}
	if at >= n {
		return cs
	}
	out := make([]Contribution, 0, min(len(cs)+1, n))
	out = append(out, cs[:at]...)
	out = append(out, c)
	out = append(out, cs[at:min(len(cs), n-1)]...)
	return out
}

// HasContext reports whether any target of m weighs an article's other
// sentences (InContext changes something).
func (m *Model) HasContext() bool {
	return slices.ContainsFunc(m.Targets, func(t *Target) bool { return t.Context != 0 })
}

// InContext applies each target's article context to the predictions of
// the sentences of one article, in place: sents[i] is sentence i's
// predictions (from Score or ScoreLogits, copied: both reuse their
// slices). Every prediction's probabilities and label are made again from
// its logits, shifted by κ times the context (ContextMeans), then divided
// by the temperature, the offsets added, as Score makes them;
// Prediction.Context keeps the shift. A sentence without evidence, or
// alone in its article, gets what Score gives it.
func (m *Model) InContext(sents [][]Prediction) {
	var buf [8]float64
	for ti, t := range m.Targets {
		if t.Context == 0 || len(sents) < 2 {
			for _, preds := range sents {
				preds[ti].Context = preds[ti].Context[:0]
				t.decide(&preds[ti])
			}
			continue
		}
		// The sum of every centred row with evidence, then each row's own
		// taken out again: ContextMeans without its allocations, since
		// classify calls this for every article it reads.
		sum := buf[:0]
		if k := len(t.Labels); k > len(buf) {
			sum = make([]float64, k)
		} else {
			sum = buf[:k]
			clear(sum)
		}
		n := 0
		for _, preds := range sents {
			if p := &preds[ti]; !p.NoEvidence {
				addCentred(sum, p.Logits, 1)
				n++
			}
		}
		scale := t.Context / float64(max(n-1, 1))
		for _, preds := range sents {
			p := &preds[ti]
			if p.NoEvidence || n < 2 {
				p.Context = p.Context[:0]
				t.decide(p)
				continue
			}
			shift := append(p.Context[:0], sum...) // reusing a kept slice's memory
			addCentred(shift, p.Logits, -1)
			for c := range shift {
				shift[c] *= scale
			}
			p.Context = shift
			t.decide(p)
		}
	}
}

// decide makes p's probabilities and label from its logits, shifted by
// its Context (if any), as Score makes them: divided by the temperature,
// the offsets added, the softmax; the first largest wins. A prediction
// without evidence keeps the neutral label.
func (t *Target) decide(p *Prediction) {
	shifted := len(p.Context) > 0
	for c, x := range p.Logits {
		if shifted {
			x += p.Context[c]
		}
		p.Probs[c] = x
	}
	if t.Temperature != 1 {
		for c := range p.Probs {
			p.Probs[c] /= t.Temperature
		}
	}
	for c, o := range t.Offsets {
		p.Probs[c] += o
	}
	p.Best = softmax(p.Probs)
	if p.NoEvidence {
		// The probabilities stay the prior, as they are; the label is
		// not left to whichever class the prior or a tie favours.
		p.Best = t.neutral
	}
}

// SetContext stores target t's article-context weight in the model (see
// CalibrateContext); InContext applies it from then on, and Save writes
// it. 0 removes it.
func (m *Model) SetContext(t int, k float64) error {
	if !(k >= 0 && k <= MaxContext) {
		return fmt.Errorf("context weight %v: want 0 to %g", k, MaxContext)
	}
	m.Targets[t].Context = k
	return nil
}

// CalibrateContext fits a temperature T and an article-context weight κ
// together: the pair that makes softmax((logits[i] + κ·ctx[i]) / T) best
// predict gold[i], by mean negative log-likelihood, on held-out
// predictions (as for Calibrate, whole events held out). ctx[i] is
// sentence i's ContextMeans row, nil for none. With fewer than
// MinContextData sentences in context, or a best κ below 0, it is
// Calibrate, and κ is 0.
//
// In a = 1/T and b = κ/T the scores a·x + b·m are linear, so the
// negative log-likelihood is convex (it is a two-feature multinomial
// logistic regression): Newton's method from the plain temperature, each
// step halved until it lowers the loss, finds the minimum in a few passes.
// κ is then held to ±MaxContext and T to [MinTemperature,
// MaxTemperature].
func CalibrateContext(logits, ctx [][]float64, gold []int) (T, kappa float64, err error) {
	T, err = Calibrate(logits, gold)
	if err != nil {
		return 0, 0, err
	}
	if len(ctx) != len(logits) {
		return 0, 0, fmt.Errorf("calibrate: %d score rows but %d context rows", len(logits), len(ctx))
	}
	inCtx := 0
	for i, m := range ctx {
		if m == nil {
			continue
		}
		if len(m) != len(logits[i]) {
			return 0, 0, fmt.Errorf("calibrate: context row %d has %d scores; want %d", i, len(m), len(logits[i]))
		}
		for _, x := range m {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return 0, 0, fmt.Errorf("calibrate: context row %d has a non-finite score", i)
			}
		}
		if slices.ContainsFunc(m, func(x float64) bool { return x != 0 }) {
			inCtx++
		}
	}
	if inCtx < MinContextData {
		return T, 0, nil
	}
	a, b := contextNewton(logits, ctx, gold, 1/T, true)
	if !(b > 0) {
		return T, 0, nil // the article against the sentence: not a reading
	}
	return min(max(1/a, MinTemperature), MaxTemperature), min(b/a, MaxContext), nil
}

// contextNewton minimises contextNLL in (a, b) by Newton steps from (a0,
// 0), each halved until the log-loss falls, and returns the minimum.
// stopEarly stops halving a step once it no longer moves (a, b): a
// shorter step lands on the same point, whose loss is the loss already
// had, so the minimum is the same (TestCalibrateContextStopsEarlyAlike).
// Near the optimum the last step is below the last bit, and halving it
// 40 times was 39 of the 45 evaluations of a fit on the built-in corpus.
func contextNewton(logits, ctx [][]float64, gold []int, a0 float64, stopEarly bool) (a, b float64) {
	a = a0
	loss := contextNLL(logits, ctx, gold, a, b)
	for range 100 {
		ga, gb, haa, hab, hbb := contextSlopes(logits, ctx, gold, a, b)
		det := haa*hbb - hab*hab
		if !(det > 0) {
			break
		}
		da, db := (hbb*ga-hab*gb)/det, (haa*gb-hab*ga)/det
		step := 1.0
		improved := false
		for range 40 {
			na, nb := a-step*da, b-step*db
			if stopEarly && na == a && nb == b {
				break
			}
			if na > 0 {
				if l := contextNLL(logits, ctx, gold, na, nb); l < loss {
					a, b, loss, improved = na, nb, l, true
					break
				}
			}
			step /= 2
		}
		if !improved || math.Abs(step*da) <= 1e-10*a && math.Abs(step*db) <= 1e-10*(math.Abs(b)+a) {
			break
		}
	}
	return a, b
}

// contextNLL is the mean negative log-likelihood of gold under
// softmax(a·logits + b·ctx).
func contextNLL(logits, ctx [][]float64, gold []int, a, b float64) float64 {
	sum := 0.0
	v := make([]float64, 0, 8)
	for i, row := range logits {
		v = contextScores(v[:0], row, ctx[i], a, b)
		m := slices.Max(v)
		z := 0.0
		for _, x := range v {
			z += math.Exp(x - m)
		}
		sum += m + math.Log(z) - v[gold[i]]
	}
	return sum / float64(len(logits))
}

// contextScores appends a·row + b·m (m nil: 0) to v.
func contextScores(v, row, m []float64, a, b float64) []float64 {
	for c, x := range row {
		s := a * x
		if m != nil {
			s += b * m[c]
		}
		v = append(v, s)
	}
	return v
}

// contextSlopes returns the gradient (ga, gb) and Hessian (haa, hab, hbb)
// of contextNLL in (a, b): the means of E_p[f] − f_gold and of the
// covariances under p of the features f = (x, m).
func contextSlopes(logits, ctx [][]float64, gold []int, a, b float64) (ga, gb, haa, hab, hbb float64) {
	v := make([]float64, 0, 8)
	for i, row := range logits {
		m := ctx[i]
		v = contextScores(v[:0], row, m, a, b)
		mx := slices.Max(v)
		var z, ex, em, exx, exm, emm float64
		for c, x := range row {
			e := math.Exp(v[c] - mx)
			mc := 0.0
			if m != nil {
				mc = m[c]
			}
			z += e
			ex += e * x
			em += e * mc
			exx += e * x * x
			exm += e * x * mc
			emm += e * mc * mc
		}
		ex, em, exx, exm, emm = ex/z, em/z, exx/z, exm/z, emm/z
		g := gold[i]
		mg := 0.0
		if m != nil {
			mg = m[g]
		}
		ga += ex - row[g]
		gb += em - mg
		haa += exx - ex*ex
		hab += exm - ex*em
		hbb += emm - em*em
	}
	n := float64(len(logits))
	return ga / n, gb / n, haa / n, hab / n, hbb / n
}

// ScoresInContext returns logits[i] + κ·ctx[i] for every row (a row
// without context as it is; logits itself when κ is 0): the scores
// FitDecision fits the offsets on once κ is known. Rows it changes are
// new; logits is not written.
func ScoresInContext(logits, ctx [][]float64, kappa float64) [][]float64 {
	if kappa == 0 || ctx == nil {
		return logits
	}
	out := make([][]float64, len(logits))
	for i, row := range logits {
		if ctx[i] == nil {
			out[i] = row
			continue
		}
		out[i] = contextScores(make([]float64, 0, len(row)), row, ctx[i], 1, kappa)
	}
	return out
}
