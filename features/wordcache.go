package features

import "encoding/binary"

// wordCache is what an Extractor knows of the word types it has seen: a
// wordInfo each, worked out on first sight (lookupWord) and found again
// through a small direct-mapped cache (front) in front of a map. New
// wordInfos come from chunks that are reused once the cache lets their
// words go (see chunks).
type wordCache struct {
	front    front                // in front of words (see word)
	words    map[string]*wordInfo // every word cached
	slab     []wordInfo           // where new wordInfos are made
	arena    []byte               // where their final texts are written
	inUse    chunks               // chunks of the words in the cache
	retired  chunks               // chunks of words it let go, in this sentence
	spare    chunks               // chunks free for new words
	maxWords int                  // the cache's bound: maxWordCache but in tests
}

// maxWordCache bounds the word cache so memory stays flat on an endless
// stream of new words; the cache is emptied when full. News text repeats
// its few thousand common words, but a large archive also has a long tail
// of names and numbers: at 16,384 words the cache was emptied 14 times in
// 100,000 generated sentences and remade 2.6 times as many words as it
// held; at 65,536 (some 10 MB a worker) once, and paragraph mode took
// 8-12% less CPU (GOMAXPROCS=1, side by side).
const maxWordCache = 1 << 16

// front is a cache of 16,384 words (384 KiB) in front of the word map,
// for words of up to 15 bytes held as a wordKey: the frequent words of a
// text stay in it, and are found with one multiplication and two or four
// comparisons, where a map lookup hashes the word and reads three places
// in memory. It has two ways: a new word takes the second of its set, and
// a word found there again moves to the first, so the long tail of rare
// words evicts rare words, not the frequent ones. On 100,000 generated
// sentences that left 199,354 of 2.8 million words to the map, where a
// cache of one way, as large, left 294,106.
type front [8192][2]struct {
	key  wordKey
	info *wordInfo
}

// wordKey is a word of up to 15 bytes packed into two integers, the front
// cache's key: its bytes, zero-padded, with its length in the top byte of
// the second. The zero key is no word: a longer word has none. The
// tokenizer packs each word as it scans it (wordKey.setLetters, setByte,
// withLen), which costs less than packing it again (packWord):
//
//	"talks" -> {0x00000073_6b6c6174, 0x05000000_00000000}
type wordKey [2]uint64

// packWord returns the key of w, or the zero key if w is longer than 15
// bytes.
func packWord(w []byte) wordKey {
	if len(w) > 15 {
		return wordKey{}
	}
	var k [16]byte
	copy(k[:], w)
	k[15] = byte(len(w))
	return wordKey{binary.LittleEndian.Uint64(k[:8]), binary.LittleEndian.Uint64(k[8:])}
}

// setLetters sets bytes 8i to 8i+n-1 of the word (i is 0 or 1) to the
// first n bytes of the little-endian word lower (n up to 8).
func (k *wordKey) setLetters(i int, lower uint64, n int) {
	k[i] = lower & (1<<(8*n) - 1) // n = 8 shifts past the top: all ones
}

// setByte sets byte p of the word (p < 16), which must be zero, to c.
func (k *wordKey) setByte(p int, c byte) {
	k[p/8] |= uint64(c) << (8 * (p % 8))
}

// withLen returns the key of the word of n bytes (at most 15) packed so
// far.
func (k wordKey) withLen(n int) wordKey { return wordKey{k[0], k[1] | uint64(n)<<56} }

// word returns what x knows of the word w, working it out on first sight.
// key is w's key, or the zero key to have it made here.
func (x *Extractor) word(w []byte, key wordKey) *wordInfo {
	if key[1] == 0 { // a packed word has its length in the top byte
		if key = packWord(w); key[1] == 0 {
			return x.lookupWord(w)
		}
	}
	lo, hi := key[0], key[1]
	set := &x.front[((lo^hi<<7)*0x9E3779B97F4A7C15)>>51]
	if set[0].key == key { // an empty entry has the zero key: no match
		return set[0].info
	}
	if set[1].key == key { // seen again: to the way new words do not take
		set[0], set[1] = set[1], set[0]
		return set[0].info
	}
	info := x.lookupWord(w)
	set[1].key, set[1].info = key, info
	return info
}

