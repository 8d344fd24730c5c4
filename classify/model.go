package classify

import (
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/labels"
)

// Model is a trained classifier: one naive Bayes per target over a shared
// vocabulary.
type Model struct {
	Options Options
	// Vocab is every feature the model knows, sorted. Features outside it
	// are skipped when scoring, the same way in training and use.
	Vocab   []string
	Targets []*Target

	// rows holds every target's weights of a feature side by side, so
	// scoring reads one row of memory per feature: row f is
	// rows[f*stride:], the first target's classes then the next's.
	rows   []float64
	stride int

	vocab *features.Vocabulary // the ids for scoring, shared by every Scorer
	// vocabOf makes vocab on first use, for a model of a shared
	// vocabulary (Trainer.ShareVocabulary), whose ids a search may never
	// need (Scorer.ScoreIDs); nil otherwise.
	vocabOf func() *features.Vocabulary
	// sentimentOnly[f] caches features.SentimentOnly(Vocab[f]) for a
	// vocabulary shared by many models (Trainer.ShareVocabulary), or nil.
	sentimentOnly []bool
	protoOnce     sync.Once
	proto         *features.Extractor // what NewExtractor copies (Extractor.Fresh)

	nfeat int // features: len(Vocab), or for a model read from an image, what Vocab will hold
	// full reads what an image leaves out (see complete); nil for a model
	// that has it all.
	full     func() (*Model, error)
	fullOnce sync.Once
	fullErr  error
}

// Target is the naive Bayes of one target.
type Target struct {
	Name   labels.Target // which target: stance or sentiment
	Labels []string      // codebook order
	Docs   []int         // training sentences per label: the empirical prior
	Counts [][]int32     // Counts[class][feature]: occurrences in training data
	Pseudo *Pseudo       // pseudo-counts from lexicons; nil for none
	// Temperature divides the log-scores before the softmax, so the
	// probabilities are calibrated (see Calibrate); 1 leaves them as naive
	// Bayes makes them.
	Temperature float64
	// Offsets, one per label, are added to the log-scores after the
	// temperature and before the softmax, and so before the label is
	// chosen (see FitOffsets); nil adds nothing.
	Offsets []float64
	// Context weighs the mean log-scores of the other sentences of a
	// sentence's article, added to its own before the temperature
	// (Model.InContext, CalibrateContext); 0 ignores the article.
	Context float64

	bias []float64 // per class: log prior, or 0 for complement NB
	// rows is the model's Model.rows: the weight of feature f for class c,
	// log θ (or the complement weight), is rows[f*stride+off+c].
	rows        []float64
	stride, off int
	neutral     int    // index of the neutral label, given to a text with no evidence
	ignore      []bool // features this target does not use
	used        int    // features it does use: the vocabulary size for smoothing
}

// prepare builds the lookup table and the scoring weights from the counts.
// It is run by Train and Load, so a loaded model scores exactly like the
// one that was saved.
func (m *Model) prepare() { m.prepareWith(nil, nil) }

// ids returns the ids for scoring, made now if they are made on first
// use.
func (m *Model) ids() *features.Vocabulary {
	if m.vocab == nil && m.vocabOf != nil {
		return m.vocabOf()
	}
	return m.vocab
}

// prepareWith is prepare with the lookup table given (built for m.Vocab),
// or built when ids is nil, and the memory of spare, a model no longer
// used, reused for the weights when it is large enough (nil: none).
func (m *Model) prepareWith(ids *features.Vocabulary, spare *Model) {
	m.stride = 0
	for _, t := range m.Targets {
		m.stride += len(t.Labels)
	}
	m.nfeat = len(m.Vocab)
	if n := len(m.Vocab) * m.stride; spare != nil && cap(spare.rows) >= n {
		m.rows = spare.rows[:n] // every entry is written again (prepare)
	} else {
		m.rows = make([]float64, n)
	}
	off := 0
	for i, t := range m.Targets {
		t.rows, t.stride, t.off = m.rows, m.stride, off
		off += len(t.Labels)
		t.neutral = max(slices.Index(t.Labels, t.Name.Neutral()), 0)
		if spare != nil && i < len(spare.Targets) {
			t.ignore = spare.Targets[i].ignore
		}
		t.prepare(m.Options, t.setIgnore(m.Vocab, m.sentimentOnly))
	}
	if ids == nil && m.vocabOf == nil {
		ids = m.Options.Features.NewVocabulary(m.Vocab)
	}
	m.vocab = ids
}

