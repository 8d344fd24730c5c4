package classify

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"unsafe"

	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/internal/flatbin"
	"github.com/stance-nlp/stance/labels"
)

// A model's image is the built-in model's stored form: first what scoring
// needs, stored as scoring uses it (the weights, each target's prior,
// labels, temperature and ignored features, and the vocabulary's id
// tables, features.Vocabulary.AppendBinary), then the rest (the features'
// names, the counts, the pseudo-counts). Scoring uses the first part
// where it lies, in the embedded bytes, so a start touches only the pages
// a text reads; the second is read the first time something needs it
// (Model.complete): explanations, the informative features, Save. The
// built-in model used to ship as encoding/gob, whose decoding built every
// count and map again, some 40 MB of allocation: on a virtual machine
// where touching fresh memory is dear, `stance classify` took 40–50 ms to
// start.
//
// Layout, little-endian, arrays 8-byte aligned: "STMODEL5"; uint32 length
// of the options, feature count, stride, targets; the options (see
// appendOptions: flat, since as JSON they took a third of a millisecond to
// decode, a tenth of a start); per
// target its name and each label (uint32 length, bytes), temperature
// (float64), article-context weight (float64), decision offsets (float64 per label, all 0 for none), used features and neutral label (uint32), bias (float64 per
// label), training sentences (uint64 per label), ignored features (one
// byte each, 0 or 1); the weights (float64, features × stride); the
// vocabulary; then, compressed, the part readFull reads (see fullZMagic).
const imageMagic = "STMODEL5"

