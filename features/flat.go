package features

import (
	"errors"
	"fmt"
	"maps"
	"math/bits"
	"slices"
	"unsafe"

	"github.com/stance-nlp/stance/internal/flatbin"
)

// wordTable maps a word's feature text to its ids: open addressing over
// FNV-1a hashes, the texts in one string. It is a few flat arrays, so a
// model's table can be stored as it is and used where it lies (see
// Vocabulary.AppendBinary), where a map would be rebuilt entry by entry
// each time a process starts.
type wordTable struct {
	slots []uint32  // entry index + 1, 0 for an empty slot; a power of two long
	off   []uint32  // entry i's text is text[off[i]:off[i+1]]
	ids   []wordIDs // entry i's ids
	text  string
}

func fnv1a(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// newWordTable makes the table of m, its entries in the order of keys.
func newWordTable(m map[string]wordIDs, keys []string) wordTable {
	size := 8
	for size < 2*len(keys) {
		size *= 2
	}
	t := wordTable{slots: make([]uint32, size), off: make([]uint32, 0, len(keys)+1), ids: make([]wordIDs, 0, len(keys))}
	n := 0
	for _, k := range keys {
		n += len(k)
	}
	buf := make([]byte, 0, n)
	for _, k := range keys {
		t.off = append(t.off, uint32(len(buf)))
		buf = append(buf, k...)
		t.ids = append(t.ids, m[k])
	}
	t.off = append(t.off, uint32(len(buf)))
	t.text = string(buf)
	mask := uint64(size - 1)
	for i, k := range keys {
		j := fnv1a(k) & mask
		for t.slots[j] != 0 {
			j = (j + 1) & mask
		}
		t.slots[j] = uint32(i + 1)
	}
	return t
}

// get returns the ids of word w.
func (t *wordTable) get(w string) (wordIDs, bool) {
	if len(t.slots) == 0 {
		return wordIDs{}, false
	}
	mask := uint64(len(t.slots) - 1)
	for j := fnv1a(w) & mask; ; j = (j + 1) & mask {
		e := t.slots[j]
		if e == 0 {
			return wordIDs{}, false
		}
		if t.text[t.off[e-1]:t.off[e]] == w {
			return t.ids[e-1], true
		}
	}
}

// The binary form of a Vocabulary (internal/flatbin: little-endian,
// arrays from 8-byte boundaries): "STVOCAB1"; uint32 pair slots, pair
// shift, cue tags, polarity buckets and polarity copies; the word table
// (wordTable.appendBinary); pair keys (uint64) and ids (int32); each cue
// tag (uint32 length, name) and its id; each polarity bucket (uint32
// length, name) and its ids.
const vocabMagic = "STVOCAB1"

// ErrVocabulary is wrapped by the error of ParseVocabulary.
var ErrVocabulary = errors.New("bad vocabulary image")

// AppendBinary appends v's binary form to b, which must be 8-byte aligned
// in memory where it is to be read back without copying.
func (v *Vocabulary) AppendBinary(b []byte) []byte {
	w := flatbin.Writer{B: append(b, vocabMagic...)}
	cues := sortedKeys(v.cue)
	pols := sortedKeys(v.pol)
	copies := 0
	if len(pols) > 0 {
		copies = len(v.pol[pols[0]])
	}
	for _, x := range []int{len(v.bigram.keys), int(v.bigram.shift), len(cues), len(pols), copies} {
		w.U32(uint32(x))
	}
	v.words.appendBinary(&w)
	for _, k := range v.bigram.keys {
		w.U64(k)
	}
	for _, id := range v.bigram.ids {
		w.U32(uint32(id))
	}
	w.Pad()
	for _, tag := range cues {
		w.Str(tag)
		w.U32(uint32(v.cue[tag]))
	}
	for _, bucket := range pols {
		w.Str(bucket)
		for _, id := range v.pol[bucket] {
			w.U32(uint32(id))
		}
	}
	w.Pad()
	return w.B
}

// ParseVocabulary reads a Vocabulary from its binary form (AppendBinary)
// at the start of b, returning it and the bytes after it. Where b is
// 8-byte aligned and the machine little-endian, the tables are used where
// they lie, not copied: b must then not change while the Vocabulary is in
// use. With check, the tables are verified for what lookups rely on
// (every index in range), so bad bytes give an error, never a crash;
// without, the caller vouches for them (bytes built into the program and
// checked by a test).
func ParseVocabulary(b []byte, check bool) (*Vocabulary, []byte, error) {
	r := flatbin.Reader{B: b}
	if string(r.Bytes(len(vocabMagic))) != vocabMagic {
		return nil, nil, fmt.Errorf("%w: not a vocabulary", ErrVocabulary)
	}
	var n [5]int
	for i := range n {
		n[i] = int(r.U32())
	}
	npairs, shift, ncue, npol, copies := n[0], n[1], n[2], n[3], n[4]
	v := &Vocabulary{cue: make(map[string]int32), pol: make(map[string][]int32)} // no size hints: the counts come from the bytes
	v.words = readWordTable(&r)
	v.bigram.keys = r.U64s(npairs)
	v.bigram.ids = int32s(r.U32s(npairs))
	v.bigram.shift = uint(shift)
	r.Pad()
	// Counts read from the bytes bound nothing: stop at the first problem,
	// and never make more than the bytes left could fill.
	for i := 0; i < ncue && r.Err == nil; i++ {
		tag := r.Str()
		v.cue[tag] = int32(r.U32())
	}
	if copies > len(r.B)/4 {
		copies, r.Err = 0, fmt.Errorf("%d polarity copies", copies)
	}
	for i := 0; i < npol && r.Err == nil; i++ {
		bucket := r.Str()
		ids := make([]int32, copies)
		for k := range ids {
			ids[k] = int32(r.U32())
		}
		v.pol[bucket] = ids
	}
	r.Pad()
	if r.Err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrVocabulary, r.Err)
	}
	if check {
		if err := v.check(); err != nil {
			return nil, nil, err
		}
	}
	return v, r.B, nil
}

