package features

import (
	_ "embed"
	"fmt"
	"slices"
	"sync"

	"github.com/stance-nlp/stance/internal/flatbin"
)

// vaderBin is VADER's lexicon as a flat table: words and valences, made
// from govader's data by go test ./features -update (TestVaderTable holds
// it to that data, word for word). The extractor looks a word's valence
// up in it where it lies; parsing govader's gzipped text into a map had
// cost every start of `stance classify` 3 ms. vaderValence, the map, is
// for what wants every word (training's lexicon prior).
//
//go:embed vader.bin
var vaderBin []byte

const vaderMagic = "STVADER1"

// valences is a word -> valence table.
type valences struct {
	words wordTable // a word's entry number is its ids.uni
	val   []float64
}

// vaderTable is vaderBin, read once, without the checks: it is compiled
// in and TestVaderTable checks it, and the checks read every page of it
// (a fiftieth of a start of classify).
var vaderTable = sync.OnceValue(func() *valences {
	v, err := parseValences(vaderBin, false)
	if err != nil {
		panic("features: the VADER table: " + err.Error()) // compiled in, and tested
	}
	return v
})

// newValences makes the table of lex, words in sorted order.
func newValences(lex map[string]float64) *valences {
	keys := sortedKeys(lex)
	ids := make(map[string]wordIDs, len(keys))
	v := &valences{val: make([]float64, len(keys))}
	for i, k := range keys {
		ids[k] = wordIDs{uni: int32(i), half: -1}
		v.val[i] = lex[k]
	}
	v.words = newWordTable(ids, keys)
	return v
}

// get returns the valence of word w, 0 for a word the table lacks.
func (v *valences) get(w string) float64 {
	if id, ok := v.words.get(w); ok {
		return v.val[id.uni]
	}
	return 0
}

func (v *valences) appendBinary(b []byte) []byte {
	w := flatbin.Writer{B: append(b, vaderMagic...)}
	v.words.appendBinary(&w)
	for _, x := range v.val {
		w.F64(x)
	}
	return w.B
}

// parseValences reads a table written by appendBinary. With check, the
// table is verified so that bad bytes give an error, not a crash.
func parseValences(b []byte, check bool) (*valences, error) {
	r := flatbin.Reader{B: b}
	if string(r.Bytes(len(vaderMagic))) != vaderMagic {
		return nil, ErrVocabulary
	}
	v := &valences{words: readWordTable(&r)}
	v.val = r.F64s(len(v.words.ids))
	if r.Err != nil {
		return nil, fmt.Errorf("%w: %v", ErrVocabulary, r.Err)
	}
	if !check {
		return v, nil
	}
	if err := v.words.check(); err != nil {
		return nil, err
	}
	if slices.ContainsFunc(v.words.ids, func(w wordIDs) bool { return w.uni < 0 || int(w.uni) >= len(v.val) }) {
		return nil, ErrVocabulary
	}
	return v, nil
}
