package annotation

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/stance-nlp/stance/agreement"
	"github.com/stance-nlp/stance/internal/termsafe"
	"github.com/stance-nlp/stance/labels"
)

// PickDisagreement marks an adjudicator's decision in a log: the sentence
// was shown because its annotators disagreed.
const PickDisagreement = "disagreement"

// Item is one sentence as several annotators labelled it.
type Item struct {
	Key    Key
	Text   string
	Labels [][]string // Labels[c][t]: annotator c's label for target t (labels.Targets order), "" for none
	Notes  []string   // Notes[c]: annotator c's note, if any
}

// agreed returns the label the annotators who labelled target t gave, and
// whether they gave one label between them (false when they disagree or
// none labelled it).
func (it Item) agreed(t int) (string, bool) {
	got := ""
	for _, ls := range it.Labels {
		switch l := ls[t]; {
		case l == "":
		case got == "":
			got = l
		case l != got:
			return "", false
		}
	}
	return got, got != ""
}

// disputed reports whether any target has two different labels.
func (it Item) disputed() bool {
	for t := range labels.Targets() {
		if _, ok := it.agreed(t); !ok && it.labelled(t) {
			return true
		}
	}
	return false
}

func (it Item) labelled(t int) bool {
	return slices.ContainsFunc(it.Labels, func(ls []string) bool { return ls[t] != "" })
}

// Adjudication is one adjudicator deciding the sentences that annotators
// labelled differently. Decisions go to a label log (see Log), so a walk
// can stop at any point and resume; Gold merges them with the labels the
// annotators agreed on.
type Adjudication struct {
	Coders []string // the annotators, in the order of the files
	Items  []Item   // every sentence any annotator has, in the first file's order
	name   string
	log    *Log
	now    func() time.Time
}

// NewAdjudication prepares adjudicator's walk over anns, recording in log
// (which may hold earlier decisions: they are kept). The annotations must
// be of the same sentences, as agreement.FromRecords checks, and every
// decision in the log must be about one of them with the same text.
func NewAdjudication(anns []agreement.Annotation, adjudicator string, log *Log) (*Adjudication, error) {
	if adjudicator == "" {
		return nil, errors.New("no adjudicator named")
	}
	if len(anns) < 2 {
		return nil, fmt.Errorf("adjudication needs two or more annotators' files, got %d", len(anns))
	}
	for _, t := range labels.Targets() {
		if _, err := agreement.FromRecords(t, anns); err != nil {
			return nil, err
		}
	}
	a := &Adjudication{name: adjudicator, log: log, now: time.Now}
	pos := make(map[Key]int)
	for c, ann := range anns {
		a.Coders = append(a.Coders, ann.Coder)
		for _, r := range ann.Records {
			k := Key{r.Article, r.Index}
			i, ok := pos[k]
			if !ok {
				i = len(a.Items)
				pos[k] = i
				it := Item{Key: k, Text: r.Text, Labels: make([][]string, len(anns)), Notes: make([]string, len(anns))}
				for c := range it.Labels {
					it.Labels[c] = make([]string, len(labels.Targets()))
				}
				a.Items = append(a.Items, it)
			}
			for t, tg := range labels.Targets() {
				a.Items[i].Labels[c][t] = r.Label(tg)
			}
			a.Items[i].Notes[c] = r.Note
		}
	}
	data := make([]labels.Record, len(a.Items))
	for i, it := range a.Items {
		data[i] = labels.Record{Article: it.Key.Article, Index: it.Key.Index, Text: it.Text}
	}
	if err := CheckData(log.Entries(), data, log.Path(), "the annotators' files"); err != nil {
		return nil, err
	}
	return a, nil
}

// Disputed returns the positions in Items of the sentences the annotators
// disagree on, in order.
func (a *Adjudication) Disputed() []int {
	var out []int
	for i, it := range a.Items {
		if it.disputed() {
			out = append(out, i)
		}
	}
	return out
}

// decisions returns the adjudicator's effective decisions and undo stack.
func (a *Adjudication) decisions() (map[Key]Entry, []Entry) {
	return replay(a.log.Entries(), a.name)
}

// GoldStats says how a gold file was made.
type GoldStats struct {
	Agreed      int // sentences every annotator who labelled them agreed on, both targets
	Adjudicated int // disputed sentences the adjudicator decided
	Undecided   int // disputed sentences still undecided or skipped: left out
	Single      int // of Agreed: sentences with a target only one annotator labelled
	Unlabelled  int // sentences with a target nobody labelled: left out
}

