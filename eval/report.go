package eval

import (
	"encoding/json"
	"maps"
	"slices"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/labels"
)

// Schema names the version of the report's JSON form. It changes only when
// a field is removed or changes meaning; docs/report-schema.md describes it.
const Schema = "stance-eval/2"

// Report is the whole result of an evaluation. Every renderer (text,
// Markdown, JSON, HTML) prints from it alone, so the formats cannot
// disagree.
type Report struct {
	Schema string `json:"schema"`
	// Mode is "cross-validation" for 'stance eval' and "test" for 'stance
	// test', which scores a saved model on sentences it did not train on.
	Mode    string         `json:"mode"`
	Corpus  CorpusSummary  `json:"corpus"`
	Config  ConfigSummary  `json:"config"`
	Search  *SearchReport  `json:"search,omitempty"`
	Targets []TargetReport `json:"targets"`
}

// CorpusSummary describes the evaluated corpus.
type CorpusSummary struct {
	Name      string           `json:"name"`
	Sentences int              `json:"sentences"`
	Distinct  int              `json:"distinct"` // near-duplicate clusters
	Articles  []ArticleSummary `json:"articles"`
}

// ArticleSummary is one article of the corpus.
type ArticleSummary struct {
	ID         string `json:"id"`
	Collection string `json:"collection,omitempty"`
	Event      string `json:"event,omitempty"`
	Topic      string `json:"topic,omitempty"`
	Sentences  int    `json:"sentences"`
	// WithTwin counts sentences with a near-duplicate in another article.
	WithTwin int `json:"with_twin"`
}

// ConfigSummary records what the numbers depend on.
type ConfigSummary struct {
	Model       string   `json:"model"` // variant, alpha, prior and features in one line
	Leakage     Leakage  `json:"leakage"`
	GroupBy     Grouping `json:"group_by"`
	Groups      int      `json:"groups"`
	Threshold   float64  `json:"threshold"`
	ShingleSize int      `json:"shingle_size"`
	Seed        uint64   `json:"seed"`
	Resamples   int      `json:"resamples"`
}

// TargetReport is everything measured for one target.
type TargetReport struct {
	Target labels.Target `json:"target"`
	Labels []string      `json:"labels"`
	Polar  [2]string     `json:"polar"`
	// Evaluations holds the guarded run, the naive run, or both (guarded
	// first) with --leakage compare.
	Evaluations []Evaluation `json:"evaluations"`
	Baselines   []Baseline   `json:"baselines"`
	Curve       []CurvePoint `json:"learning_curve"`
	// Generalisation scores the model held out by article, by event and
	// by topic: how far the figures carry.
	Generalisation []GroupingScore `json:"generalisation,omitempty"`
	Informative    []ClassFeatures `json:"informative_features"`
}

// Evaluation is one cross-validation run.
type Evaluation struct {
	Leakage  Leakage  `json:"leakage"`
	GroupBy  Grouping `json:"group_by"`
	Folds    []Fold   `json:"folds"`
	Pooled   Result   `json:"pooled"`   // every sentence instance
	Distinct Result   `json:"distinct"` // each near-duplicate cluster once
	// Collections splits the pooled result by collection (seeds,
	// examples) when the corpus has more than one.
	Collections []CollectionResult `json:"collections,omitempty"`
	Calibration CalibrationReport  `json:"calibration"`
	Outcomes    []Outcome          `json:"predictions"` // one per sentence, in corpus order
}

// CollectionResult is the pooled result over one collection's sentences.
type CollectionResult struct {
	Collection string `json:"collection"`
	Result
}

// GroupingScore is the pooled score of one grouping's cross-validation.
type GroupingScore struct {
	GroupBy Grouping `json:"group_by"`
	Folds   int      `json:"folds"`
	Scores  Scores   `json:"scores"`
	GroupCI CI       `json:"ci95_by_group"`
	// StudySpread is where 95% of studies of StudyEvents events land
	// (SetSpread over the events); nil with too few events.
	StudySpread *CI               `json:"study_of_12_events,omitempty"`
	Collections []CollectionScore `json:"collections,omitempty"`
}

// CollectionScore is a score over one collection's sentences.
type CollectionScore struct {
	Collection string `json:"collection"`
	N          int    `json:"n"`
	Scores     Scores `json:"scores"`
}

// Fold is one held-out group.
type Fold struct {
	Group     string     `json:"group"`
	Train     int        `json:"train"`   // training sentences used
	Dropped   int        `json:"dropped"` // near-duplicates removed from training
	Test      int        `json:"test"`
	Confusion *Confusion `json:"confusion"`
	Scores    Scores     `json:"scores"`
}

// Result is a confusion table with its scores and bootstrap intervals.
type Result struct {
	N         int        `json:"n"`
	Groups    int        `json:"groups"` // held-out groups the sentences come from
	Confusion *Confusion `json:"confusion"`
	Scores    Scores     `json:"scores"`
	CI        CI         `json:"ci95"` // resampling sentences
	// GroupCI resamples whole groups (events, by default): the interval
	// to read for a new event.
	GroupCI CI `json:"ci95_by_group"`
}

