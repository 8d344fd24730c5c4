package eval_test

import (
	"fmt"

	"github.com/stance-nlp/stance/eval"
)

func ExampleConfusion_Scores() {
	c := eval.NewConfusion([]string{"obstacle", "opening", "neutral"})
	pairs := [][2]string{ // gold, predicted
		{"obstacle", "obstacle"}, {"obstacle", "obstacle"}, {"obstacle", "neutral"},
		{"opening", "obstacle"}, {"opening", "neutral"},
		{"neutral", "neutral"}, {"neutral", "neutral"}, {"neutral", "neutral"},
	}
	for _, p := range pairs {
		c.Add(p[0], p[1])
	}
	s := c.Scores([2]string{"obstacle", "opening"})
	for _, cs := range s.Classes {
		fmt.Printf("%-8s P %.3f R %.3f F1 %.3f support %d", cs.Label, cs.Precision, cs.Recall, cs.F1, cs.Support)
		if cs.Predicted == 0 {
			fmt.Print(" (never predicted: precision reported as 0)")
		}
		fmt.Println()
	}
	fmt.Printf("accuracy %.3f macro-F1 %.3f F_avg %.3f kappa %.3f MCC %.3f\n",
		s.Accuracy, s.MacroF1, s.FAvg, s.Kappa, s.MCC)
	// Output:
	// obstacle P 0.667 R 0.667 F1 0.667 support 3
	// opening  P 0.000 R 0.000 F1 0.000 support 2 (never predicted: precision reported as 0)
	// neutral  P 0.600 R 1.000 F1 0.750 support 3
	// accuracy 0.625 macro-F1 0.472 F_avg 0.333 kappa 0.400 MCC 0.451
}

func ExampleBootstrap() {
	labels := []string{"obstacle", "opening", "neutral"}
	gold := []string{"obstacle", "obstacle", "opening", "opening", "neutral", "neutral", "neutral", "neutral"}
	pred := []string{"obstacle", "neutral", "opening", "opening", "neutral", "neutral", "obstacle", "neutral"}
	a := eval.Bootstrap(labels, [2]string{"obstacle", "opening"}, gold, pred, 1000, 1)
	b := eval.Bootstrap(labels, [2]string{"obstacle", "opening"}, gold, pred, 1000, 1)
	fmt.Println("same seed, same intervals:", a == b)
	fmt.Println("accuracy interval holds 0.75:", a.Accuracy.Lo <= 0.75 && 0.75 <= a.Accuracy.Hi)
	// Output:
	// same seed, same intervals: true
	// accuracy interval holds 0.75: true
}
