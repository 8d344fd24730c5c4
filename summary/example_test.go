package summary_test

import (
	"log"
	"os"
	"strings"

	"github.com/stance-nlp/stance/summary"
)

// Example summarises four sentences of two articles by month: the shares
// of each label, the net stance (opening − obstacle) and its interval
// from resampling the two articles.
func Example() {
	records := `{"article":"a","index":0,"stance":"obstacle","stance_probs":{"obstacle":0.8,"opening":0.1,"neutral":0.1},"date":"2014-09-24"}
{"article":"a","index":1,"stance":"neutral","stance_probs":{"obstacle":0.2,"opening":0.2,"neutral":0.6},"date":"2014-09-24"}
{"article":"b","index":0,"stance":"opening","stance_probs":{"obstacle":0.1,"opening":0.7,"neutral":0.2},"date":"2014-09-30"}
{"article":"b","index":1,"stance":"opening","stance_probs":{"obstacle":0.3,"opening":0.6,"neutral":0.1},"date":"2014-09-30"}
`
	month, err := summary.ParseKey("date:month")
	if err != nil {
		log.Fatal(err)
	}
	b, err := summary.NewBuilder(summary.Config{By: []summary.Key{month}, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	if err := b.Read(strings.NewReader(records), "tagged.jsonl"); err != nil {
		log.Fatal(err)
	}
	if err := b.Err(); err != nil {
		log.Fatal(err)
	}
	b.Summary().Write(os.Stdout, summary.Table)
	// Output:
	// date:month  articles  sentences  obstacle        % [95% CI]  opening         % [95% CI]  neutral        % [95% CI]             net [95% CI]  mean p obstacle/opening/neutral
	// 2014-09            2          4         1  25.0 [0.0, 50.0]        2  50.0 [0.0, 100.0]        1  25.0 [0.0, 50.0]  +0.250 [-0.500, +1.000]  0.35 0.40 0.25
}
