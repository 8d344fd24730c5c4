package classify

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/stance-nlp/stance/labels"
)

// ErrFormat is wrapped by every error Load returns for a file it cannot
// use, so callers can tell a bad model file from an I/O failure.
var ErrFormat = errors.New("not a usable model file")

// The model file format lives here: the JSON file Save writes and Load
// reads, made from one flattening (toFile) and read back through fromFile,
// which checks it. The built-in model ships as an image instead (image.go),
// which scoring uses where it lies.

// Version is the model file format this package writes and reads.
const Version = 1

const kind = "stance naive Bayes model"

// fileModel is the JSON form of a Model. Fields are in a fixed order and
// maps are written with sorted keys, so the same model always gives the
// same bytes.
type fileModel struct {
	Version int          `json:"version"`
	Kind    string       `json:"kind"`
	Options Options      `json:"options"`
	Vocab   []string     `json:"vocabulary"`
	Targets []fileTarget `json:"targets"`
}

type fileTarget struct {
	Target    labels.Target                 `json:"target"`
	Labels    []string                      `json:"labels"`
	Sentences []int                         `json:"sentences"`
	Counts    [][]int                       `json:"counts"`
	Pseudo    map[string]map[string]float64 `json:"pseudo_counts,omitempty"` // label -> feature -> pseudo-count
	// Temperature divides the log-scores before they become probabilities
	// (see Calibrate); absent or 0 means 1, uncalibrated.
	Temperature float64 `json:"temperature,omitempty"`
	// Offsets are added to the log-scores after the temperature, one per
	// label (see FitOffsets); absent means none.
	Offsets []float64 `json:"offsets,omitempty"`
	// Context weighs the article's other sentences (see InContext);
	// absent means 0, none.
	Context float64 `json:"context,omitempty"`
}

// pseudoCount is one pseudo-count of a target: the flat form of
// Target.Pseudo that the JSON file and the image are made from.
type pseudoCount struct {
	Label, Feature string
	Count          float64
}

// toFile is the file form of m without the pseudo-counts, which it
// returns apart, per target, as lists (see pseudoCounts): Save writes them
// as JSON maps (pseudoMap).
func (m *Model) toFile() (fileModel, [][]pseudoCount) {
	m.mustComplete()
	fm := fileModel{Version: Version, Kind: kind, Options: m.Options, Vocab: m.Vocab}
	var pseudo [][]pseudoCount
	for _, t := range m.Targets {
		ft := fileTarget{Target: t.Name, Labels: t.Labels, Sentences: t.Docs, Counts: convertCounts[int](t.Counts)}
		if t.Temperature != 1 {
			ft.Temperature = t.Temperature
		}
		ft.Offsets = t.Offsets
		ft.Context = t.Context
		fm.Targets = append(fm.Targets, ft)
		pseudo = append(pseudo, m.pseudoCounts(t))
	}
	return fm, pseudo
}

// pseudoCounts lists t's nonzero pseudo-counts in label order, then
// vocabulary order; nil when it has none.
func (m *Model) pseudoCounts(t *Target) []pseudoCount {
	if t.Pseudo == nil {
		return nil
	}
	var ps []pseudoCount
	v := len(m.Vocab)
	for c, label := range t.Labels {
		for f := range v {
			if p := t.Pseudo.At(c, f); p != 0 {
				ps = append(ps, pseudoCount{label, m.Vocab[f], p})
			}
		}
	}
	return ps
}

// pseudoMap is the JSON form of a list of pseudo-counts: label ->
// feature -> count; nil for none.
func pseudoMap(ps []pseudoCount) map[string]map[string]float64 {
	if len(ps) == 0 {
		return nil
	}
	out := make(map[string]map[string]float64)
	for _, p := range ps {
		if out[p.Label] == nil {
			out[p.Label] = make(map[string]float64)
		}
		out[p.Label][p.Feature] = p.Count
	}
	return out
}

