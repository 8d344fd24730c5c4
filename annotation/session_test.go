package annotation

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stance-nlp/stance/agreement"
	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/labels"
)

// handBase is a tiny labelled corpus with every class of both targets, for
// models that train in a moment.
func handBase() []labels.Record {
	rows := [][3]string{
		{"Moscow rejected the American offer of talks and accused Washington of lying.", "obstacle", "negative"},
		{"The sanctions will stay, the White House said, and relations are at their worst.", "obstacle", "negative"},
		{"The two foreign ministers agreed to work together against terrorism.", "opening", "positive"},
		{"Washington welcomed the Russian proposal for joint talks on arms control.", "opening", "positive"},
		{"The meeting took place in Geneva on Tuesday.", "neutral", "neutral"},
		{"The delegation arrived by train in the afternoon.", "neutral", "neutral"},
		{"Both sides said the new hotline was a welcome step.", "opening", "neutral"},
		{"Officials described the strikes as a failure.", "neutral", "negative"},
	}
	var out []labels.Record
	for i, r := range rows {
		out = append(out, labels.Record{Article: "base", Index: i, Text: r[0], Stance: r[1], Sentiment: r[2]})
	}
	return out
}

var vocab = strings.Fields(`moscow washington kremlin ministers talks sanctions treaty summit troops border
	missile defence envoy pipeline gas trade deal embassy diplomats expelled hotline ceasefire
	syria ukraine arctic space station inspectors warheads reactor cyber election hackers
	prisoners exchange grain corridor naval drills bombers patrol sea agreed rejected welcomed
	warned accused proposed signed suspended resumed praised condemned`)

// testData returns articles × per sentences of made-up news words, drawn
// with a seed so that no two are near-duplicates, plus, when twin is set,
// a last article whose first sentence republishes the first article's.
func testData(articles, per int, twin bool) []labels.Record {
	rng := rand.New(rand.NewPCG(7, 7))
	var out []labels.Record
	for a := range articles {
		for i := range per {
			words := make([]string, 9)
			for w := range words {
				words[w] = vocab[rng.IntN(len(vocab))]
			}
			out = append(out, labels.Record{Article: fmt.Sprintf("art%d", a), Index: i, Text: strings.Join(words, " ") + "."})
		}
	}
	if twin {
		out = append(out,
			labels.Record{Article: "wire", Index: 0, Text: "Reuters adds: " + out[0].Text},
			labels.Record{Article: "wire", Index: 1, Text: "Nothing else in this copy is shared with the rest."})
	}
	return out
}

// clock is a fake time that moves on a second each time it is read.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { c.t = c.t.Add(time.Second); return c.t }

func testConfig(ann string) Config {
	c := &clock{t: t0}
	return Config{Annotator: ann, Order: Entropy, RandomRate: 0.15, Seed: 1, Base: handBase(), BaseName: "hand base", DataName: "data.jsonl", Now: c.now}
}

func newTestSession(t *testing.T, data []labels.Record, path string, cfg Config) (*Session, *Log) {
	t.Helper()
	l := openTestLog(t, path)
	s, err := NewSession(data, l, cfg)
	if err != nil {
		t.Fatalf("NewSession: %v", err)
	}
	return s, l
}

func currentKey(t *testing.T, s *Session) Key {
	t.Helper()
	v := s.View()
	if v.Item == nil {
		t.Fatal("no sentence on screen")
	}
	return Key{v.Item.Article, v.Item.Index}
}

// rotate gives the n-th answer's labels so that every class comes up.
func rotate(n int) (string, string) {
	st, se := labels.Stance.Labels(), labels.Sentiment.Labels()
	return st[n%3], se[(n/3)%3]
}

