package labels_test

import (
	"fmt"
	"strings"

	"github.com/stance-nlp/stance/labels"
)

func ExampleReadAll() {
	in := `{"article":"a","index":0,"text":"Moscow rejected the offer.","stance":"obstacle","sentiment":"negative"}
{"article":"a","index":1,"text":"They met.","stance":"obstcle","sentiment":"neutral"}
`
	recs, err := labels.ReadAll(strings.NewReader(in), "corpus.jsonl")
	fmt.Println(len(recs), "good record")
	fmt.Println(err)
	// Output:
	// 1 good record
	// corpus.jsonl:2: unknown stance "obstcle" (did you mean "obstacle"?)
}
