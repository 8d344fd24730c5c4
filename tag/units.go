package tag

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/stance-nlp/stance/archive"
	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/labels"
)

// explainTop is how many features a record's explanation lists per target.
const explainTop = 5

// unitWriter is one worker's: it cuts a batch's lines into units, scores
// them and appends their records.
type unitWriter struct {
	s       *classify.Scorer
	enc     Encoder
	lines   bool               // each line is one unit
	keepAll bool               // keep lines that are not article body
	sp      *features.Splitter // splits lines into sentences
	free    chan []byte        // record buffers written out, for reuse
	lower   []byte             // a line in lower case (mayNotBeBody)
	sents   []string           // a line's sentences, reused from line to line
	// The current article's sentences, scored and held until its last so
	// that each is labelled in the context of the others
	// (classify.Model.InContext); reused from article to article.
	m       *classify.Model
	context bool // the model weighs an article's other sentences
	units   []Unit
	preds   [][]classify.Prediction // per unit; len(units) of them in use
}

// batch classifies every line, or every document, of b and appends the
// records to b.out.
func (u *unitWriter) batch(b *batch) {
	if b.parts != nil {
		u.longLine(b)
		return
	}
	select {
	case b.out = <-u.free:
	default:
	}
	if b.docs != nil {
		for _, d := range b.docs {
			u.doc(b, d)
		}
		b.out = u.flush(b.out) // the batch's last article of split's output
		clear(b.docs)          // let the texts go; the count stays, for progress
		return
	}
	for i := range b.ends {
		line := b.line(i)
		n := b.first + i
		if u.lines {
			b.out = u.record(b.out, Unit{Line: n, Text: line})
			continue
		}
		k := 0
		u.body(b, line, func(_ int, sent string) {
			b.out = u.add(b.out, Unit{Line: n, Index: k, Text: sent})
			k++
		})
		b.out = u.flush(b.out)
	}
	b.releaseText()
}

// body calls emit with each body sentence of text and the line of text
// it starts on, and counts in b the lines it leaves out: the lines of an
// article that `stance split` leaves out (features.Splitter.Article),
// unless keepAll.
func (u *unitWriter) body(b *batch, text string, emit func(line int, sent string)) {
	oneLine := !strings.Contains(text, "\n") // a line of a stream
	if oneLine && (u.keepAll || !mayNotBeBody(text, &u.lower)) {
		u.sents = u.sp.AppendSentences(u.sents[:0], text)
		for _, sent := range u.sents {
			emit(1, sent)
		}
		return
	}
	if u.keepAll {
		for i, line := range strings.Split(text, "\n") {
			for _, sent := range u.sp.Sentences(line) {
				emit(i+1, sent)
			}
		}
		return
	}
	for _, unit := range u.sp.Article(text) {
		if unit.Excluded() {
			if b.excluded == nil {
				b.excluded = make(map[string]int)
			}
			b.excluded[unit.Reason]++
			continue
		}
		emit(unit.Line, unit.Text)
	}
}

// doc classifies one document: a sentence of split's output whole, in
// the context of the sentences of its article around it; with
// lines each line of its text, empty ones included; otherwise each body
// sentence, indexed as split indexes them.
func (u *unitWriter) doc(b *batch, d archive.Doc) {
	fields := passThrough(d.Fields)
	if len(u.units) > 0 && (!d.Sentence || u.units[0].Article != d.ID) {
		b.out = u.flush(b.out) // the end of an article of split's output
	}
	switch {
	case d.Sentence:
		// Held with the article's other sentences until the next article
		// (readDocs keeps an article's sentences in one batch).
		b.out = u.add(b.out, Unit{Article: d.ID, Index: d.Index, Text: d.Text, Fields: fields})
	case u.lines:
		for i, line := range strings.Split(strings.TrimSuffix(d.Text, "\n"), "\n") {
			b.out = u.record(b.out, Unit{Article: d.ID, Index: i, Line: i + 1, Text: strings.TrimSuffix(line, "\r"), Fields: fields})
		}
	default:
		k := 0
		u.body(b, d.Text, func(line int, sent string) {
			b.out = u.add(b.out, Unit{Article: d.ID, Index: k, Line: line, Text: sent, Fields: fields})
			k++
		})
		b.out = u.flush(b.out)
	}
}

// passThrough renames a passed-through field whose name a record uses for
// itself (article, text, stance…) to "input_" and its name, so that both
// are kept.
func passThrough(fs []archive.Field) []archive.Field {
	var out []archive.Field
	for i, f := range fs {
		if !ownField(f.Name) {
			continue
		}
		if out == nil {
			out = slices.Clone(fs)
		}
		out[i].Name = "input_" + f.Name
	}
	if out == nil {
		return fs
	}
	return out
}

// ownField reports whether a record of classify has a field named name.
func ownField(name string) bool {
	switch name {
	case "article", "index", "line", "text", "explain":
		return true
	}
	for _, t := range labels.Targets() {
		switch name {
		case string(t), string(t) + "_p", string(t) + "_probs":
			return true
		}
	}
	return false
}

// longLine classifies a line that arrives in parts. With Lines it is one
// unit, scored part by part with the result of scoring it whole; its
// record shows the first recordTextMax bytes. Otherwise each part is split
// into sentences (a sentence cut by a part boundary becomes two).
func (u *unitWriter) longLine(b *batch) {
	if !u.lines {
		// Many records: hand them to the writer part by part rather than
		// holding them all. A line this long is never a byline: it is
		// split, not checked for being article body.
		k := 0
		for part := range b.parts {
			var out []byte
			for _, sent := range u.sp.Sentences(string(part)) {
				out = u.record(out, Unit{Line: b.first, Index: k, Text: sent})
				k++
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
	b.out = u.enc.AppendUnit(b.out, Unit{Line: b.first, Text: text}, preds, why)
}

// add scores one sentence of the current article. Without article
// context it appends its record at once; with it, the sentence is held
// until flush.
func (u *unitWriter) add(out []byte, unit Unit) []byte {
	if !u.context {
		return u.record(out, unit)
	}
	k := len(u.units)
	u.units = append(u.units, unit)
	preds := u.s.ScoreLogits(unit.Text) // flush makes the probabilities
	if k == len(u.preds) {
		u.preds = append(u.preds, classify.ClonePredictions(preds))
		return out
	}
	keep := u.preds[k]
	for t, p := range preds {
		q := &keep[t]
		copy(q.Logits, p.Logits)
		q.NoEvidence, q.Context = p.NoEvidence, q.Context[:0]
	}
	return out
}

// flush labels the sentences of the current article held by add in the
// context of each other, and appends their records.
func (u *unitWriter) flush(out []byte) []byte {
	n := len(u.units)
	if n == 0 {
		return out
	}
	u.m.InContext(u.preds[:n])
	for i, unit := range u.units {
		var why [][]classify.Contribution
		if u.enc.Explain {
			u.s.Score(unit.Text) // the sentence's features, for Why
			why = u.s.Why(u.preds[i], explainTop)
		}
		out = u.enc.AppendUnit(out, unit, u.preds[i], why)
	}
	clear(u.units) // let the texts go
	u.units = u.units[:0]
	return out
}

// record scores one unit and appends its record.
func (u *unitWriter) record(out []byte, unit Unit) []byte {
	var preds []classify.Prediction
	var why [][]classify.Contribution
	if u.enc.Explain {
		preds, why = u.s.Explain(unit.Text, explainTop)
	} else {
		preds = u.s.Score(unit.Text)
	}
	return u.enc.AppendUnit(out, unit, preds, why)
}