func TestSessionLabelSkipUndo(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log.jsonl")
	s, l := newTestSession(t, testData(3, 5, false), path, testConfig("ann"))
	first := currentKey(t, s)
	v := s.View()
	if v.Item.Guess == nil || !(v.Item.Guess.StanceP > 0 && v.Item.Guess.StanceP <= 1) {
		t.Errorf("guess %+v; want a label with a probability", v.Item.Guess)
	}
	if len(v.Item.Before)+len(v.Item.After) == 0 || v.Item.Of != 5 {
		t.Errorf("context: %d before, %d after, of %d", len(v.Item.Before), len(v.Item.After), v.Item.Of)
	}
	if err := s.Label(first, "obstacle", "negtive"); !errors.Is(err, labels.ErrUnknownLabel) || !strings.Contains(err.Error(), `did you mean "negative"`) {
		t.Errorf("unknown label: %v", err)
	}
	if err := s.Label(Key{"art9", 0}, "obstacle", "negative"); !errors.Is(err, ErrNotCurrent) {
		t.Errorf("label for another sentence: %v", err)
	}
	if len(l.Entries()) != 0 {
		t.Fatalf("refused answers were logged: %+v", l.Entries())
	}
	if err := s.Label(first, "obstacle", "negative"); err != nil {
		t.Fatal(err)
	}
	second := currentKey(t, s)
	if second == first {
		t.Fatal("the same sentence after labelling it")
	}
	if err := s.Skip(second); err != nil {
		t.Fatal(err)
	}
	v = s.View()
	if v.Progress.Labelled != 1 || v.Progress.Skipped != 1 || v.Progress.Remaining != 13 || v.Keys[0].Count != 1 {
		t.Errorf("progress %+v, obstacle count %d", v.Progress, v.Keys[0].Count)
	}
	e := l.Entries()
	if len(e) != 2 || e[0].Op != OpLabel || e[0].Key() != first || e[0].Seconds != 1 || e[0].Guess == nil || e[1].Op != OpSkip || e[1].Stance != "" {
		t.Fatalf("log: %+v", e)
	}

	// Undo, and again: each brings back the sentence it took back.
	if err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	v = s.View()
	if k := currentKey(t, s); k != second || v.Item.Undone == nil || !v.Item.Undone.Skipped {
		t.Errorf("after one undo: %v, undone %+v; want %v, a skip", k, v.Item.Undone, second)
	}
	if err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	v = s.View()
	if k := currentKey(t, s); k != first || v.Item.Undone.Stance != "obstacle" || v.Progress.Labelled != 0 || v.CanUndo {
		t.Errorf("after two undos: %v, %+v, %+v", k, v.Item.Undone, v.Progress)
	}
	if err := s.Undo(); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("third undo: %v", err)
	}
	e = l.Entries()
	if len(e) != 4 || e[2].Op != OpRetract || e[2].Retracts != 2 || e[3].Retracts != 1 {
		t.Fatalf("log after undo: %+v", e)
	}
}

// TestSessionResume: a session started again on the same log knows every
// answer and shows what the first session would have shown next.
func TestSessionResume(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log.jsonl")
	data := testData(4, 6, false)
	s, l := newTestSession(t, data, path, testConfig("ann"))
	for n := range 5 {
		st, se := rotate(n)
		if err := s.Label(currentKey(t, s), st, se); err != nil {
			t.Fatal(err)
		}
	}
	s.Skip(currentKey(t, s))
	s.Undo()
	s.Skip(currentKey(t, s))
	want := s.View()
	l.Close()

	s2, _ := newTestSession(t, data, path, testConfig("ann"))
	got := s2.View()
	if got.Progress != want.Progress || got.Item.Article != want.Item.Article || got.Item.Index != want.Item.Index {
		t.Errorf("resumed: %+v at %s #%d; want %+v at %s #%d", got.Progress, got.Item.Article, got.Item.Index, want.Progress, want.Item.Article, want.Item.Index)
	}
}

// TestSessionOrder: without a base the model starts with nothing, so picks
// are random (cold) until every class has ColdMin labels; then about a
// RandomRate share are random and the rest the most uncertain, and each
// answer records why its sentence was picked.
func TestSessionOrder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log.jsonl")
	cfg := testConfig("ann")
	cfg.Base = nil
	s, l := newTestSession(t, testData(8, 10, false), path, cfg)
	if v := s.View(); v.Item.Pick != PickCold || v.Item.Guess != nil {
		t.Fatalf("first pick %q, guess %+v; want cold, none", v.Item.Pick, v.Item.Guess)
	}
	for n := range 80 {
		st, se := rotate(n)
		if g := s.View().Item.Guess; n > 0 && (g == nil || math.IsNaN(g.StanceP) || math.IsNaN(g.SentimentP)) {
			t.Fatalf("label %d: guess %+v", n, g)
		}
		if err := s.Label(currentKey(t, s), st, se); err != nil {
			t.Fatal(err)
		}
	}
	picks := make(map[string]int)
	for i, e := range l.Entries() {
		picks[e.Pick]++
		// Every class has 3 labels once 3 rounds of the 9 combinations are
		// in: 6 + 3 · 9 … the 27th answer is the last that can be cold.
		if e.Pick == PickCold && i >= 27 {
			t.Errorf("answer %d was a cold pick", i+1)
		}
	}
	if picks[PickCold] == 0 || picks[PickUncertain] < 30 || picks[PickRandom] < 3 || picks[PickRandom] > 20 {
		t.Errorf("picks %v; want some cold, mostly uncertain, about 15%% of the rest random", picks)
	}
	if v := s.View(); v.Item != nil || v.Phase != "finished" {
		t.Errorf("after every sentence: %+v", v.Item)
	}
}

