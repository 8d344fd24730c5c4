package tag

import (
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/features"
)

// explainTop is how many features a record's explanation lists per target.
const explainTop = 5

// unitWriter is one worker's: it cuts a batch's lines into units, scores
// them and appends their records.
type unitWriter struct {
	s     *classify.Scorer
	enc   Encoder
	lines bool               // each line is one unit
	sp    *features.Splitter // splits lines into sentences unless lines
	pool  *sync.Pool         // record buffers
}

// batch classifies every line of b and appends the records to b.out.
func (u *unitWriter) batch(b *batch) {
	if b.parts != nil {
		u.longLine(b)
		return
	}
	if p, ok := u.pool.Get().(*[]byte); ok {
		b.out = (*p)[:0]
	}
	for i := range b.ends {
		line := b.line(i)
		n := b.first + i
		if u.lines {
			b.out = u.record(b.out, n, line)
			continue
		}
		for _, sent := range u.sp.Sentences(line) {
			b.out = u.record(b.out, n, sent)
		}
	}
	b.text, b.ends = "", nil
}

// longLine classifies a line that arrives in parts. With Lines it is one
// unit, scored part by part with the result of scoring it whole; its
// record shows the first recordTextMax bytes. Otherwise each part is split
// into sentences (a sentence cut by a part boundary becomes two).
func (u *unitWriter) longLine(b *batch) {
	if !u.lines {
		// Many records: hand them to the writer part by part rather than
		// holding them all.
		for part := range b.parts {
			var out []byte
			for _, sent := range u.sp.Sentences(string(part)) {
				out = u.record(out, b.first, sent)
			}
			b.outParts <- out
		}
		close(b.outParts)
		return
	}
	defer close(b.outParts)
	u.s.Begin()
	var head []byte
	total := 0
	for part := range b.parts {
		if len(head) < recordTextMax {
			head = append(head, part[:min(len(part), recordTextMax-len(head))]...)
		}
		total += len(part)
		u.s.AddPart(string(part))
	}
	for len(head) > 0 && !utf8.Valid(head) { // cut inside a rune: drop its start
		head = head[:len(head)-1]
	}
	preds := u.s.End()
	text := string(head)
	if total > len(head) {
		text += "…"
		b.note = "line " + strconv.Itoa(b.first) + " is " + strconv.Itoa(total) + " bytes long: it was classified whole, and its record shows the first " + strconv.Itoa(len(head)) + " bytes of its text"
	}
	var why [][]classify.Contribution
	if u.enc.Explain {
		why = u.s.Why(preds, explainTop)
	}
	b.out = u.enc.Append(b.out, b.first, text, preds, why)
}

// record scores one unit and appends its record.
func (u *unitWriter) record(out []byte, line int, text string) []byte {
	var preds []classify.Prediction
	var why [][]classify.Contribution
	if u.enc.Explain {
		preds, why = u.s.Explain(text, explainTop)
	} else {
		preds = u.s.Score(text)
	}
	return u.enc.Append(out, line, text, preds, why)
}