// Gold returns the gold labels: for each sentence, the adjudicator's
// decision where the annotators disagreed, else the label they gave. A
// sentence still undecided, or with a target no annotator labelled, is left
// out (and counted): unsure is no label.
func (a *Adjudication) Gold() ([]labels.Record, GoldStats) {
	eff, _ := a.decisions()
	var out []labels.Record
	var st GoldStats
	for _, it := range a.Items {
		r := labels.Record{Article: it.Key.Article, Index: it.Key.Index, Text: it.Text}
		if it.disputed() {
			e, ok := eff[it.Key]
			if !ok || e.Op != OpLabel {
				st.Undecided++
				continue
			}
			r.Stance, r.Sentiment = e.Stance, e.Sentiment
			st.Adjudicated++
			out = append(out, r)
			continue
		}
		single := false
		for t, tg := range labels.Targets() {
			l, _ := it.agreed(t)
			if tg == labels.Sentiment {
				r.Sentiment = l
			} else {
				r.Stance = l
			}
			n := 0
			for _, ls := range it.Labels {
				if ls[t] != "" {
					n++
				}
			}
			single = single || n == 1
		}
		if r.Stance == "" || r.Sentiment == "" {
			st.Unlabelled++
			continue
		}
		if single {
			st.Single++
		}
		st.Agreed++
		out = append(out, r)
	}
	return out, st
}

// keyFor returns the key of label l of target t: the label page's keys.
func keyFor(t labels.Target, l string) string {
	return keys[t][slices.Index(t.Labels(), l)]
}

// Walk shows each undecided disputed sentence on out, in its article, with
// every annotator's labels, and reads the adjudicator's answer from in, one
// line each, until every one is decided, the input ends, or the answer is
// x. Each decision is written to the log (and synced) before the next
// sentence is shown. codebook is what ? prints.
func (a *Adjudication) Walk(in io.Reader, out io.Writer, codebook string) error {
	sc := bufio.NewScanner(in)
	w := bufio.NewWriter(out)
	defer w.Flush()
	disputed := a.Disputed()
	skipped := make(map[Key]bool) // skipped in this walk: not asked again until the next
	var back *Key                 // the sentence an undo brought back
	shown := -1
	var since time.Time
	for {
		eff, _ := a.decisions()
		next := -1
		if back != nil {
			next = slices.IndexFunc(a.Items, func(it Item) bool { return it.Key == *back })
		} else {
			for _, i := range disputed {
				k := a.Items[i].Key
				if e, ok := eff[k]; (!ok || e.Op != OpLabel) && !skipped[k] {
					next = i
					break
				}
			}
		}
		decided := 0
		for _, i := range disputed {
			if e, ok := eff[a.Items[i].Key]; ok && e.Op == OpLabel {
				decided++
			}
		}
		if next < 0 {
			fmt.Fprintf(w, "\n%d of %d disputed sentences decided", decided, len(disputed))
			if n := len(skipped); n > 0 {
				fmt.Fprintf(w, "; %d skipped, asked again next time", n)
			}
			fmt.Fprintln(w, ".")
			return nil
		}
		if next != shown {
			a.show(w, next, slices.Index(disputed, next)+1, len(disputed), decided)
			shown, since = next, a.now()
		}
		fmt.Fprint(w, "> ")
		w.Flush()
		if !sc.Scan() {
			fmt.Fprintf(w, "\nstopped: %d of %d disputed sentences decided; run the same command again to go on.\n", decided, len(disputed))
			return sc.Err()
		}
		it := a.Items[next]
		answer := strings.TrimSpace(sc.Text())
		switch answer {
		case "":
			fmt.Fprintln(w, a.keyHelp())
			continue
		case "x":
			fmt.Fprintf(w, "stopped: %d of %d disputed sentences decided; run the same command again to go on.\n", decided, len(disputed))
			return nil
		case "?":
			fmt.Fprintln(w, codebook)
			continue
		case "a":
			a.showArticle(w, next)
			continue
		case "s":
			if _, err := a.log.Append(Entry{Op: OpSkip, Time: a.now().UTC(), Annotator: a.name, Article: it.Key.Article, Index: it.Key.Index, Text: it.Text, Pick: PickDisagreement}); err != nil {
				return err
			}
			skipped[it.Key], back, shown = true, nil, -1
			continue
		case "u":
			_, stack := a.decisions()
			if len(stack) == 0 {
				fmt.Fprintln(w, "nothing to undo")
				continue
			}
			last := stack[len(stack)-1]
			if _, err := a.log.Append(Entry{Op: OpRetract, Time: a.now().UTC(), Annotator: a.name, Article: last.Article, Index: last.Index, Retracts: last.Seq}); err != nil {
				return err
			}
			k := last.Key()
			delete(skipped, k)
			back, shown = &k, -1
			continue
		}
		stance, sentiment, err := a.parse(it, answer)
		if err != nil {
			fmt.Fprintln(w, err)
			continue
		}
		e := Entry{Op: OpLabel, Time: a.now().UTC(), Annotator: a.name, Article: it.Key.Article, Index: it.Key.Index, Text: it.Text,
			Stance: stance, Sentiment: sentiment, Pick: PickDisagreement, Seconds: round4(a.now().Sub(since).Seconds())}
		if _, err := a.log.Append(e); err != nil {
			return err
		}
		fmt.Fprintf(w, "  = %s, %s\n", stance, sentiment)
		back, shown = nil, -1
	}
}

