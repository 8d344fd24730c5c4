package summary

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/stance-nlp/stance/labels"
)

// Config says how to summarise.
type Config struct {
	Target labels.Target // "" is labels.Stance
	// By are the keys records are grouped by, in order; none puts every
	// record in one group.
	By        []Key
	Resamples int    // bootstrap resamples; 0 is 1000
	Seed      uint64 // of the bootstrap
}

// MaxLineBytes is the longest record a Builder reads: classify writes a
// sentence a record, and a record of a long line holds at most 1 MiB of
// its text.
const MaxLineBytes = 4 << 20

// maxIndex bounds a sentence's index: an article of a million sentences
// is not an article, and the index says how much memory tracking it takes.
const maxIndex = 1 << 20

// Builder reads the records of one or more outputs of classify (shards of
// one run, say) and gathers what Summary needs: per group and article, the
// count of each label and the sum of each label's probability. Memory
// grows with the articles, not the sentences.
type Builder struct {
	cfg      Config
	labels   []string
	clusters map[string]*cluster // by group key and article
	articles map[string]*article
	inputs   []string
	problems []error
	more     int // problems past MaxProblems
	none     map[string]int
	total    int
}

// cluster is one article's sentences within one group.
type cluster struct {
	key     []string // the group key's values
	article string
	n       int
	counts  []int     // per label
	probs   []float64 // sum of each label's probability
}

// article is where an article was first read, and which of its
// sentences have been: a sentence read twice (a shard given twice) is an
// error.
type article struct {
	seen []uint64 // bit set of indexes
	file string
	line int
}

// MaxProblems is how many bad records a Builder keeps; Err counts the
// rest.
const MaxProblems = 20

// NewBuilder returns a Builder for cfg.
func NewBuilder(cfg Config) (*Builder, error) {
	if cfg.Target == "" {
		cfg.Target = labels.Stance
	}
	if _, err := labels.ParseTarget(string(cfg.Target)); err != nil {
		return nil, err
	}
	if cfg.Resamples == 0 {
		cfg.Resamples = 1000
	}
	if cfg.Resamples < 1 {
		return nil, fmt.Errorf("resamples %d: want at least 1", cfg.Resamples)
	}
	return &Builder{cfg: cfg, labels: cfg.Target.Labels(), clusters: make(map[string]*cluster), articles: make(map[string]*article), none: make(map[string]int)}, nil
}

// Read reads the records of one input; name is used in messages
// ("tagged.jsonl:12: …"). A bad record is kept as a problem (see Err) and
// reading goes on; Read returns an error only when the input cannot be
// read at all.
func (b *Builder) Read(r io.Reader, name string) error {
	b.inputs = append(b.inputs, name)
	br := bufio.NewReaderSize(r, 64<<10)
	var buf []byte
	for line := 1; ; line++ {
		buf = buf[:0]
		var err error
		for {
			var frag []byte
			frag, err = br.ReadSlice('\n')
			if len(buf)+len(frag) > MaxLineBytes {
				b.problem(name, line, "a line longer than %d MiB: not the output of stance classify --format jsonl? (stopped reading)", MaxLineBytes>>20)
				return nil
			}
			buf = append(buf, frag...)
			if !errors.Is(err, bufio.ErrBufferFull) {
				break
			}
		}
		if err != nil && err != io.EOF {
			return fmt.Errorf("read %s: %w", name, err)
		}
		text := bytes.TrimSpace(buf)
		if line == 1 {
			text = bytes.TrimPrefix(text, []byte("\uFEFF"))
		}
		if len(text) > 0 {
			b.add(text, name, line)
		}
		if err == io.EOF {
			return nil
		}
	}
}

func (b *Builder) problem(file string, line int, format string, args ...any) {
	if len(b.problems) >= MaxProblems {
		b.more++
		return
	}
	b.problems = append(b.problems, &labels.ParseError{File: file, Line: line, Err: fmt.Errorf(format, args...)})
}

