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

// A model's image is what scoring needs, stored as scoring uses it: the
// weights, each target's prior, labels, temperature and ignored features,
// and the vocabulary's id tables (features.Vocabulary.AppendBinary). The
// built-in model ships as an image beside its gob form: loading the gob
// decodes every count and builds every map again, some 40 MB of
// allocation, and on a virtual machine where touching fresh memory is
// dear that made `stance classify` take 40–50 ms to start. An image is
// used where it lies (the embedded bytes), so a start touches only the
// pages a text reads. What an image leaves out (Vocab, the targets'
// Counts and Pseudo) is read from the full form the first time something
// needs it (Model.complete): explanations, the informative features,
// Save.
//
// Layout, little-endian, arrays 8-byte aligned: "STMODEL1"; uint32 length
// of the options' JSON, feature count, stride, targets; the JSON; per
// target its name and each label (uint32 length, bytes), temperature
// (float64), used features and neutral label (uint32), bias (float64 per
// label), training sentences (uint64 per label), ignored features (one
// byte each, 0 or 1); the weights (float64, features × stride); the
// vocabulary.
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
	return m.vocab.AppendBinary(b), nil
}

// loadImage reads a model from its image, which must not change while the
// model is in use; full reads the whole model when something needs what
// the image leaves out. With check, every table is verified so that bad
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
	if len(rest) != 0 || check && int(vocab.MaxID()) >= v {
		return bad("vocabulary ids beyond %d features, or bytes after it", v)
	}
	m.vocab = vocab
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
