package agreement_test

import (
	"fmt"

	"github.com/stance-nlp/stance/agreement"
	"github.com/stance-nlp/stance/labels"
)

func Example() {
	alice := []labels.Record{
		{Article: "a", Index: 0, Text: "Moscow rejected the offer.", Sentiment: "negative"},
		{Article: "a", Index: 1, Text: "They met.", Sentiment: "neutral"},
		{Article: "a", Index: 2, Text: "Talks resumed.", Sentiment: "positive"},
		{Article: "a", Index: 3, Text: "Kyiv welcomed it.", Sentiment: "positive"},
	}
	bob := []labels.Record{
		{Article: "a", Index: 0, Text: "Moscow rejected the offer.", Sentiment: "negative"},
		{Article: "a", Index: 1, Text: "They met.", Sentiment: "negative"},
		{Article: "a", Index: 2, Text: "Talks resumed.", Sentiment: "positive"},
		{Article: "a", Index: 3, Text: "Kyiv welcomed it."}, // unsure: missing
	}
	d, err := agreement.FromRecords(labels.Sentiment, []agreement.Annotation{{Coder: "alice", Records: alice}, {Coder: "bob", Records: bob}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%+v\n", d.Counts())
	fmt.Println("percent agreement:", d.PercentAgreement())
	fmt.Println("Cohen's kappa:", d.CohenKappa(0, 1))
	fmt.Println("alpha, ordinal:", d.Alpha(agreement.Ordinal))
	for _, s := range d.SpecificAgreement() {
		fmt.Printf("%s: %v\n", s.Category, s.Stat)
	}
	for _, x := range d.Disagreements() {
		fmt.Println(x.Unit, x.Unit.Text, x.Labels)
	}
	// Output:
	// {Units:4 Pairable:3 Complete:3 Labels:7}
	// percent agreement: 0.667
	// Cohen's kappa: 0.500
	// alpha, ordinal: 0.778
	// negative: 0.667
	// neutral: 0.000
	// positive: 1.000
	// a #1 They met. [neutral negative]
}