// TestSessionTwins: a republished sentence is asked once; its twin comes
// after every other sentence, with the label offered.
func TestSessionTwins(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log.jsonl")
	data := testData(1, 3, true) // art0 #0 and wire #0 are twins
	s, _ := newTestSession(t, data, path, testConfig("ann"))
	var order []Key
	for range len(data) {
		v := s.View()
		k := Key{v.Item.Article, v.Item.Index}
		order = append(order, k)
		st, se := "neutral", "neutral"
		if k == (Key{"art0", 0}) || k == (Key{"wire", 0}) {
			if v.Item.Offer != nil {
				if v.Item.Pick != PickTwin || v.Item.Offer.Stance != "opening" {
					t.Errorf("twin shown with pick %q, offer %+v", v.Item.Pick, v.Item.Offer)
				}
			} else {
				st, se = "opening", "positive"
			}
		}
		if err := s.Label(k, st, se); err != nil {
			t.Fatal(err)
		}
	}
	last := order[len(order)-1]
	if last != (Key{"art0", 0}) && last != (Key{"wire", 0}) {
		t.Errorf("order %v: want a twin last", order)
	}
}

// TestSessionOverlap: every annotator of the same data gets the same
// --overlap sentences first, whatever they answer.
func TestSessionOverlap(t *testing.T) {
	dir := t.TempDir()
	data := testData(5, 8, false)
	var firsts [2][]Key
	for a, ann := range []string{"ann", "bob"} {
		cfg := testConfig(ann)
		cfg.Overlap = 4
		cfg.Seed = uint64(a + 10) // their own random picks differ
		s, _ := newTestSession(t, data, filepath.Join(dir, ann+".jsonl"), cfg)
		for n := range 6 {
			v := s.View()
			if (n < 4) != (v.Item.Pick == PickOverlap) {
				t.Errorf("%s answer %d: pick %q", ann, n, v.Item.Pick)
			}
			firsts[a] = append(firsts[a], Key{v.Item.Article, v.Item.Index})
			st, se := rotate(n + a)
			if err := s.Label(firsts[a][n], st, se); err != nil {
				t.Fatal(err)
			}
		}
	}
	if fmt.Sprint(firsts[0][:4]) != fmt.Sprint(firsts[1][:4]) {
		t.Errorf("overlap sentences differ: %v and %v", firsts[0][:4], firsts[1][:4])
	}
}

// TestSessionStability: every label retrains the model and records the
// kappa between its predictions and the last model's on the sentences
// left; the page says the predictions have stabilised once both targets'
// kappas have stayed at StableKappa or more for StableRounds rounds after
// the cold start, and not when one fell short or was undefined.
func TestSessionStability(t *testing.T) {
	base, err := labels.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	cfg := testConfig("ann")
	cfg.Base, cfg.RandomRate = base, 0
	s, _ := newTestSession(t, testData(4, 10, false), filepath.Join(t.TempDir(), "log.jsonl"), cfg)
	for n := range 13 {
		st, se := rotate(n)
		if err := s.Label(currentKey(t, s), st, se); err != nil {
			t.Fatal(err)
		}
	}
	st := s.View().Stability
	if st.Rounds != 13 || st.N != 27 || !strings.HasPrefix(st.Stance, "0.") && st.Stance != "1.000" {
		t.Errorf("after 13 labels: %+v; want 13 rounds on the 27 sentences left", st)
	}

	kappa := func(v float64) agreement.Stat { return agreement.Stat{Value: v, Defined: true, N: 27} }
	undefined := agreement.Stat{Reason: "both models gave every unit \"neutral\"", N: 27}
	tests := []struct {
		name   string
		rounds []Round
		stable bool
	}{
		{"three at 0.99 or more", []Round{{Stance: kappa(0.5), Sentiment: kappa(1)}, {Stance: kappa(1), Sentiment: kappa(0.99)}, {Stance: kappa(0.995), Sentiment: kappa(1)}, {Stance: kappa(1), Sentiment: kappa(1)}}, true},
		{"one below", []Round{{Stance: kappa(1), Sentiment: kappa(1)}, {Stance: kappa(0.98), Sentiment: kappa(1)}, {Stance: kappa(1), Sentiment: kappa(1)}}, false},
		{"only two", []Round{{Stance: kappa(1), Sentiment: kappa(1)}, {Stance: kappa(1), Sentiment: kappa(1)}}, false},
		{"undefined", []Round{{Stance: kappa(1), Sentiment: kappa(1)}, {Stance: kappa(1), Sentiment: undefined}, {Stance: kappa(1), Sentiment: kappa(1)}}, false},
	}
	for _, tc := range tests {
		s.rounds = tc.rounds
		st := s.stability()
		if st.Stable != tc.stable || tc.stable != strings.Contains(st.Message, "Predictions have stabilised") {
			t.Errorf("%s: %+v; want stable %v", tc.name, st, tc.stable)
		}
	}
}

