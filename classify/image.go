package classify

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"unsafe"

	"github.com/stance-nlp/stance/features"
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
// Layout, little-endian, arrays 8-byte aligned: "STMODEL1"; uint32 length
// of the options' JSON, feature count, stride, targets; the JSON; per
// target its name and each label (uint32 length, bytes), temperature
// (float64), used features and neutral label (uint32), bias (float64 per
// label), training sentences (uint64 per label), ignored features (one
// byte each, 0 or 1); the weights (float64, features × stride); the
// vocabulary; then the part readFull reads (see fullMagic).
const imageMagic = "STMODEL1"

func (m *Model) appendImage(b []byte) ([]byte, error) {
	opts, err := json.Marshal(m.Options)
	if err != nil {
		return nil, err
	}
	u32 := func(x int) { b = binary.LittleEndian.AppendUint32(b, uint32(x)) }
	f64 := func(x float64) { b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x)) }
	str := func(s string) { u32(len(s)); b = append(b, s...) }
	pad := func() {
		for len(b)%8 != 0 {
			b = append(b, 0)
		}
	}
	b = append(b, imageMagic...)
	u32(len(opts))
	u32(m.nfeat)
	u32(m.stride)
	u32(len(m.Targets))
	b = append(b, opts...)
	pad()
	for _, t := range m.Targets {
		str(string(t.Name))
		u32(len(t.Labels))
		for _, l := range t.Labels {
			str(l)
		}
		pad()
		f64(t.Temperature)
		u32(t.used)
		u32(t.neutral)
		for _, x := range t.bias {
			f64(x)
		}
		for _, d := range t.Docs {
			b = binary.LittleEndian.AppendUint64(b, uint64(d))
		}
		for _, ig := range t.ignore {
			if ig {
				b = append(b, 1)
			} else {
				b = append(b, 0)
			}
		}
		pad()
	}
	for _, x := range m.rows {
		f64(x)
	}
	b = m.vocab.AppendBinary(b)
	// The rest of the model, read only when something needs it: the
	// features' names, the counts, the pseudo-counts.
	b = append(b, fullMagic...)
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
		b = append(b, f...)
	}
	pad()
	for _, t := range m.Targets {
		for _, row := range t.Counts {
			for _, c := range row {
				if c < 0 || c > math.MaxUint32 {
					return nil, fmt.Errorf("%s: count %d does not fit an image", t.Name, c)
				}
				u32(c)
			}
		}
		ps := m.pseudoCounts(t)
		u32(len(ps))
		pad()
		for _, p := range ps {
			u32(slices.Index(t.Labels, p.Label))
			f, _ := slices.BinarySearch(m.Vocab, p.Feature)
			u32(f)
			f64(p.Count)
		}
	}
	return b, nil
}

// fullMagic starts the part of an image that complete reads: the
// features' names (uint32 count and total length, each name's length, the
// names), then per target its counts (uint32, label by label) and its
// pseudo-counts (uint32 count, then label index, feature index and
// float64 value each).
const fullMagic = "STFULL01"