// Save writes m as JSON.
func (m *Model) Save(w io.Writer) error {
	fm, pseudo := m.toFile()
	for i := range fm.Targets {
		fm.Targets[i].Pseudo = pseudoMap(pseudo[i])
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(fm); err != nil {
		return err
	}
	return bw.Flush()
}

// MaxModelSize is the largest model file Load reads. A model trained on
// the built-in corpus is a few MB; a vocabulary of a million features is
// about 50 MB. Anything past this is not a model, and reading it whole
// (Load reads the file before it decodes it) would only exhaust memory.
const MaxModelSize = 512 << 20

// Load reads a model written by Save. A file it cannot use (not JSON,
// truncated, another format version, label sets or sizes that do not fit,
// larger than MaxModelSize) gives an error wrapping ErrFormat that says
// what is wrong; a failure to read is returned as it is.
//
// The first bytes are checked before the rest is read, so a binary file,
// text in UTF-16 or a stream of zeros is refused at once; at most
// MaxModelSize+1 bytes are ever read.
func Load(r io.Reader) (*Model, error) { return loadAtMost(r, MaxModelSize) }

// loadAtMost is Load with the size limit as a parameter, so a test can
// try it without half a gigabyte.
func loadAtMost(r io.Reader, limit int) (*Model, error) {
	br := bufio.NewReader(io.LimitReader(r, int64(limit)+1))
	skipped := 0 // leading white space, which JSON allows
	for {
		head, err := br.Peek(2)
		if len(head) == 0 {
			if err == io.EOF {
				return nil, fmt.Errorf("%w: the file is empty", ErrFormat)
			}
			return nil, err
		}
		c := head[0]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			br.Discard(1)
			skipped++
			continue
		}
		if len(head) == 2 && (head[0] == 0xFF && head[1] == 0xFE || head[0] == 0xFE && head[1] == 0xFF) {
			return nil, fmt.Errorf("%w: the file is UTF-16 text (byte-order mark %X), not a model", ErrFormat, head)
		}
		if c != '{' {
			return nil, fmt.Errorf("%w: the file is not a JSON object", ErrFormat)
		}
		break
	}
	// Model files are small; reading one whole keeps a read failure apart
	// from a format problem and lets trailing data be seen.
	data, err := io.ReadAll(br)
	if err != nil {
		return nil, err
	}
	if skipped+len(data) > limit {
		return nil, fmt.Errorf("%w: the file is larger than %s, the most a model file can be", ErrFormat, sizeName(limit))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var fm fileModel
	if err := dec.Decode(&fm); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.Is(err, io.ErrUnexpectedEOF):
			return nil, fmt.Errorf("%w: the file ends early (truncated?)", ErrFormat)
		case errors.As(err, &syn):
			return nil, fmt.Errorf("%w: invalid JSON at byte %d: %v", ErrFormat, syn.Offset+int64(skipped), err)
		case errors.As(err, &typ):
			return nil, fmt.Errorf("%w: field %q holds a JSON %s", ErrFormat, typ.Field, typ.Value)
		}
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	if rest := bytes.TrimSpace(data[dec.InputOffset():]); len(rest) > 0 {
		return nil, fmt.Errorf("%w: data after the model", ErrFormat)
	}
	return fromFile(fm)
}

