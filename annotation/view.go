package annotation

import (
	"fmt"

	"github.com/stance-nlp/stance/agreement"
	"github.com/stance-nlp/stance/labels"
)

// Keys maps each label to the key that gives it: stance on the number row,
// sentiment on the row below, so the left hand never moves.
//
//	stance:    1 obstacle   2 opening   3 neutral
//	sentiment: q negative   w neutral   e positive
//
// The page also takes s (skip or unsure), u (undo), a (the whole
// article), ? (the codebook) and Enter (accept a label offered for a
// near-duplicate).
var keys = map[labels.Target][]string{
	labels.Stance:    {"1", "2", "3"},
	labels.Sentiment: {"q", "w", "e"},
}

// KeyView is one label's key.
type KeyView struct {
	Target string `json:"target"`
	Label  string `json:"label"`
	Key    string `json:"key"`
	Count  int    `json:"count"` // the annotator's labels of this class so far
}

// View is what the page shows: the sentence on screen and how the session
// stands. It is the JSON the page's API returns.
type View struct {
	Annotator string     `json:"annotator"`
	Log       string     `json:"log"`  // the log file, for the export command the page shows at the end
	Item      *ItemView  `json:"item"` // nil when every sentence is done
	Keys      []KeyView  `json:"keys"`
	Progress  Progress   `json:"progress"`
	Model     string     `json:"model"`
	Order     string     `json:"order"`
	Phase     string     `json:"phase"`
	Seconds   float64    `json:"seconds_per_label"` // median over the annotator's labels
	Stability Stability  `json:"stability"`
	Check     RandomView `json:"random_check"`
	CanUndo   bool       `json:"can_undo"`
}

// ItemView is the sentence on screen in its context.
type ItemView struct {
	Article string       `json:"article"`
	Index   int          `json:"index"`
	Text    string       `json:"text"`
	Before  []string     `json:"before"` // up to two sentences before it in its article
	After   []string     `json:"after"`  // up to two after
	Of      int          `json:"of"`     // sentences in the article
	Meta    *ArticleMeta `json:"meta,omitempty"`
	Pick    string       `json:"pick"`
	Guess   *Guess       `json:"guess,omitempty"`
	// Offer is the label of a near-duplicate the annotator labelled: Enter
	// accepts it.
	Offer *Offer `json:"offer,omitempty"`
	// Undone is the answer just retracted to bring the sentence back.
	Undone *Offer `json:"undone,omitempty"`
}

// Offer is a label offered or taken back, and the sentence it came from.
type Offer struct {
	Stance    string `json:"stance"`
	Sentiment string `json:"sentiment"`
	Skipped   bool   `json:"skipped,omitempty"`
	Article   string `json:"article"`
	Index     int    `json:"index"`
	Text      string `json:"text"`
}

// ArticleMeta is what the catalog knows of an article.
type ArticleMeta struct {
	Title      string `json:"title,omitempty"`
	Date       string `json:"date,omitempty"`
	Topic      string `json:"topic,omitempty"`
	Style      string `json:"style,omitempty"`
	Collection string `json:"collection,omitempty"`
}

// Progress counts the annotator's answers.
type Progress struct {
	Total     int `json:"total"`
	Labelled  int `json:"labelled"`
	Skipped   int `json:"skipped"`
	Remaining int `json:"remaining"`
	Twins     int `json:"twins"` // remaining sentences whose near-duplicate is labelled
}

// Stability is the stabilising-predictions check on the page.
type Stability struct {
	Rounds    int    `json:"rounds"`
	Stance    string `json:"stance"`    // kappa of the last round, or "undefined (…)"
	Sentiment string `json:"sentiment"` // or "" before the second model
	N         int    `json:"n"`         // sentences compared in the last round
	Stable    bool   `json:"stable"`
	Message   string `json:"message,omitempty"`
}

// RandomView is the model's accuracy on the randomly drawn sentences the
// annotator labelled: an unbiased estimate on the user's own data, which
// the uncertain picks (hard by design) would not give.
type RandomView struct {
	N         int `json:"n"`
	Stance    int `json:"stance_right"`
	Sentiment int `json:"sentiment_right"`
}

// View returns the state of the session for the page.
func (s *Session) View() View {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := View{Annotator: s.cfg.Annotator, Log: s.log.Path(), Order: string(s.cfg.Order), CanUndo: len(s.stack) > 0}
	counts := s.counts()
	for t, target := range labels.Targets() {
		for j, l := range target.Labels() {
			v.Keys = append(v.Keys, KeyView{Target: string(target), Label: l, Key: keys[target][j], Count: counts[t][l]})
		}
	}
	var secs []float64
	for _, e := range s.eff {
		switch e.Op {
		case OpLabel:
			v.Progress.Labelled++
			secs = append(secs, e.Seconds)
			if e.Pick == PickRandom && e.Guess != nil {
				v.Check.N++
				if e.Guess.Stance == e.Stance {
					v.Check.Stance++
				}
				if e.Guess.Sentiment == e.Sentiment {
					v.Check.Sentiment++
				}
			}
		case OpSkip:
			v.Progress.Skipped++
		}
	}
	v.Seconds = median(secs)
	v.Progress.Total = len(s.data)
	v.Progress.Remaining = len(s.data) - v.Progress.Labelled - v.Progress.Skipped
	for i := range s.data {
		if !s.done(i) {
			if _, ok := s.twinLabel(i); ok {
				v.Progress.Twins++
			}
		}
	}
	own := v.Progress.Labelled
	switch {
	case s.model == nil:
		v.Model = "none yet: no labels to learn from"
	case len(s.cfg.Base) > 0:
		v.Model = fmt.Sprintf("%s (%d sentences) + your %d labels", s.cfg.BaseName, len(s.cfg.Base), own)
	default:
		v.Model = fmt.Sprintf("your %d labels", own)
	}
	if len(s.cfg.Temperatures) == 0 && s.model != nil {
		v.Model += ", uncalibrated"
	}
	v.Stability = s.stability()
	if s.cur == nil {
		v.Phase = "finished"
		return v
	}
	v.Phase = map[string]string{
		PickOverlap: "overlap sample", PickCold: "cold start (random)", PickRandom: "active learning",
		PickUncertain: "active learning", PickTwin: "near-duplicates of labelled sentences",
	}[s.cur.pick]
	v.Item = s.item(s.cur)
	return v
}

