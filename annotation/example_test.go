package annotation_test

import (
	"fmt"
	"strings"

	"github.com/stance-nlp/stance/annotation"
)

func ExampleStrategy_Uncertainty() {
	spread := []float64{0.6, 0.2, 0.2} // sure of nothing but the first
	tied := []float64{0.55, 0.45, 0}   // torn between two labels
	for _, s := range annotation.Strategies() {
		fmt.Printf("%-16s %.3f %.3f\n", s, s.Uncertainty(spread), s.Uncertainty(tied))
	}
	// Output:
	// entropy          0.865 0.626
	// margin           0.600 0.900
	// least-confidence 0.600 0.675
}

func ExampleReadLog() {
	log := `{"seq":1,"op":"label","time":"2026-11-02T10:00:00Z","annotator":"ann","article":"a","index":0,"text":"Moscow said no.","stance":"obstacle","sentiment":"negative"}
{"seq":2,"op":"label","time":"2026-11-02T10:00:04Z","annotator":"ann","article":"a","index":1,"text":"They met.","stance":"neutral","sentiment":"neutral"}
{"seq":3,"op":"retract","time":"2026-11-02T10:00:05Z","annotator":"ann","article":"a","index":1,"retracts":2}
{"seq":4,"op":"label","time":"2026-11-02T10:0`
	entries, cut, err := annotation.ReadLog(strings.NewReader(log), "ann.log.jsonl")
	fmt.Println(len(entries), "entries,", err)
	fmt.Println(cut)
	recs, _ := annotation.Export(entries, "", nil)
	fmt.Printf("%+v\n", recs)
	_, _, err = annotation.ReadLog(strings.NewReader(strings.Replace(log, `"neutral","sentiment"`, `"neutrl","sentiment"`, 1)), "ann.log.jsonl")
	fmt.Println(err)
	// Output:
	// 3 entries, <nil>
	// ann.log.jsonl:4: the last line is cut short ("{\"seq\":4,\"op\":\"label\",\"time\":\"2026-11-02T10:0", no newline), as a crash in the middle of a write leaves it; it was never confirmed to the page and is left out
	// [{Article:a Index:0 Text:Moscow said no. Stance:obstacle Sentiment:negative Note:}]
	// ann.log.jsonl:2: unknown stance "neutrl" (did you mean "neutral"?)
	// ann.log.jsonl:3: retracts seq 2, which is no earlier label or skip
}