// sizeName writes a size in bytes as "512 MiB", "4 KiB" or "100 bytes".
func sizeName(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// fromFile checks a decoded model file and builds the model from it.
func fromFile(fm fileModel) (*Model, error) {
	if fm.Kind != kind {
		return nil, fmt.Errorf("%w: not a stance model (kind %q)", ErrFormat, fm.Kind)
	}
	if fm.Version != Version {
		return nil, fmt.Errorf("%w: format version %d; this stance reads version %d (retrain with 'stance train')", ErrFormat, fm.Version, Version)
	}
	if err := fm.Options.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	if !slices.IsSorted(fm.Vocab) || len(slices.Compact(slices.Clone(fm.Vocab))) != len(fm.Vocab) {
		return nil, fmt.Errorf("%w: vocabulary is not sorted and unique", ErrFormat)
	}
	m := &Model{Options: fm.Options, Vocab: fm.Vocab}
	v := len(fm.Vocab)
	index := make(map[string]int, v)
	for i, f := range fm.Vocab {
		index[f] = i
	}
	for _, want := range labels.Targets() {
		i := slices.IndexFunc(fm.Targets, func(t fileTarget) bool { return t.Target == want })
		if i < 0 {
			return nil, fmt.Errorf("%w: no %s classifier in the file", ErrFormat, want)
		}
		ft := fm.Targets[i]
		if !slices.Equal(ft.Labels, want.Labels()) {
			return nil, fmt.Errorf("%w: %s labels %v; want %v", ErrFormat, want, ft.Labels, want.Labels())
		}
		k := len(ft.Labels)
		if len(ft.Sentences) != k || len(ft.Counts) != k {
			return nil, fmt.Errorf("%w: %s has %d sentence counts and %d count rows for %d labels", ErrFormat, want, len(ft.Sentences), len(ft.Counts), k)
		}
		for c, row := range ft.Counts {
			if len(row) != v {
				return nil, fmt.Errorf("%w: %s counts for %q have %d entries for %d features", ErrFormat, want, ft.Labels[c], len(row), v)
			}
			if slices.Min(append(row, 0)) < 0 || ft.Sentences[c] < 0 {
				return nil, fmt.Errorf("%w: %s has a negative count", ErrFormat, want)
			}
			if slices.Max(append(row, 0)) > math.MaxInt32 {
				return nil, fmt.Errorf("%w: %s has a count above %d", ErrFormat, want, math.MaxInt32)
			}
			// Training counts features only in sentences it has seen: a
			// label with counts and no sentence has a prior of zero, so
			// its probability would collapse to 0 whatever the text.
			if ft.Sentences[c] == 0 && slices.Max(append(row, 0)) > 0 {
				return nil, fmt.Errorf("%w: %s label %q has feature counts but 0 training sentences", ErrFormat, want, ft.Labels[c])
			}
		}
		t := &Target{Name: want, Labels: ft.Labels, Docs: ft.Sentences, Counts: convertCounts[int32](ft.Counts), Temperature: 1}
		if ft.Temperature != 0 {
			if !(ft.Temperature >= MinTemperature && ft.Temperature <= MaxTemperature) {
				return nil, fmt.Errorf("%w: %s temperature %v; want %g to %g", ErrFormat, want, ft.Temperature, MinTemperature, MaxTemperature)
			}
			t.Temperature = ft.Temperature
		}
		if ft.Offsets != nil {
			if err := checkOffsets(ft.Offsets, k); err != nil {
				return nil, fmt.Errorf("%w: %s: %v", ErrFormat, want, err)
			}
			t.Offsets = nonZero(ft.Offsets)
		}
		if !(ft.Context >= 0 && ft.Context <= MaxContext) {
			return nil, fmt.Errorf("%w: %s context weight %v; want 0 to %g", ErrFormat, want, ft.Context, MaxContext)
		}
		t.Context = ft.Context
		if len(ft.Pseudo) > 0 {
			t.Pseudo = NewPseudo(v, k)
			for label, byFeature := range ft.Pseudo {
				c := slices.Index(ft.Labels, label)
				if c < 0 {
					return nil, fmt.Errorf("%w: %s pseudo-counts for unknown label %q", ErrFormat, want, label)
				}
				for f, p := range byFeature {
					j, ok := index[f]
					if !ok || !(p >= 0) {
						return nil, fmt.Errorf("%w: %s pseudo-count %v for feature %q", ErrFormat, want, p, f)
					}
					t.Pseudo.Add(c, j, p)
				}
			}
		}
		m.Targets = append(m.Targets, t)
	}
	for _, ft := range fm.Targets {
		if _, err := labels.ParseTarget(string(ft.Target)); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrFormat, err)
		}
	}
	if len(fm.Targets) != len(labels.Targets()) {
		return nil, fmt.Errorf("%w: %d classifiers; want one each for %v", ErrFormat, len(fm.Targets), labels.Targets())
	}
	m.prepare()
	// Counts so large that the arithmetic overflows would score NaN.
	for _, t := range m.Targets {
		bad := slices.ContainsFunc(t.bias, notFinite)
		for f := range m.Vocab {
			for c := range t.Labels {
				bad = bad || notFinite(t.Weight(f, c))
			}
		}
		if bad {
			return nil, fmt.Errorf("%w: %s counts are too large to score with", ErrFormat, t.Name)
		}
	}
	return m, nil
}

func notFinite(w float64) bool { return math.IsNaN(w) || math.IsInf(w, 0) }

// convertCounts copies count rows from one integer type to another: a
// model holds them as int32, its JSON file as int. Counts read from a file
// must have been checked to fit.
func convertCounts[U, T int | int32](rows [][]T) [][]U {
	out := make([][]U, len(rows))
	for c, row := range rows {
		out[c] = make([]U, len(row))
		for f, n := range row {
			out[c][f] = U(n)
		}
	}
	return out
}
