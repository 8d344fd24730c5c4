// Command gen writes deterministic news-like input for the benchmarks in
// bench/run.sh: sentences of the built-in corpus with a share of their words
// replaced by words of a large synthetic vocabulary, one sentence per line.
//
//	go run ./bench/gen -n 200000 -seed 1 > input.txt
//	go run ./bench/gen -long 52428800 > long.txt
//
// The corpus has only 161 sentences, so classifying copies of them would
// measure a model that has seen every word. Real news brings words the model
// has never met; here they come from a Zipf-distributed vocabulary (a few
// words frequent, most rare, as in text), so the unseen-word rate is set by
// -replace and the vocabulary lookups miss as they would on real input.
//
// The same flags and the same corpus give the same bytes: all randomness
// comes from a PCG seeded by -seed, never from the global source.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/stance-nlp/stance/labels"
)

func main() {
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	case errors.As(err, new(usageError)):
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// usageError is a bad flag value; main exits 2 for it.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// Vocabulary shape. zipfS a little above 1 gives the long tail of word
// frequencies in text: of a million ranks, most draws fall among a few
// thousand short words, which repeat as names and terms do in news, and the
// rest are rare. With -replace 0.3 lines average about 148 bytes, close to
// the 145 of the input the issue measured (200,000 lines, ~29 MB).
const (
	zipfS     = 1.2
	zipfV     = 1
	vocabSize = 1_000_000
)

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 200_000, "write `N` sentences, one per line")
	seed := fs.Uint64("seed", 1, "random `seed`; the same seed gives the same output")
	replace := fs.Float64("replace", 0.3, "`share` of words replaced by synthetic words, 0 to 1")
	long := fs.Int64("long", 0, "instead of sentences, write one line of `BYTES` bytes (newline not counted)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: go run ./bench/gen [flags] > FILE")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	switch {
	case fs.NArg() > 0:
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	case *n < 0:
		return usageError{fmt.Sprintf("-n is %d; want 0 or more", *n)}
	case *replace < 0 || *replace > 1:
		return usageError{fmt.Sprintf("-replace is %g; want 0 to 1", *replace)}
	case *long < 0:
		return usageError{fmt.Sprintf("-long is %d; want 0 or more", *long)}
	}

	recs, err := labels.Corpus()
	if err != nil {
		return fmt.Errorf("read corpus: %w", err)
	}
	g := newGenerator(recs, *seed, *replace)
	w := bufio.NewWriterSize(stdout, 64<<10)
	if *long > 0 {
		err = g.writeLong(w, *long)
	} else {
		for range *n {
			if _, err = w.Write(g.sentence()); err != nil {
				break
			}
			if err = w.WriteByte('\n'); err != nil {
				break
			}
		}
	}
	if err != nil {
		return err
	}
	return w.Flush()
}

// field is one space-separated piece of a corpus sentence split around its
// word: `“Moscow’s` -> pre `“`, word `Moscow`, post `’s`. Only the word is
// ever replaced, so quotes, possessives and clause punctuation survive.
type field struct {
	pre, word, post string
}

// generator draws sentences. It keeps one output buffer, reused per line.
type generator struct {
	sents   [][]field
	rng     *rand.Rand
	zipf    *rand.Zipf
	replace float64
	buf     []byte
}

func newGenerator(recs []labels.Record, seed uint64, replace float64) *generator {
	g := &generator{replace: replace}
	for _, r := range recs {
		var fs []field
		for _, f := range strings.Fields(r.Text) {
			fs = append(fs, splitField(f))
		}
		g.sents = append(g.sents, fs)
	}
	// The second PCG word is fixed so that -seed alone names the stream.
	g.rng = rand.New(rand.NewPCG(seed, 0x5ca1ab1e))
	g.zipf = rand.NewZipf(g.rng, zipfS, zipfV, vocabSize-1)
	return g
}

// splitField cuts f into leading punctuation, a word of letters, and the
// rest: `(Reuters)` -> [( Reuters )]; a field with no letters is all pre.
func splitField(f string) field {
	start := strings.IndexFunc(f, unicode.IsLetter)
	if start < 0 {
		return field{pre: f}
	}
	end := start
	for end < len(f) {
		r, size := utf8.DecodeRuneInString(f[end:])
		if !unicode.IsLetter(r) {
			break
		}
		end += size
	}
	return field{pre: f[:start], word: f[start:end], post: f[end:]}
}

// sentence returns a random corpus sentence with about a share g.replace of
// its words replaced. One-letter words ("a", the "U" of "U.S.") are kept so
// acronyms stay acronyms. The slice is reused by the next call.
func (g *generator) sentence() []byte {
	fs := g.sents[g.rng.IntN(len(g.sents))]
	b := g.buf[:0]
	for i, f := range fs {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, f.pre...)
		if len(f.word) > 1 && g.rng.Float64() < g.replace {
			first, _ := utf8.DecodeRuneInString(f.word)
			b = appendWord(b, g.zipf.Uint64(), unicode.IsUpper(first))
		} else {
			b = append(b, f.word...)
		}
		b = append(b, f.post...)
	}
	g.buf = b
	return b
}

// writeLong writes sentences joined by spaces as one line of exactly n
// bytes and a newline: the input for the memory check on a huge line.
// Sentences are cut only between runes, and the tail is padded with spaces.
func (g *generator) writeLong(w *bufio.Writer, n int64) error {
	for n > 0 {
		s := g.sentence()
		if int64(len(s)) > n {
			cut := int(n)
			for cut > 0 && !utf8.RuneStart(s[cut]) {
				cut--
			}
			if _, err := w.Write(s[:cut]); err != nil {
				return err
			}
			if _, err := w.WriteString(strings.Repeat(" ", int(n)-cut)); err != nil {
				return err
			}
			break
		}
		if _, err := w.Write(s); err != nil {
			return err
		}
		n -= int64(len(s))
		if n > 0 {
			if err := w.WriteByte(' '); err != nil {
				return err
			}
			n--
		}
	}
	return w.WriteByte('\n')
}

// Syllables of synthetic words: consonant then vowel, so words read like
// words and their length grows with rank as in natural vocabularies
// (frequent words are short).
const (
	consonants = "bdfgklmnprstvz"
	vowels     = "aeiou"
)

// appendWord appends the synthetic word of Zipf rank r, a bijective
// base-70 numeral of consonant-vowel syllables, so each rank has its own
// word: 0 -> "ba", 69 -> "zu", 70 -> "baba". Every third rank ends in "n"
// ("ban"), which keeps words distinct because a syllable never does.
func appendWord(b []byte, r uint64, capital bool) []byte {
	const base = uint64(len(consonants) * len(vowels))
	start := len(b)
	x := r + 1
	for x > 0 {
		x--
		d := x % base
		c, v := consonants[d/uint64(len(vowels))], vowels[d%uint64(len(vowels))]
		if capital && len(b) == start {
			c -= 'a' - 'A'
		}
		b = append(b, c, v)
		x /= base
	}
	if r%3 == 2 {
		b = append(b, 'n')
	}
	return b
}