// lookupWord is word past the front cache.
func (x *Extractor) lookupWord(w []byte) *wordInfo {
	if info, ok := x.words[string(w)]; ok {
		return info
	}
	if len(x.words) >= x.maxWords {
		// Start afresh, front cache too. The words' chunks retire: items
		// of the sentence in progress may still point into them, so they
		// are reused only from the next sentence on (see recycle).
		clear(x.words)
		x.front = front{}
		x.retired.take(&x.inUse)
		x.slab, x.arena = nil, nil
	}
	s := string(w)
	if len(x.slab) == cap(x.slab) {
		x.slab = x.spare.infoChunk()
		x.inUse.infos = append(x.inUse.infos, x.slab)
	}
	x.slab = x.slab[:len(x.slab)+1]
	info := &x.slab[len(x.slab)-1]
	*info = wordInfo{
		word:    s,
		stop:    isStopWord(s),
		negator: isNegator(s),
		negVerb: isNegatingVerb(s),
		isTo:    s == "to",
		valence: x.lex.get(s),
		starts:  x.starts[s],
	}
	if n := 2*len(w) + 8; cap(x.arena)-len(x.arena) < n {
		x.arena = x.spare.byteChunk(n)
		x.inUse.bytes = append(x.inUse.bytes, x.arena)
	}
	start := len(x.arena)
	if x.s.Stem {
		x.arena = appendStem(x.arena, w)
	} else {
		x.arena = append(x.arena, w...) // w is the tokenizer's buffer
	}
	info.final = x.arena[start:len(x.arena):len(x.arena)]
	x.words[s] = info
	return info
}

// New words come from chunks of wordInfos and of bytes: most of them are
// seen once, and one allocation per chunk costs far less than two per
// word. Chunks are reused once the word cache has let go of their words,
// so a long run makes little garbage.
type chunks struct {
	infos [][]wordInfo
	bytes [][]byte
}

// take moves c's chunks to cs.
func (cs *chunks) take(c *chunks) {
	cs.infos = append(cs.infos, c.infos...)
	cs.bytes = append(cs.bytes, c.bytes...)
	c.infos, c.bytes = c.infos[:0], c.bytes[:0]
}

// infoChunk returns an empty chunk of wordInfos, a spare one if any.
func (cs *chunks) infoChunk() []wordInfo {
	if n := len(cs.infos); n > 0 {
		c := cs.infos[n-1][:0]
		cs.infos = cs.infos[:n-1]
		return c
	}
	return make([]wordInfo, 0, slabChunk)
}

// byteChunk returns an empty chunk of at least n bytes, a spare one if any
// is big enough.
func (cs *chunks) byteChunk(n int) []byte {
	if k := len(cs.bytes); k > 0 && cap(cs.bytes[k-1]) >= n {
		c := cs.bytes[k-1][:0]
		cs.bytes = cs.bytes[:k-1]
		return c
	}
	return make([]byte, 0, max(arenaChunk, n))
}

// Prefault writes every page of the front cache once, emptying it (its
// words stay in the map), for a long run: see classify.Scorer.Prefault.
// An empty word map is made again at its full size, which a long run
// reaches anyway, so that it is not rehashed as it grows: on 200,000
// sentences 5.6% less CPU with --lines, 1% in paragraph mode (perf stat,
// five alternating pairs). Call it between sentences.
func (x *Extractor) Prefault() {
	x.front = front{}
	if len(x.words) == 0 {
		x.words = make(map[string]*wordInfo, x.maxWords)
	}
}

// recycle makes the retired chunks spare. It is called between sentences,
// when no item points into them.
func (x *Extractor) recycle() {
	if len(x.retired.infos)+len(x.retired.bytes) > 0 {
		x.spare.take(&x.retired)
	}
}

// Sizes of the chunks new words are made from (see lookupWord).
const (
	slabChunk  = 256
	arenaChunk = 16 << 10
)