// add reads one record.
func (b *Builder) add(text []byte, file string, line int) {
	if text[0] != '{' {
		hint := ""
		if bytes.HasPrefix(text, []byte("stance ")) || bytes.Count(text, []byte("\t")) >= 10 {
			hint = ": summarize reads what stance classify --format jsonl writes"
		}
		b.problem(file, line, "not a JSON object%s", hint)
		return
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(text, &fields); err != nil {
		b.problem(file, line, "invalid JSON: %v", err)
		return
	}
	str := func(name string) (string, bool) {
		v, ok := fields[name]
		if !ok {
			return "", false
		}
		var s string
		if json.Unmarshal(v, &s) != nil {
			return string(v), true // a number, say
		}
		return s, true
	}
	art, ok := str("article")
	if !ok || strings.TrimSpace(art) == "" {
		b.problem(file, line, `no "article" field: summarize reads what stance classify --format jsonl writes`)
		return
	}
	var index int
	if err := json.Unmarshal(fields["index"], &index); err != nil || index < 0 || index >= maxIndex {
		b.problem(file, line, `"index" is %s; want a whole number from 0 to %d`, orMissing(fields["index"]), maxIndex-1)
		return
	}
	t := string(b.cfg.Target)
	label, _ := str(t)
	li := -1
	for i, l := range b.labels {
		if l == label {
			li = i
		}
	}
	if li < 0 {
		b.problem(file, line, "%q is %s; want one of %s", t, orMissing(fields[t]), strings.Join(b.labels, ", "))
		return
	}
	var probs map[string]float64
	if err := json.Unmarshal(fields[t+"_probs"], &probs); err != nil || len(probs) != len(b.labels) {
		b.problem(file, line, "%q is %s; want the probability of each of %s", t+"_probs", orMissing(fields[t+"_probs"]), strings.Join(b.labels, ", "))
		return
	}
	for _, l := range b.labels {
		if p, ok := probs[l]; !ok || !(p >= 0 && p <= 1) {
			b.problem(file, line, "%q has no probability in [0, 1] for %s", t+"_probs", l)
			return
		}
	}
	key := make([]string, len(b.cfg.By))
	for i, k := range b.cfg.By {
		v, ok := str(k.Field)
		if !ok || v == "" {
			key[i] = None
			b.none[k.Field]++
			continue
		}
		if k.Period == "" {
			key[i] = v
			continue
		}
		d, err := parseDate(v, k.Period)
		if err != nil {
			b.problem(file, line, "field %q: %v", k.Field, err)
			return
		}
		key[i] = periodOf(d, k.Period)
	}
	// A sentence read twice is the same shard given twice, or shards
	// that overlap: counting it twice would pass unseen.
	a := b.articles[art]
	if a == nil {
		a = &article{file: file, line: line}
		b.articles[art] = a
	}
	word, bit := index/64, uint64(1)<<(index%64)
	for len(a.seen) <= word {
		a.seen = append(a.seen, 0)
	}
	if a.seen[word]&bit != 0 {
		b.problem(file, line, "article %q sentence %d was read before (its article starts at %s:%d): the same output given twice?", art, index, a.file, a.line)
		return
	}
	a.seen[word] |= bit
	ck := strings.Join(append(key, art), "\x00")
	c := b.clusters[ck]
	if c == nil {
		c = &cluster{key: key, article: art, counts: make([]int, len(b.labels)), probs: make([]float64, len(b.labels))}
		b.clusters[ck] = c
	}
	c.n++
	c.counts[li]++
	for i, l := range b.labels {
		c.probs[i] += probs[l]
	}
	b.total++
}

func orMissing(v json.RawMessage) string {
	if v == nil {
		return "missing"
	}
	if len(v) > 40 {
		return string(v[:40]) + "…"
	}
	return string(v)
}

// Err returns the problems met, each a *labels.ParseError printing
// FILE:LINE: problem, joined, with a count of those past MaxProblems; nil
// if there were none.
func (b *Builder) Err() error {
	if len(b.problems) == 0 {
		return nil
	}
	errs := b.problems
	if b.more > 0 {
		errs = append(errs[:len(errs):len(errs)], fmt.Errorf("and %d more problems", b.more))
	}
	return errors.Join(errs...)
}

// Missing returns, per field named in a key, how many sentences lacked
// it (and so were grouped under None).
func (b *Builder) Missing() map[string]int { return b.none }

func itoa(n int) string { return strconv.Itoa(n) }
