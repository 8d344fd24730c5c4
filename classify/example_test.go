package classify_test

import (
	"fmt"
	"log"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/labels"
)

// ExampleTrain trains on the shipped corpus with the default options and
// classifies a new sentence. It prints labels only: the probabilities move
// whenever the corpus grows.
func ExampleTrain() {
	recs, err := labels.Corpus()
	if err != nil {
		log.Fatal(err)
	}
	m, err := classify.Train(recs, classify.DefaultOptions())
	if err != nil {
		log.Fatal(err)
	}
	s := m.NewScorer()
	for _, p := range s.Score("Moscow rejected Washington's proposal and accused the US of lying.") {
		fmt.Printf("%s: %s\n", p.Target, p.Label())
	}
	// Output:
	// stance: obstacle
	// sentiment: negative
}

// ExampleScorer_Score trains on five sentences with plain word features and
// Laplace smoothing. For "talks fail", P(c)·θ(talks|c)·θ(fail|c) is
// 2/5·3/13·2/13 for obstacle, 2/5·2/12·1/12 for opening and 1/5·2/10·1/10
// for neutral, which normalise to 10800, 4225 and 3042 over 18067.
func ExampleScorer_Score() {
	rec := func(text, stance, sentiment string) labels.Record {
		return labels.Record{Article: "example", Text: text, Stance: stance, Sentiment: sentiment}
	}
	recs := []labels.Record{
		rec("Talks fail.", "obstacle", "negative"),
		rec("Talks stall again.", "obstacle", "negative"),
		rec("Deal agreed!", "opening", "positive"),
		rec("Talks resume.", "opening", "neutral"),
		rec("Talks held.", "neutral", "neutral"),
	}
	o := classify.Options{
		Features: features.Settings{MinDF: 1}, // lower-case words only
		Variant:  classify.Multinomial,
		Prior:    classify.Empirical,
		Alpha:    1,
	}
	m, err := classify.Train(recs, o)
	if err != nil {
		log.Fatal(err)
	}
	s := m.NewScorer()
	for _, p := range s.Score("Talks fail") {
		fmt.Printf("%-9s %-8s", p.Target, p.Label())
		for c, label := range p.Labels {
			fmt.Printf(" %s=%.4f", label, p.Probs[c])
		}
		fmt.Println()
	}
	// Output:
	// stance    obstacle obstacle=0.5978 opening=0.2339 neutral=0.1684
	// sentiment negative negative=0.5788 neutral=0.3397 positive=0.0815
}