func (m *Model) appendImage(b []byte) ([]byte, error) {
	opts := appendOptions(nil, m.Options)
	w := flatbin.Writer{B: append(b, imageMagic...)}
	u32 := func(x int) { w.U32(uint32(x)) }
	u32(len(opts))
	u32(m.nfeat)
	u32(m.stride)
	u32(len(m.Targets))
	w.B = append(w.B, opts...)
	w.Pad()
	for _, t := range m.Targets {
		w.Str(string(t.Name))
		u32(len(t.Labels))
		for _, l := range t.Labels {
			w.Str(l)
		}
		w.Pad()
		w.F64(t.Temperature)
		w.F64(t.Context)
		for c := range t.Labels {
			if t.Offsets != nil {
				w.F64(t.Offsets[c])
			} else {
				w.F64(0)
			}
		}
		u32(t.used)
		u32(t.neutral)
		for _, x := range t.bias {
			w.F64(x)
		}
		for _, d := range t.Docs {
			w.U64(uint64(d))
		}
		for _, ig := range t.ignore {
			if ig {
				w.B = append(w.B, 1)
			} else {
				w.B = append(w.B, 0)
			}
		}
		w.Pad()
	}
	for _, x := range m.rows {
		w.F64(x)
	}
	w.B = m.ids().AppendBinary(w.B)
	// The rest of the model, read only when something needs it: the
	// features' names, the counts, the pseudo-counts; compressed, since
	// nothing uses it where it lies and most counts are 0 (it is 3.4 MB
	// plain, a fifth of that compressed).
	full, err := m.appendFull(nil)
	if err != nil {
		return nil, err
	}
	w.B = append(w.B, fullZMagic...)
	zw, err := gzip.NewWriterLevel(&sliceWriter{&w.B}, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(full); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return w.B, nil
}

// sliceWriter appends what is written to *b.
type sliceWriter struct{ b *[]byte }

func (s *sliceWriter) Write(p []byte) (int, error) {
	*s.b = append(*s.b, p...)
	return len(p), nil
}

// appendFull appends the part of m's image that readFull reads.
func (m *Model) appendFull(b []byte) ([]byte, error) {
	w := flatbin.Writer{B: append(b, fullMagic...)}
	u32 := func(x int) { w.U32(uint32(x)) }
	u32(len(m.Vocab))
	n := 0
	for _, f := range m.Vocab {
		n += len(f)
	}
	u32(n)
	for _, f := range m.Vocab {
		u32(len(f))
	}
	for _, f := range m.Vocab {
		w.B = append(w.B, f...)
	}
	w.Pad()
	for _, t := range m.Targets {
		for _, row := range t.Counts {
			for _, c := range row {
				if c < 0 {
					return nil, fmt.Errorf("%s: count %d does not fit an image", t.Name, c)
				}
				u32(int(c))
			}
		}
		ps := m.pseudoCounts(t)
		u32(len(ps))
		w.Pad()
		for _, p := range ps {
			u32(slices.Index(t.Labels, p.Label))
			f, _ := slices.BinarySearch(m.Vocab, p.Feature)
			u32(f)
			w.F64(p.Count)
		}
	}
	return w.B, nil
}

// fullZMagic starts the last part of an image: gzip of the part that
// complete reads, which starts with fullMagic.
const fullZMagic = "STFULLZ1"

// fullMagic starts the part of an image that complete reads: the
// features' names (uint32 count and total length, each name's length, the
// names), then per target its counts (uint32, label by label) and its
// pseudo-counts (uint32 count, then label index, feature index and
// float64 value each).
const fullMagic = "STFULL01"

// readFull reads the part of an image that complete reads into a model
// holding only Vocab and the targets' Counts and Pseudo.
func readFull(b []byte, labelSets [][]string) (*Model, error) {
	b, err := unzipFull(b)
	if err != nil {
		return nil, err
	}
	r := flatbin.Reader{B: b}
	if string(r.Bytes(len(fullMagic))) != fullMagic {
		return nil, fmt.Errorf("%w: model image: no counts", ErrFormat)
	}
	v, total := int(r.U32()), int(r.U32())
	lens := r.Bytes(4 * v)
	text := r.Bytes(total)
	r.Pad()
	if r.Err != nil {
		return nil, fmt.Errorf("%w: model image: %v", ErrFormat, r.Err)
	}
	m := &Model{Vocab: make([]string, v)}
	at := 0
	for i := range m.Vocab {
		n := int(binary.LittleEndian.Uint32(lens[4*i:]))
		if n > len(text)-at {
			return nil, fmt.Errorf("%w: model image: feature names overrun", ErrFormat)
		}
		if n > 0 {
			m.Vocab[i] = unsafe.String(unsafe.SliceData(text[at:]), n)
		}
		at += n
	}
	for _, ls := range labelSets {
		t := &Target{Counts: make([][]int32, len(ls))}
		for c := range t.Counts {
			row := make([]int32, v)
			for f := range row {
				x := r.U32()
				if x > math.MaxInt32 {
					return nil, fmt.Errorf("%w: model image: count %d is out of range", ErrFormat, x)
				}
				row[f] = int32(x)
			}
			t.Counts[c] = row
		}
		np := int(r.U32())
		r.Pad()
		if np > 0 && r.Err == nil {
			t.Pseudo = NewPseudo(v, len(ls))
		}
		for range np {
			c, f, x := int(r.U32()), int(r.U32()), math.Float64frombits(r.U64())
			if r.Err != nil || c >= len(ls) || f >= v {
				return nil, fmt.Errorf("%w: model image: pseudo-count out of range", ErrFormat)
			}
			t.Pseudo.Add(c, f, x)
		}
		m.Targets = append(m.Targets, t)
	}
	if r.Err != nil || len(r.B) != 0 {
		return nil, fmt.Errorf("%w: model image: counts cut short or followed by bytes", ErrFormat)
	}
	return m, nil
}

// loadImage reads a model from its image, which must not change while the
// model is in use; full reads what the image's scoring part leaves out
// when something needs it (nil: the image's own last part, readFull). With check, every table is verified so that bad
// bytes give an error, not a crash, at a cost of some 0.4 ms for the
// built-in model: a tenth of its start. The built-in image is read
// without (TestBuiltinImageChecks runs the checks on it).
func loadImage(b []byte, full func() (*Model, error), check bool) (*Model, error) {
	bad := func(format string, args ...any) (*Model, error) {
		return nil, fmt.Errorf("%w: model image: %s", ErrFormat, fmt.Sprintf(format, args...))
	}
	r := flatbin.Reader{B: b}
	if string(r.Bytes(len(imageMagic))) != imageMagic {
		return bad("not an image")
	}
	nopts, v, stride, nt := int(r.U32()), int(r.U32()), int(r.U32()), int(r.U32())
	m := &Model{nfeat: v, stride: stride, full: full}
	or := flatbin.Reader{B: r.Bytes(nopts)}
	m.Options = readOptions(&or)
	if (or.Err != nil || len(or.B) != 0) && r.Err == nil {
		return bad("options cut short or followed by bytes")
	}
	if err := m.Options.Validate(); err != nil && r.Err == nil {
		return bad("options: %v", err)
	}
	r.Pad()
	if nt != len(labels.Targets()) {
		return bad("%d targets", nt)
	}
	off := 0
	for _, want := range labels.Targets() {
		t := &Target{Name: labels.Target(r.Str()), Temperature: 1}
		for n := r.U32(); n > 0 && r.Err == nil && len(t.Labels) < len(want.Labels()); n-- {
			t.Labels = append(t.Labels, r.Str())
		}
		r.Pad()
		k := len(t.Labels)
		if r.Err == nil && (t.Name != want || !slices.Equal(t.Labels, want.Labels())) {
			return bad("target %s with labels %v; want %s with %v", t.Name, t.Labels, want, want.Labels())
		}
		t.Temperature = math.Float64frombits(r.U64())
		t.Context = math.Float64frombits(r.U64())
		offsets := make([]float64, k)
		for c := range offsets {
			offsets[c] = math.Float64frombits(r.U64())
		}
		t.Offsets = nonZero(offsets)
		t.used, t.neutral = int(r.U32()), int(r.U32())
		for range k {
			t.bias = append(t.bias, math.Float64frombits(r.U64()))
		}
		for range k {
			t.Docs = append(t.Docs, int(r.U64()))
		}
		ig := r.Bytes(v)
		if check && slices.ContainsFunc(ig, func(c byte) bool { return c > 1 }) {
			return bad("ignored-feature flags other than 0 and 1")
		}
		if len(ig) > 0 {
			t.ignore = unsafe.Slice((*bool)(unsafe.Pointer(unsafe.SliceData(ig))), v)
		}
		r.Pad()
		if r.Err == nil && (!(t.Temperature >= MinTemperature && t.Temperature <= MaxTemperature) && t.Temperature != 1 || t.neutral >= k || t.used > v ||
			checkOffsets(offsets, k) != nil || !(t.Context >= 0 && t.Context <= MaxContext)) {
			return bad("%s: temperature %v, context weight %v, offsets %v, neutral label %d, %d features used", t.Name, t.Temperature, t.Context, offsets, t.neutral, t.used)
		}
		t.stride, t.off = stride, off
		off += k
		m.Targets = append(m.Targets, t)
	}
	if r.Err == nil && off != stride {
		return bad("stride %d for %d labels", stride, off)
	}
	m.rows = r.F64s(v * stride)
	if r.Err != nil {
		return nil, fmt.Errorf("%w: model image: %v", ErrFormat, r.Err)
	}
	for _, t := range m.Targets {
		t.rows = m.rows
	}
	vocab, rest, err := features.ParseVocabulary(r.B, check)
	if err != nil {
		return nil, fmt.Errorf("%w: model image: %v", ErrFormat, err)
	}
	if check && int(vocab.MaxID()) >= v {
		return bad("vocabulary ids beyond %d features", v)
	}
	m.vocab = vocab
	if m.full == nil {
		var sets [][]string
		for _, t := range m.Targets {
			sets = append(sets, t.Labels)
		}
		if check {
			if _, err := readFull(rest, sets); err != nil {
				return nil, err
			}
		}
		m.full = func() (*Model, error) { return readFull(rest, sets) }
	}
	return m, nil
}

// The options' flags, one bit each (appendOptions).
const (
	optBigrams = 1 << iota
	optBinary
	optNegation
	optStem
	optStopWords
	optSentimentLexiconOnly
	optStanceContext
	optSentimentContext
)

// appendOptions appends o in its image form: uint32 flags (the booleans),
// polarity and minimum document frequency; the variant and the prior
// (uint32 length and bytes); alpha, cue weight and lexicon weight
// (float64); then the actor aliases and the cues, each a uint32 count and
// every phrase's tag and text. TestImageKeepsEveryOption fails when a
// field of Options is added and not here.
func appendOptions(b []byte, o Options) []byte {
	w := flatbin.Writer{B: b}
	f := o.Features
	var flags uint32
	set := func(on bool, bit uint32) {
		if on {
			flags |= bit
		}
	}
	set(f.Bigrams, optBigrams)
	set(f.Binary, optBinary)
	set(f.Negation, optNegation)
	set(f.Stem, optStem)
	set(f.StopWords, optStopWords)
	set(o.SentimentLexiconOnly, optSentimentLexiconOnly)
	set(o.InContext(labels.Stance), optStanceContext)
	set(o.InContext(labels.Sentiment), optSentimentContext)
	w.U32(flags)
	w.U32(uint32(f.Polarity))
	w.U32(uint32(f.MinDF))
	w.Str(string(o.Variant))
	w.Str(string(o.Prior))
	w.F64(o.Alpha)
	w.F64(o.CueWeight)
	w.F64(o.LexiconWeight)
	for _, ps := range [][]features.Phrase{f.Actors, f.Cues} {
		w.U32(uint32(len(ps)))
		for _, p := range ps {
			w.Str(p.Tag)
			w.Str(p.Text)
		}
	}
	return w.B
}

// readOptions reads what appendOptions wrote.
func readOptions(r *flatbin.Reader) Options {
	flags := r.U32()
	var o Options
	f := &o.Features
	f.Bigrams, f.Binary, f.Negation = flags&optBigrams != 0, flags&optBinary != 0, flags&optNegation != 0
	f.Stem, f.StopWords = flags&optStem != 0, flags&optStopWords != 0
	o.SentimentLexiconOnly = flags&optSentimentLexiconOnly != 0
	for _, t := range []struct {
		bit    uint32
		target labels.Target
	}{{optStanceContext, labels.Stance}, {optSentimentContext, labels.Sentiment}} {
		if flags&t.bit != 0 {
			o.Context = append(o.Context, t.target)
		}
	}
	f.Polarity, f.MinDF = int(int32(r.U32())), int(int32(r.U32()))
	o.Variant, o.Prior = Variant(r.Str()), Prior(r.Str())
	o.Alpha = math.Float64frombits(r.U64())
	o.CueWeight = math.Float64frombits(r.U64())
	o.LexiconWeight = math.Float64frombits(r.U64())
	f.Actors = readPhrases(r)
	f.Cues = readPhrases(r)
	return o
}

// readPhrases reads a list of phrases written by appendOptions: nil if it
// is empty. Their texts are the image's bytes, not copies, as the
// vocabulary's are.
func readPhrases(r *flatbin.Reader) []features.Phrase {
	str := func() string {
		b := r.Bytes(int(r.U32()))
		return unsafe.String(unsafe.SliceData(b), len(b))
	}
	var ps []features.Phrase
	for n := r.U32(); n > 0 && r.Err == nil; n-- {
		tag := str()
		ps = append(ps, features.Phrase{Tag: tag, Text: str()})
	}
	return ps
}

// maxFull bounds what unzipFull makes of the compressed part, so bad
// bytes cannot ask for unbounded memory.
const maxFull = 1 << 30

// unzipFull returns the decompressed last part of an image.
func unzipFull(b []byte) ([]byte, error) {
	if !bytes.HasPrefix(b, []byte(fullZMagic)) {
		return nil, fmt.Errorf("%w: model image: no counts", ErrFormat)
	}
	zr, err := gzip.NewReader(bytes.NewReader(b[len(fullZMagic):]))
	if err != nil {
		return nil, fmt.Errorf("%w: model image: counts: %v", ErrFormat, err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, maxFull+1))
	if err == nil && len(out) > maxFull {
		err = errors.New("too large")
	}
	if err != nil {
		return nil, fmt.Errorf("%w: model image: counts: %v", ErrFormat, err)
	}
	return out, nil
}

// complete fills in what an image leaves out (Vocab, the targets' Counts
// and Pseudo) from the full model, the first time something needs them.
// It is safe for concurrent use; a model not read from an image is
// complete already.
func (m *Model) complete() error {
	if m.full == nil {
		return nil
	}
	m.fullOnce.Do(func() {
		f, err := m.full()
		if err != nil {
			m.fullErr = err
			return
		}
		m.Vocab = f.Vocab
		for i, t := range m.Targets {
			t.Counts, t.Pseudo = f.Targets[i].Counts, f.Targets[i].Pseudo
		}
	})
	return m.fullErr
}

// mustComplete is complete for the methods that return no error: the
// built-in model's full form is embedded and tested, so failing to read it
// is a broken build.
func (m *Model) mustComplete() {
	if err := m.complete(); err != nil {
		panic(err)
	}
}
