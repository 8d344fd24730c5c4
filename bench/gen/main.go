// Command gen writes deterministic news-like input for the benchmarks in
// bench/run.sh: sentences of the built-in corpus with a share of their words
// replaced by words of a large synthetic vocabulary, one sentence per line.
//
//	go run ./bench/gen -n 200000 -seed 1 > input.txt
//	go run ./bench/gen -long 52428800 > long.txt
//	go run ./bench/gen -labelled -n 10000 -catalog cat.jsonl > labelled.jsonl
//
// With -labelled it writes a labelled corpus for `stance eval --data`
// instead: whole corpus articles, their words replaced the same way and
// their sentences keeping their labels, as articles of -events events in
// about one topic family per five events; -catalog names the file that
// says which (see labels/data/README.md for both formats).
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
	"encoding/json"
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
	labelled := fs.Bool("labelled", false, "write N labelled sentences as JSON Lines, whole articles, for stance eval --data")
	events := fs.Int("events", 20, "with -labelled, spread the articles over `K` events")
	catalog := fs.String("catalog", "", "with -labelled, write the articles' catalog (event, topic) to `FILE`")
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
	case *labelled && *long > 0:
		return usageError{"-labelled and -long exclude each other"}
	case *events < 1:
		return usageError{fmt.Sprintf("-events is %d; want 1 or more", *events)}
	case *catalog != "" && !*labelled:
		return usageError{"-catalog needs -labelled"}
	}

	recs, err := labels.Corpus()
	if err != nil {
		return fmt.Errorf("read corpus: %w", err)
	}
	g := newGenerator(recs, *seed, *replace)
	w := bufio.NewWriterSize(stdout, 64<<10)
	if *labelled {
		var cat []labels.Article
		if cat, err = g.writeLabelled(w, *n, *events); err == nil && *catalog != "" {
			err = writeCatalog(*catalog, cat)
		}
	} else if *long > 0 {
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
	recs     []labels.Record
	sents    [][]field // the fields of each of recs
	articles [][]int   // indices of recs, article by article
	rng      *rand.Rand
	zipf     *rand.Zipf
	replace  float64
	buf      []byte
}

func newGenerator(recs []labels.Record, seed uint64, replace float64) *generator {
	g := &generator{recs: recs, replace: replace}
	article := make(map[string]int)
	for i, r := range recs {
		var fs []field
		for _, f := range strings.Fields(r.Text) {
			fs = append(fs, splitField(f))
		}
		g.sents = append(g.sents, fs)
		a, ok := article[r.Article]
		if !ok {
			a = len(g.articles)
			article[r.Article] = a
			g.articles = append(g.articles, nil)
		}
		g.articles[a] = append(g.articles[a], i)
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
func (g *generator) sentence() []byte { return g.sentenceOf(g.rng.IntN(len(g.sents))) }

// sentenceOf is sentence for corpus sentence i.
func (g *generator) sentenceOf(i int) []byte {
	fs := g.sents[i]
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

// writeLabelled writes n labelled sentences as JSON Lines: random corpus
// articles, whole (the last one cut short to make n), with words replaced
// as in sentence and each sentence's labels kept, as articles g000001,
// g000002, … Article k is about event k mod events; topic families hold
// five events each. It returns the catalog of the articles.
func (g *generator) writeLabelled(w *bufio.Writer, n, events int) ([]labels.Article, error) {
	var cat []labels.Article
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for written := 0; written < n; {
		id := fmt.Sprintf("g%06d", len(cat)+1)
		ev := len(cat) % events
		cat = append(cat, labels.Article{
			ID: id, Collection: "generated",
			Event: fmt.Sprintf("2020-01-event-%d", ev+1), Topic: fmt.Sprintf("topic-%d", ev/5+1),
		})
		for k, i := range g.articles[g.rng.IntN(len(g.articles))] {
			if written == n {
				break
			}
			r := g.recs[i]
			r.Article, r.Index, r.Text, r.Note = id, k, string(g.sentenceOf(i)), ""
			if err := enc.Encode(r); err != nil {
				return nil, err
			}
			written++
		}
	}
	return cat, nil
}

// writeCatalog writes the catalog of writeLabelled to the file path.
func writeCatalog(path string, cat []labels.Article) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, a := range cat {
		if err := enc.Encode(a); err != nil {
			return err
		}
	}
	return w.Flush()
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