// setIgnore marks the features this target does not use: those it has no
// count for in any class (a lexicon word only the sentiment prior knows,
// or a word the sentiment model was told to leave out), and the
// sentiment-only features for any other target. An ignored feature is
// skipped when scoring, like a word outside the vocabulary, and does not
// count in the vocabulary size that smoothing divides by.
//
// sentimentOnly, if not nil, says for each feature what
// features.SentimentOnly would. t.ignore's memory is reused if it is
// large enough. It returns each class's total count (data plus pseudo)
// over the features used, summed in feature order, in the same pass.
func (t *Target) setIgnore(vocab []string, sentimentOnly []bool) (total []float64) {
	total = make([]float64, len(t.Labels))
	v := len(vocab)
	if cap(t.ignore) >= v {
		t.ignore = t.ignore[:v]
		clear(t.ignore)
	} else {
		t.ignore = make([]bool, v)
	}
	t.used = 0
	for f, name := range vocab {
		seen := false
		for c := range t.Labels {
			if t.Counts[c][f] != 0 || t.Pseudo.At(c, f) != 0 {
				seen = true
				break
			}
		}
		if !seen || t.Name != labels.Sentiment && (sentimentOnly != nil && sentimentOnly[f] || sentimentOnly == nil && features.SentimentOnly(name)) {
			t.ignore[f] = true
			continue // counts 0 (count): adding it would change no total
		}
		t.used++
		for c := range total {
			total[c] += t.count(c, f, v)
		}
	}
	return total
}

// count returns the total count (data plus pseudo) of feature f in class
// c; 0 for a feature the target ignores.
func (t *Target) count(c, f, v int) float64 {
	if t.ignore[f] {
		return 0
	}
	n := float64(t.Counts[c][f])
	if t.Pseudo != nil {
		n += t.Pseudo.At(c, f)
	}
	return n
}

// Pseudo holds a target's pseudo-counts. Few features have any (the cue
// features for stance, VADER's words for sentiment), so only theirs take
// room: a row of one count per class each.
type Pseudo struct {
	k      int       // classes
	at     []int32   // at[f]: feature f's row, -1 for none
	counts []float64 // counts[row*k+c]
}

// NewPseudo returns empty pseudo-counts for v features and k classes.
func NewPseudo(v, k int) *Pseudo {
	p := &Pseudo{k: k, at: make([]int32, v)}
	for f := range p.at {
		p.at[f] = -1
	}
	return p
}

// At returns the pseudo-count of feature f in class c; 0 for none, and for
// nil pseudo-counts.
func (p *Pseudo) At(c, f int) float64 {
	if p == nil {
		return 0
	}
	r := p.at[f]
	if r < 0 {
		return 0
	}
	return p.counts[int(r)*p.k+c]
}

// Add adds n to the pseudo-count of feature f in class c.
func (p *Pseudo) Add(c, f int, n float64) {
	r := p.at[f]
	if r < 0 {
		r = int32(len(p.counts) / p.k)
		p.at[f] = r
		p.counts = append(p.counts, make([]float64, p.k)...)
	}
	p.counts[int(r)*p.k+c] += n
}

// Len returns the number of features the pseudo-counts were made for.
func (p *Pseudo) Len() int { return len(p.at) }