// TestSessionDataMismatch: a log of other sentences is refused, naming its
// lines.
func TestSessionDataMismatch(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log.jsonl")
	l := openTestLog(t, path)
	mustAppend(t, l, Entry{Op: OpLabel, Time: t0, Annotator: "ann", Article: "art0", Index: 0, Text: "Other text.", Stance: "neutral", Sentiment: "neutral"})
	mustAppend(t, l, Entry{Op: OpLabel, Time: t0, Annotator: "ann", Article: "elsewhere", Index: 3, Text: "x", Stance: "neutral", Sentiment: "neutral"})
	l.Close()
	l = openTestLog(t, path)
	_, err := NewSession(testData(1, 3, false), l, testConfig("ann"))
	if !errors.Is(err, ErrNotInData) || !strings.Contains(err.Error(), path+":1: sentence art0 #0 has other text") ||
		!strings.Contains(err.Error(), path+":2: sentence elsewhere #3 is not in data.jsonl") {
		t.Errorf("NewSession on another data file's log: %v", err)
	}
}

func TestSessionBadConfig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log.jsonl")
	l := openTestLog(t, path)
	data := testData(1, 2, false)
	for name, c := range map[string]func(*Config){
		"no annotator": func(c *Config) { c.Annotator = "" },
		"bad order":    func(c *Config) { c.Order = "random" },
		"bad share":    func(c *Config) { c.RandomRate = 1.5 },
	} {
		cfg := testConfig("ann")
		c(&cfg)
		if _, err := NewSession(data, l, cfg); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := NewSession(append(data, data[0]), l, testConfig("ann")); err == nil || !strings.Contains(err.Error(), "given twice") {
		t.Errorf("duplicate sentence: %v", err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
}

// TestSessionCalibratesItsModels: the temperatures and decision offsets
// given in Config (the built-in model's, in stance label) are the ones
// every model the session trains scores with.
func TestSessionCalibratesItsModels(t *testing.T) {
	cfg := testConfig("ann")
	cfg.Temperatures = []float64{4, 5}
	cfg.Offsets = [][]float64{{0, -0.1, 0.15}, nil}
	s, _ := newTestSession(t, testData(2, 4, false), filepath.Join(t.TempDir(), "log.jsonl"), cfg)
	if s.model == nil {
		t.Fatal("no model from the base")
	}
	for i, tg := range s.model.Targets {
		if tg.Temperature != cfg.Temperatures[i] || !slices.Equal(tg.Offsets, cfg.Offsets[i]) {
			t.Errorf("%s: temperature %v, offsets %v; want %v, %v", tg.Name, tg.Temperature, tg.Offsets, cfg.Temperatures[i], cfg.Offsets[i])
		}
	}
}

// TestSessionReadsArticles: with the context weights of Config (the
// built-in model's, in stance label), every guess is the one classify
// would give: the sentence scored in the context of its article's other
// sentences, done or not; without them, the sentence alone.
func TestSessionReadsArticles(t *testing.T) {
	for _, kappa := range []float64{0, 0.8} {
		cfg := testConfig("ann")
		cfg.Temperatures = []float64{4, 5}
		cfg.Contexts = []float64{kappa, 0}
		data := testData(3, 4, false)
		s, _ := newTestSession(t, data, filepath.Join(t.TempDir(), "log.jsonl"), cfg)
		if s.model == nil || s.model.Targets[0].Context != kappa {
			t.Fatalf("κ %g: model %v", kappa, s.model)
		}
		sc := s.model.NewScorer()
		shifted := 0
		for a := range 3 {
			var art [][]classify.Prediction
			for i := range 4 {
				art = append(art, classify.ClonePredictions(sc.Score(data[a*4+i].Text)))
			}
			s.model.InContext(art)
			for i, want := range art {
				if len(want[0].Context) > 0 {
					shifted++
				}
				if got := s.dists[a*4+i]; !slices.Equal(got[0], want[0].Probs) || !slices.Equal(got[1], want[1].Probs) {
					t.Errorf("κ %g, sentence %d of article %d: %v, classify gives %v", kappa, i, a, got, [][]float64{want[0].Probs, want[1].Probs})
				}
			}
		}
		if (kappa > 0) != (shifted > 0) {
			t.Errorf("κ %g: %d sentences in context", kappa, shifted)
		}
	}
}