// Outcome is what became of one held-out sentence: its gold label, the
// label the fold's model predicted, and the calibrated probabilities. (A
// classify.Prediction is the model's answer alone.)
type Outcome struct {
	Article    string        `json:"article"`
	Index      int           `json:"index"`
	Text       string        `json:"text"`
	Target     labels.Target `json:"target"`
	Gold       string        `json:"gold"`
	Predicted  string        `json:"predicted"`
	Confidence float64       `json:"confidence"`
	Probs      Probs         `json:"probabilities"` // calibrated (cross-fitted)
	// NoEvidence is set when the sentence has no feature the model knows.
	NoEvidence bool `json:"no_evidence,omitempty"`
	// Toward lists, for a wrong prediction, the features that pushed the
	// sentence toward the predicted label and away from the gold one.
	Toward []classify.Contribution `json:"toward_predicted,omitempty"`
}

// Probs are a sentence's probabilities, one per label of its target, in
// the target's label order. JSON has them as an object from label to
// probability. A report holds one per sentence and target, and a map
// each took several times the room.
type Probs struct {
	Labels []string
	Values []float64
}

// Of returns the probability of label, 0 if it is none of p's.
func (p Probs) Of(label string) float64 {
	if i := slices.Index(p.Labels, label); i >= 0 {
		return p.Values[i]
	}
	return 0
}

// MarshalJSON writes p as an object from label to probability, its keys
// sorted, as encoding/json writes a map.
func (p Probs) MarshalJSON() ([]byte, error) {
	m := make(map[string]float64, len(p.Labels))
	for i, l := range p.Labels {
		m[l] = p.Values[i]
	}
	return json.Marshal(m)
}

// UnmarshalJSON reads what MarshalJSON writes, labels in sorted order.
func (p *Probs) UnmarshalJSON(b []byte) error {
	var m map[string]float64
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	p.Labels = slices.Sorted(maps.Keys(m))
	p.Values = make([]float64, len(p.Labels))
	for i, l := range p.Labels {
		p.Values[i] = m[l]
	}
	return nil
}

// Correct reports whether the prediction matches the gold label.
func (p Outcome) Correct() bool { return p.Gold == p.Predicted }

// Baseline is a simple predictor scored on the same folds.
type Baseline struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Scores      Scores `json:"scores"`
	// Verdict says whether the model beats the baseline beyond the model's
	// 95% interval: "beats", "within CI" or "loses", for macro-F1 and F_avg.
	VerdictMacroF1 string `json:"verdict_macro_f1"`
	VerdictFAvg    string `json:"verdict_f_avg"`
}

// CurvePoint is the pooled score when each fold trains on a share of its
// training sentences.
type CurvePoint struct {
	Fraction float64 `json:"fraction"`
	Train    float64 `json:"train"` // mean training sentences per fold
	Folds    int     `json:"folds"` // how many folds: the main run's, or at most 10 blocks of whole groups
	Accuracy float64 `json:"accuracy"`
	MacroF1  float64 `json:"macro_f1"`
	FAvg     float64 `json:"f_avg"`
	// GroupCI resamples the held-out groups, as Result.GroupCI does: the
	// band of the learning curve in the HTML report. It is left out of the
	// JSON form, whose schema it would change for a drawing.
	GroupCI CI `json:"-"`
}

// ClassFeatures are the most informative features of one class.
type ClassFeatures struct {
	Label    string                  `json:"label"`
	Features []classify.Contribution `json:"features"`
}

func newReport(recs []labels.Record, name string, cfg Config, tw [][]int, cl []int) *Report {
	r := &Report{Schema: Schema, Mode: CrossValidation}
	r.Corpus.Name = name
	r.Corpus.Sentences = len(recs)
	for i, c := range cl {
		if c == i {
			r.Corpus.Distinct++
		}
	}
	at := make(map[string]int) // article -> its place in r.Corpus.Articles
	for i, rec := range recs {
		k, ok := at[rec.Article]
		if !ok {
			info := cfg.Catalog[rec.Article]
			k = len(r.Corpus.Articles)
			at[rec.Article] = k
			r.Corpus.Articles = append(r.Corpus.Articles, ArticleSummary{ID: rec.Article, Collection: info.Collection, Event: info.Event, Topic: info.Topic})
		}
		s := &r.Corpus.Articles[k]
		s.Sentences++
		if len(tw[i]) > 0 {
			s.WithTwin++
		}
	}
	o := cfg.Train
	r.Config = ConfigSummary{
		Model:       modelSummary(o),
		Leakage:     cfg.Leakage,
		GroupBy:     cfg.GroupBy,
		Groups:      len(distinct(groupKeys(recs, cfg.Catalog, cfg.GroupBy))),
		Threshold:   cfg.Threshold,
		ShingleSize: ShingleSize,
		Seed:        cfg.Seed,
		Resamples:   cfg.Resamples,
	}
	return r
}

// The report modes.
const (
	CrossValidation = "cross-validation"
	TestMode        = "test"
)

func modelSummary(o classify.Options) string {
	return string(o.Variant) + " NB, alpha " + ftoa(o.Alpha) + ", " + string(o.Prior) + " prior, cue weight " +
		ftoa(o.CueWeight) + ", lexicon weight " + ftoa(o.LexiconWeight) + "; features: " + o.Features.String()
}