// readFull reads the part of an image that complete reads into a model
// holding only Vocab and the targets' Counts and Pseudo.
func readFull(b []byte, labelSets [][]string) (*Model, error) {
	r := imageReader{b: b}
	if string(r.bytes(len(fullMagic))) != fullMagic {
		return nil, fmt.Errorf("%w: model image: no counts", ErrFormat)
	}
	v, total := int(r.u32()), int(r.u32())
	lens := r.bytes(4 * v)
	text := r.bytes(total)
	r.pad()
	if r.err != nil {
		return nil, fmt.Errorf("%w: model image: %v", ErrFormat, r.err)
	}
	m := &Model{Vocab: make([]string, v)}
	at := 0
	for i := range m.Vocab {
		n := int(binary.LittleEndian.Uint32(lens[4*i:]))
		if n > len(text)-at {
			return nil, fmt.Errorf("%w: model image: feature names overrun", ErrFormat)
		}
		m.Vocab[i] = unsafe.String(unsafe.SliceData(text[at:]), n)
		at += n
	}
	for _, ls := range labelSets {
		t := &Target{Counts: make([][]int, len(ls))}
		for c := range t.Counts {
			row := make([]int, v)
			for f := range row {
				row[f] = int(r.u32())
			}
			t.Counts[c] = row
		}
		np := int(r.u32())
		r.pad()
		if np > 0 && r.err == nil {
			t.Pseudo = make([]float64, len(ls)*v)
		}
		for range np {
			c, f, x := int(r.u32()), int(r.u32()), math.Float64frombits(r.u64())
			if r.err != nil || c >= len(ls) || f >= v {
				return nil, fmt.Errorf("%w: model image: pseudo-count out of range", ErrFormat)
			}
			t.Pseudo[c*v+f] = x
		}
		m.Targets = append(m.Targets, t)
	}
	if r.err != nil || len(r.b) != 0 {
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
	r := imageReader{b: b}
	if string(r.bytes(len(imageMagic))) != imageMagic {
		return bad("not an image")
	}
	nopts, v, stride, nt := int(r.u32()), int(r.u32()), int(r.u32()), int(r.u32())
	m := &Model{nfeat: v, stride: stride, full: full}
	if err := json.Unmarshal(r.bytes(nopts), &m.Options); err != nil && r.err == nil {
		return bad("options: %v", err)
	}
	if err := m.Options.Validate(); err != nil && r.err == nil {
		return bad("options: %v", err)
	}
	r.pad()
	if nt != len(labels.Targets()) {
		return bad("%d targets", nt)
	}
	off := 0
	for _, want := range labels.Targets() {
		t := &Target{Name: labels.Target(r.str()), Temperature: 1}
		for n := r.u32(); n > 0 && r.err == nil && len(t.Labels) < len(want.Labels()); n-- {
			t.Labels = append(t.Labels, r.str())
		}
		r.pad()
		k := len(t.Labels)
		if r.err == nil && (t.Name != want || !slices.Equal(t.Labels, want.Labels())) {
			return bad("target %s with labels %v; want %s with %v", t.Name, t.Labels, want, want.Labels())
		}
		t.Temperature = math.Float64frombits(r.u64())
		t.used, t.neutral = int(r.u32()), int(r.u32())
		for range k {
			t.bias = append(t.bias, math.Float64frombits(r.u64()))
		}
		for range k {
			t.Docs = append(t.Docs, int(r.u64()))
		}
		ig := r.bytes(v)
		if check && slices.ContainsFunc(ig, func(c byte) bool { return c > 1 }) {
			return bad("ignored-feature flags other than 0 and 1")
		}
		if len(ig) > 0 {
			t.ignore = unsafe.Slice((*bool)(unsafe.Pointer(unsafe.SliceData(ig))), v)
		}
		r.pad()
		if r.err == nil && (!(t.Temperature >= MinTemperature && t.Temperature <= MaxTemperature) && t.Temperature != 1 || t.neutral >= k || t.used > v) {
			return bad("%s: temperature %v, neutral label %d, %d features used", t.Name, t.Temperature, t.neutral, t.used)
		}
		t.stride, t.off = stride, off
		off += k
		m.Targets = append(m.Targets, t)
	}
	if r.err == nil && off != stride {
		return bad("stride %d for %d labels", stride, off)
	}
	m.rows = r.f64s(v * stride)
	if r.err != nil {
		return nil, fmt.Errorf("%w: model image: %v", ErrFormat, r.err)
	}
	for _, t := range m.Targets {
		t.rows = m.rows
	}
	vocab, rest, err := features.ParseVocabulary(r.b, check)
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

// imageReader reads an image, remembering the first problem.
type imageReader struct {
	b   []byte
	off int
	err error
}

func (r *imageReader) bytes(n int) []byte {
	if r.err != nil || n < 0 || n > len(r.b) {
		if r.err == nil {
			r.err = fmt.Errorf("cut short at byte %d", r.off)
		}
		return nil
	}
	out := r.b[:n:n]
	r.b, r.off = r.b[n:], r.off+n
	return out
}

func (r *imageReader) u32() uint32 {
	if b := r.bytes(4); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}

func (r *imageReader) u64() uint64 {
	if b := r.bytes(8); b != nil {
		return binary.LittleEndian.Uint64(b)
	}
	return 0
}

func (r *imageReader) str() string { return string(r.bytes(int(r.u32()))) }

func (r *imageReader) pad() {
	if n := r.off % 8; n != 0 {
		r.bytes(8 - n)
	}
}

// f64s returns the next n float64s: the image's own bytes where they are
// aligned and the machine little-endian, else a copy.
func (r *imageReader) f64s(n int) []float64 {
	b := r.bytes(8 * n)
	if b == nil || n == 0 {
		return nil
	}
	if uintptr(unsafe.Pointer(unsafe.SliceData(b)))%8 == 0 && binary.NativeEndian.Uint16([]byte{1, 0}) == 1 {
		return unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(b))), n)
	}
	out := make([]float64, n)
	for i := range out {
		out[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return out
}