// prepare sets t's bias and every entry of its weights in t.rows, from its
// counts and total, each class's total count over the features it uses
// (setIgnore); an ignored feature's weights are 0 in every class, so they
// do not move the posterior.
func (t *Target) prepare(o Options, total []float64) {
	k := len(t.Labels)
	v := len(t.ignore)
	t.bias = make([]float64, k)
	docs := 0
	for _, d := range t.Docs {
		docs += d
	}
	for c := range k {
		switch o.Prior {
		case Uniform:
			t.bias[c] = -math.Log(float64(k))
		default:
			// A label with no training sentence keeps a tiny prior instead
			// of log 0, so the arithmetic stays finite; it is still never
			// chosen over a label with data unless the evidence is
			// overwhelming.
			t.bias[c] = math.Log(math.Max(float64(t.Docs[c]), 1e-9) / float64(max(docs, 1)))
		}
	}
	// Multinomial: θ_cf = (N_cf + α) / (N_c + α|V|), |V| the features this
	// target uses; the weight of f for c is log θ_cf. Complement:
	// θ̂_cf = (α + Σ_{c'≠c} N_c'f) / (α|V| + Σ_{c'≠c} N_c'), the weight
	// −log θ̂_cf (scikit-learn's ComplementNB with norm=False).
	a := o.Alpha
	complement := o.Variant == Complement
	all := 0.0
	for c := range k {
		all += total[c]
	}
	lcs := make([]logCache, k)
	for c := range k {
		den := total[c] + a*float64(t.used)
		if complement {
			den = a*float64(t.used) + all - total[c]
		}
		lcs[c] = logCache{a: a, den: den}
	}
	for f := range v {
		row := t.rows[f*t.stride+t.off : f*t.stride+t.off+k]
		if t.ignore[f] {
			clear(row)
			continue
		}
		for c := range row {
			if !complement {
				row[c] = lcs[c].log(t.count(c, f, v)) // log((N_cf + α) / den)
				continue
			}
			comp := 0.0
			for c2 := range k {
				if c2 != c {
					comp += t.count(c2, f, v)
				}
			}
			row[c] = -lcs[c].log(comp) // −log((α + comp) / den)
		}
	}
	if complement && k > 1 {
		clear(t.bias) // as ComplementNB: priors unused with several classes
	}
}

// logCache gives log((n + a) / den) for a and den fixed, remembering it
// for whole n below 64: most features' counts are small whole numbers,
// and a model takes the logarithm of one per feature and class, hundreds
// of thousands of them, for every fold of a cross-validation. The values
// are math.Log's, bit for bit (a + n is n + a in floating point).
type logCache struct {
	a, den float64
	v      [64]float64
	ok     [64]bool
}

func (lc *logCache) log(n float64) float64 {
	if i := int(n); i >= 0 && i < len(lc.v) && float64(i) == n {
		if !lc.ok[i] {
			lc.v[i], lc.ok[i] = math.Log((n+lc.a)/lc.den), true
		}
		return lc.v[i]
	}
	return math.Log((n + lc.a) / lc.den)
}

// Target returns the classifier for target, or nil.
func (m *Model) Target(target labels.Target) *Target {
	for _, t := range m.Targets {
		if t.Name == target {
			return t
		}
	}
	return nil
}

// Feature returns the vocabulary id of f.
func (m *Model) Feature(f string) (int, bool) {
	i, ok := m.ids().ID(f)
	return int(i), ok
}

// Weight returns the scoring weight of feature id f for class c: log θ_cf
// for multinomial NB.
func (t *Target) Weight(f, c int) float64 { return t.rows[f*t.stride+t.off+c] }

// Bias returns the log prior of class c (0 for complement NB).
func (t *Target) Bias(c int) float64 { return t.bias[c] }

func (m *Model) String() string {
	return fmt.Sprintf("naive Bayes (%s, alpha=%g), %d features", m.Options.Variant, m.Options.Alpha, m.nfeat)
}

// NewExtractor returns a feature extractor with the model's settings. It
// is safe to call from several goroutines; each gets its own Extractor.
func (m *Model) NewExtractor() *features.Extractor {
	m.protoOnce.Do(func() {
		x, err := m.Options.Features.NewExtractor()
		if err != nil {
			panic(err) // settings were validated by Train or Load
		}
		m.proto = x
	})
	return m.proto.Fresh()
}
