package features

import (
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math/bits"
	"slices"
	"unsafe"
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

// The binary form of a Vocabulary, little-endian, every array starting
// on an 8-byte boundary:
//
//	"STVOCAB1", then uint32 counts: slots, entries, text bytes, pair
//	slots, pair shift, cue tags, polarity buckets, polarity copies;
//	slots []uint32, off []uint32 (entries+1), ids []int32 (2 per entry),
//	text, pair keys []uint64, pair ids []int32; then each cue tag and each
//	polarity bucket as a uint32 length, the name, and its id(s) as int32.
const vocabMagic = "STVOCAB1"

// ErrVocabulary is wrapped by the error of ParseVocabulary.
var ErrVocabulary = errors.New("bad vocabulary image")

// AppendBinary appends v's binary form to b, which must be 8-byte aligned
// in memory where it is to be read back without copying.
func (v *Vocabulary) AppendBinary(b []byte) []byte {
	b = append(b, vocabMagic...)
	u32 := func(x uint32) { b = binary.LittleEndian.AppendUint32(b, x) }
	pad := func() {
		for len(b)%8 != 0 {
			b = append(b, 0)
		}
	}
	cues := sortedKeys(v.cue)
	pols := sortedKeys(v.pol)
	copies := 0
	if len(pols) > 0 {
		copies = len(v.pol[pols[0]])
	}
	for _, x := range []int{len(v.bigram.keys), int(v.bigram.shift), len(cues), len(pols), copies} {
		u32(uint32(x))
	}
	b = v.words.appendBinary(b)
	for _, k := range v.bigram.keys {
		b = binary.LittleEndian.AppendUint64(b, k)
	}
	for _, id := range v.bigram.ids {
		u32(uint32(id))
	}
	pad()
	for _, tag := range cues {
		u32(uint32(len(tag)))
		b = append(b, tag...)
		u32(uint32(v.cue[tag]))
	}
	for _, bucket := range pols {
		u32(uint32(len(bucket)))
		b = append(b, bucket...)
		for _, id := range v.pol[bucket] {
			u32(uint32(id))
		}
	}
	pad()
	return b
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
	r := reader{b: b}
	if string(r.bytes(len(vocabMagic))) != vocabMagic {
		return nil, nil, fmt.Errorf("%w: not a vocabulary", ErrVocabulary)
	}
	var n [5]int
	for i := range n {
		n[i] = int(r.u32())
	}
	npairs, shift, ncue, npol, copies := n[0], n[1], n[2], n[3], n[4]
	v := &Vocabulary{cue: make(map[string]int32), pol: make(map[string][]int32)} // no size hints: the counts come from the bytes
	v.words = r.wordTable()
	v.bigram.keys = r.u64s(npairs)
	pids := r.u32s(npairs)
	if r.err == nil {
		v.bigram.ids = unsafe.Slice((*int32)(unsafe.Pointer(unsafe.SliceData(pids))), npairs)
	}
	v.bigram.shift = uint(shift)
	r.pad()
	// Counts read from the bytes bound nothing: stop at the first problem,
	// and never make more than the bytes left could fill.
	for i := 0; i < ncue && r.err == nil; i++ {
		tag := string(r.bytes(int(r.u32())))
		v.cue[tag] = int32(r.u32())
	}
	if copies > len(r.b)/4 {
		copies, r.err = 0, fmt.Errorf("%w: %d polarity copies", ErrVocabulary, copies)
	}
	for i := 0; i < npol && r.err == nil; i++ {
		bucket := string(r.bytes(int(r.u32())))
		ids := make([]int32, copies)
		for k := range ids {
			ids[k] = int32(r.u32())
		}
		v.pol[bucket] = ids
	}
	r.pad()
	if r.err != nil {
		return nil, nil, r.err
	}
	if check {
		if err := v.check(); err != nil {
			return nil, nil, err
		}
	}
	return v, r.b, nil
}

// appendBinary appends the table: uint32 counts of slots, entries and
// text bytes; slots, offsets, ids (two int32 an entry) and text, each
// from an 8-byte boundary of b.
func (t *wordTable) appendBinary(b []byte) []byte {
	u32 := func(x uint32) { b = binary.LittleEndian.AppendUint32(b, x) }
	pad := func() {
		for len(b)%8 != 0 {
			b = append(b, 0)
		}
	}
	u32(uint32(len(t.slots)))
	u32(uint32(len(t.ids)))
	u32(uint32(len(t.text)))
	pad()
	for _, x := range t.slots {
		u32(x)
	}
	pad()
	for _, x := range t.off {
		u32(x)
	}
	pad()
	for _, w := range t.ids {
		u32(uint32(w.uni))
		u32(uint32(w.half))
	}
	b = append(b, t.text...)
	pad()
	return b
}

// wordTable reads what appendBinary wrote, using r's bytes where it can.
func (r *reader) wordTable() wordTable {
	var t wordTable
	nslots, nent, ntext := int(r.u32()), int(r.u32()), int(r.u32())
	r.pad()
	t.slots = r.u32s(nslots)
	r.pad()
	t.off = r.u32s(nent + 1)
	r.pad()
	ids := r.u32s(2 * nent)
	if r.err == nil && nent > 0 {
		t.ids = unsafe.Slice((*wordIDs)(unsafe.Pointer(unsafe.SliceData(ids))), nent)
	}
	if text := r.bytes(ntext); len(text) > 0 {
		t.text = unsafe.String(unsafe.SliceData(text), len(text))
	}
	r.pad()
	return t
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

// reader reads the binary form, remembering the first problem.
type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) bytes(n int) []byte {
	if r.err != nil || n < 0 || n > len(r.b) {
		if r.err == nil {
			r.err = fmt.Errorf("%w: cut short", ErrVocabulary)
		}
		return nil
	}
	out := r.b[:n:n]
	r.b, r.off = r.b[n:], r.off+n
	return out
}

func (r *reader) u32() uint32 {
	b := r.bytes(4)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint32(b)
}

func (r *reader) pad() {
	if n := r.off % 8; n != 0 {
		r.bytes(8 - n)
	}
}

func (r *reader) u32s(n int) []uint32 {
	b := r.bytes(4 * n)
	if b == nil {
		return nil
	}
	return Uint32s(b)
}

func (r *reader) u64s(n int) []uint64 {
	b := r.bytes(8 * n)
	if b == nil {
		return nil
	}
	if aligned(b, 8) && littleEndian {
		return unsafe.Slice((*uint64)(unsafe.Pointer(unsafe.SliceData(b))), n)
	}
	out := make([]uint64, n)
	for i := range out {
		out[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	return out
}

// Uint32s returns b as little-endian uint32s: b itself where it is
// aligned and the machine little-endian, else a copy.
func Uint32s(b []byte) []uint32 {
	n := len(b) / 4
	if n == 0 {
		return nil
	}
	if aligned(b, 4) && littleEndian {
		return unsafe.Slice((*uint32)(unsafe.Pointer(unsafe.SliceData(b))), n)
	}
	out := make([]uint32, n)
	for i := range out {
		out[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return out
}

func aligned(b []byte, n uintptr) bool {
	return len(b) == 0 || uintptr(unsafe.Pointer(unsafe.SliceData(b)))%n == 0
}

var littleEndian = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}()

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