func (s *Session) item(c *current) *ItemView {
	r := s.data[c.i]
	ps := s.article[r.Article]
	at := 0
	for j, p := range ps {
		if p == c.i {
			at = j
		}
	}
	it := &ItemView{Article: r.Article, Index: r.Index, Text: r.Text, Of: len(ps), Pick: c.pick, Guess: s.guess(c.i)}
	for _, p := range ps[max(0, at-2):at] {
		it.Before = append(it.Before, s.data[p].Text)
	}
	for _, p := range ps[at+1 : min(len(ps), at+3)] {
		it.After = append(it.After, s.data[p].Text)
	}
	it.Meta = s.meta(r.Article)
	if e, ok := s.twinLabel(c.i); ok {
		it.Offer = &Offer{Stance: e.Stance, Sentiment: e.Sentiment, Article: e.Article, Index: e.Index, Text: e.Text}
	}
	if u := c.undone; u != nil {
		it.Undone = &Offer{Stance: u.Stance, Sentiment: u.Sentiment, Skipped: u.Op == OpSkip, Article: u.Article, Index: u.Index, Text: u.Text}
	}
	return it
}

func (s *Session) meta(article string) *ArticleMeta {
	a, ok := s.cfg.Catalog[article]
	if !ok {
		return nil
	}
	return &ArticleMeta{Title: a.EventTitle, Date: a.Date, Topic: a.Topic, Style: a.Style, Collection: a.Collection}
}

func (s *Session) stability() Stability {
	st := Stability{Rounds: len(s.rounds)}
	if len(s.rounds) == 0 {
		return st
	}
	last := s.rounds[len(s.rounds)-1]
	st.Stance, st.Sentiment, st.N = last.Stance.String(), last.Sentiment.String(), last.Stance.N
	if len(s.rounds) < StableRounds || s.cold() {
		return st
	}
	for _, r := range s.rounds[len(s.rounds)-StableRounds:] {
		for _, k := range []agreement.Stat{r.Stance, r.Sentiment} {
			if !k.Defined || k.Value < StableKappa {
				return st
			}
		}
	}
	st.Stable = true
	st.Message = fmt.Sprintf("Predictions have stabilised: for the last %d labels, each new model agreed with the one before on the %d sentences left (Cohen's kappa ≥ %.2f, stance and sentiment). More labels are unlikely to change what this model says; label on only if you want a larger corpus or a firmer accuracy estimate.", StableRounds, st.N, StableKappa)
	if own := s.rounds[len(s.rounds)-1].Labels; len(s.cfg.Base) > 4*own {
		// Say why, when the base is what holds the model still.
		st.Message += fmt.Sprintf(" Note that the %s's %d sentences weigh far more than your %d labels (--seed-model none learns from yours alone).", s.cfg.BaseName, len(s.cfg.Base), own)
	}
	return st
}

// ArticleView is a whole article, each sentence with the annotator's
// answer so far.
type ArticleView struct {
	Article   string         `json:"article"`
	Meta      *ArticleMeta   `json:"meta,omitempty"`
	Sentences []SentenceView `json:"sentences"`
}

// SentenceView is one sentence of an ArticleView.
type SentenceView struct {
	Index     int    `json:"index"`
	Text      string `json:"text"`
	Stance    string `json:"stance,omitempty"`
	Sentiment string `json:"sentiment,omitempty"`
	Skipped   bool   `json:"skipped,omitempty"`
	Current   bool   `json:"current,omitempty"`
}

// Article returns the sentences of an article, or false if the data has
// no such article.
func (s *Session) Article(id string) (ArticleView, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ps, ok := s.article[id]
	if !ok {
		return ArticleView{}, false
	}
	av := ArticleView{Article: id, Meta: s.meta(id)}
	for _, p := range ps {
		r := s.data[p]
		sv := SentenceView{Index: r.Index, Text: r.Text, Current: s.cur != nil && s.cur.i == p}
		if e, ok := s.eff[Key{r.Article, r.Index}]; ok {
			sv.Stance, sv.Sentiment, sv.Skipped = e.Stance, e.Sentiment, e.Op == OpSkip
		}
		av.Sentences = append(av.Sentences, sv)
	}
	return av, true
}