// parse reads an answer: an annotator's letter (A, B…) takes that
// annotator's labels; otherwise label keys, one per target, of which a
// target the annotators agreed on may be left out.
func (a *Adjudication) parse(it Item, answer string) (stance, sentiment string, err error) {
	got := make([]string, len(labels.Targets()))
	if len(answer) == 1 && answer[0] >= 'A' && int(answer[0]-'A') < len(a.Coders) {
		c := int(answer[0] - 'A')
		for t, tg := range labels.Targets() {
			if got[t] = it.Labels[c][t]; got[t] == "" {
				return "", "", fmt.Errorf("%s gave no %s label: type the keys instead", a.Coders[c], tg)
			}
		}
		return got[0], got[1], nil
	}
	for _, r := range answer {
		if unicode.IsSpace(r) || r == ',' {
			continue
		}
		found := false
		for t, tg := range labels.Targets() {
			if i := slices.Index(keys[tg], string(r)); i >= 0 {
				got[t], found = tg.Labels()[i], true
			}
		}
		if !found {
			return "", "", fmt.Errorf("%q is no key here; %s", r, a.keyHelp())
		}
	}
	for t, tg := range labels.Targets() {
		if got[t] != "" {
			continue
		}
		l, ok := it.agreed(t)
		if !ok {
			return "", "", fmt.Errorf("the annotators disagree on %s: give its key too; %s", tg, a.keyHelp())
		}
		got[t] = l
	}
	return got[0], got[1], nil
}

func (a *Adjudication) keyHelp() string {
	var b strings.Builder
	for _, tg := range labels.Targets() {
		fmt.Fprintf(&b, "%s:", tg)
		for _, l := range tg.Labels() {
			fmt.Fprintf(&b, " %s %s", keyFor(tg, l), l)
		}
		b.WriteString(" · ")
	}
	last := string(rune('A' + len(a.Coders) - 1))
	fmt.Fprintf(&b, "A-%s take that annotator's labels · s skip · u undo · a whole article · ? codebook · x stop", last)
	return b.String()
}

// show prints the sentence at position i in its context.
func (a *Adjudication) show(w io.Writer, i, nth, total, decided int) {
	it := a.Items[i]
	fmt.Fprintf(w, "\n[%d of %d disputed, %d decided] %s\n", nth, total, decided, termsafe.String(it.Key.String()))
	for _, j := range a.context(i, 2) {
		mark := "   "
		if j == i {
			mark = " » "
		}
		fmt.Fprintf(w, "%s%s\n", mark, termsafe.String(a.Items[j].Text))
	}
	for c, name := range a.Coders {
		var parts []string
		for t, tg := range labels.Targets() {
			l := it.Labels[c][t]
			if l == "" {
				l = "(none)"
			}
			if _, ok := it.agreed(t); !ok && it.labelled(t) {
				l = strings.ToUpper(l)
			}
			parts = append(parts, fmt.Sprintf("%s %s", tg, l))
		}
		note := ""
		if it.Notes[c] != "" {
			note = "  — " + termsafe.String(it.Notes[c])
		}
		fmt.Fprintf(w, "  %c %s: %s%s\n", 'A'+c, termsafe.String(name), strings.Join(parts, ", "), note)
	}
	fmt.Fprintf(w, "  %s\n", a.keyHelp())
}

// context returns the positions of the sentences of i's article within n
// of it by index, in index order.
func (a *Adjudication) context(i, n int) []int {
	k := a.Items[i].Key
	var out []int
	for j, it := range a.Items {
		if it.Key.Article == k.Article && (n < 0 || (it.Key.Index >= k.Index-n && it.Key.Index <= k.Index+n)) {
			out = append(out, j)
		}
	}
	slices.SortFunc(out, func(x, y int) int { return a.Items[x].Key.Index - a.Items[y].Key.Index })
	return out
}

func (a *Adjudication) showArticle(w io.Writer, i int) {
	fmt.Fprintf(w, "\n— %s —\n", termsafe.String(a.Items[i].Key.Article))
	for _, j := range a.context(i, -1) {
		mark := "   "
		if j == i {
			mark = " » "
		}
		fmt.Fprintf(w, "%s%d  %s\n", mark, a.Items[j].Key.Index, termsafe.String(a.Items[j].Text))
	}
}