// appendBinary writes the table: uint32 counts of slots, entries and text
// bytes; slots, offsets, ids (two int32 an entry) and text, each from an
// 8-byte boundary.
func (t *wordTable) appendBinary(w *flatbin.Writer) {
	w.U32(uint32(len(t.slots)))
	w.U32(uint32(len(t.ids)))
	w.U32(uint32(len(t.text)))
	w.Pad()
	for _, x := range t.slots {
		w.U32(x)
	}
	w.Pad()
	for _, x := range t.off {
		w.U32(x)
	}
	w.Pad()
	for _, id := range t.ids {
		w.U32(uint32(id.uni))
		w.U32(uint32(id.half))
	}
	w.B = append(w.B, t.text...)
	w.Pad()
}

// readWordTable reads what appendBinary wrote, using r's bytes where it
// can.
func readWordTable(r *flatbin.Reader) wordTable {
	var t wordTable
	nslots, nent, ntext := int(r.U32()), int(r.U32()), int(r.U32())
	r.Pad()
	t.slots = r.U32s(nslots)
	r.Pad()
	t.off = r.U32s(nent + 1)
	r.Pad()
	if ids := r.U32s(2 * nent); len(ids) > 0 {
		t.ids = unsafe.Slice((*wordIDs)(unsafe.Pointer(unsafe.SliceData(ids))), nent)
	}
	if text := r.Bytes(ntext); len(text) > 0 {
		t.text = unsafe.String(unsafe.SliceData(text), len(text))
	}
	r.Pad()
	return t
}

// int32s is u as int32s, in place.
func int32s(u []uint32) []int32 {
	if len(u) == 0 {
		return nil
	}
	return unsafe.Slice((*int32)(unsafe.Pointer(unsafe.SliceData(u))), len(u))
}

// check verifies what a lookup relies on: a power of two of slots with
// one empty at least (a full table would make a lookup loop), offsets
// that stay inside the text, slots that name entries there are.
func (t *wordTable) check() error {
	switch {
	case len(t.slots) == 0 || len(t.slots)&(len(t.slots)-1) != 0 || len(t.slots) < 2*len(t.ids):
		return fmt.Errorf("%w: %d word slots for %d words", ErrVocabulary, len(t.slots), len(t.ids))
	case len(t.off) != len(t.ids)+1 || t.off[0] != 0 || int(t.off[len(t.off)-1]) != len(t.text):
		return fmt.Errorf("%w: word offsets do not cover the text", ErrVocabulary)
	case !slices.Contains(t.slots, 0):
		return fmt.Errorf("%w: a full table would make lookups loop", ErrVocabulary)
	}
	for _, s := range t.slots {
		if int(s) > len(t.ids) {
			return fmt.Errorf("%w: slot names word %d of %d", ErrVocabulary, s, len(t.ids))
		}
	}
	for i := 1; i < len(t.off); i++ {
		if t.off[i] < t.off[i-1] {
			return fmt.Errorf("%w: word offsets go backwards", ErrVocabulary)
		}
	}
	return nil
}

// check verifies what lookups rely on: the word table's soundness, and a
// pair table a power of two long with an empty slot.
func (v *Vocabulary) check() error {
	if err := v.words.check(); err != nil {
		return err
	}
	p := &v.bigram
	if n := len(p.keys); n == 0 || n&(n-1) != 0 || p.shift != uint(64-bits.TrailingZeros(uint(n))) || len(p.ids) != n || !slices.Contains(p.keys, 0) {
		return fmt.Errorf("%w: pair table of %d slots, shift %d", ErrVocabulary, len(p.keys), p.shift)
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// MaxID returns the largest feature id v holds, or -1: a model reading a
// stored Vocabulary checks it against its feature count.
func (v *Vocabulary) MaxID() int32 {
	top := int32(-1)
	for _, w := range v.words.ids {
		top = max(top, w.uni)
	}
	for _, id := range v.bigram.ids {
		top = max(top, id)
	}
	for _, id := range v.cue {
		top = max(top, id)
	}
	for _, ids := range v.pol {
		for _, id := range ids {
			top = max(top, id)
		}
	}
	return top
}
