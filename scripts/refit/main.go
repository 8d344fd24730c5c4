// Command refit asks whether the decision the built-in model stores (its
// temperature, article-context weight and decision offsets, fitted on the
// corpus's held-out events) would do better fitted on real news instead.
// It takes labelled sets, each a folder with a gold.jsonl (the format of
// 'stance split', labelled), holds each set out in turn, fits the decision
// on the others' sentences with classify.FitDecision (the offsets bagged
// over resamples of articles), or the offsets alone, or the temperature
// and weight alone, and scores the held-out set with each, as classify
// scores it (classify.Model.InContext; metrics from eval):
//
//	go run ./scripts/refit /work/devset /work/testset /work/testset2 ...
//
// The sets are third-party text kept outside the repository
// (docs/realnews.md); only this program and its figures are here.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/eval"
	"github.com/stance-nlp/stance/labels"
)

// set is one labelled set, scored by the built-in model without its
// decision: each sentence's predictions (logits only) and its article
// runs.
type set struct {
	name  string
	recs  []labels.Record
	preds [][]classify.Prediction
	runs  [][]int
}

// decision is what Fit stores in a target.
type decision struct {
	T, kappa float64
	off      []float64
}

var variants = []string{"built-in", "fit all", "off only", "T,k only"}

func main() {
	dirs := os.Args[1:]
	if len(dirs) < 3 {
		fmt.Fprintln(os.Stderr, "usage: refit SET_DIR SET_DIR SET_DIR... (each with a gold.jsonl; three or more)")
		os.Exit(2)
	}
	m, err := classify.Builtin()
	must(err)
	sc := m.NewScorer()
	var sets []set
	for _, dir := range dirs {
		f, err := os.Open(filepath.Join(dir, "gold.jsonl"))
		must(err)
		recs, err := labels.ReadAll(f, dir)
		f.Close()
		must(err)
		s := set{name: filepath.Base(dir), recs: recs, runs: labels.ArticleRuns(recs, nil)}
		for _, r := range recs {
			s.preds = append(s.preds, classify.ClonePredictions(sc.ScoreLogits(r.Text)))
		}
		sets = append(sets, s)
	}
	for ti, t := range m.Targets {
		target := labels.Targets()[ti]
		builtin := decision{t.Temperature, t.Context, t.Offsets}
		fmt.Printf("== %s: built-in temperature %.2f, context weight %.2f, offsets %v\n", target, builtin.T, builtin.kappa, builtin.off)
		pooled := make([]*eval.Confusion, len(variants))
		pooledP := make([][][]float64, len(variants))
		var pooledG []int
		for v := range variants {
			pooled[v] = eval.NewConfusion(target.Labels())
		}
		for hold, s := range sets {
			// The other sets' sentences with evidence, as Fit fits on them.
			var lg, cx [][]float64
			var gold, art []int
			arts := 0
			for k, o := range sets {
				if k == hold {
					continue
				}
				for _, run := range o.runs {
					rows := make([][]float64, len(run))
					ev := make([]bool, len(run))
					for j, i := range run {
						rows[j], ev[j] = o.preds[i][ti].Logits, !o.preds[i][ti].NoEvidence
					}
					means := make([][]float64, len(run))
					if m.Options.InContext(target) {
						means = classify.ContextMeans(rows, ev)
					}
					for j, i := range run {
						if ev[j] {
							lg, cx = append(lg, rows[j]), append(cx, means[j])
							gold = append(gold, slices.Index(t.Labels, o.recs[i].Label(target)))
							art = append(art, arts)
						}
					}
					arts++
				}
			}
			T, kappa, off, err := classify.FitDecision(lg, cx, gold, art)
			must(err)
			offOnly, err := classify.BaggedOffsets(classify.ScoresInContext(lg, cx, builtin.kappa), builtin.T, gold, art)
			must(err)
			T3, k3, err := classify.CalibrateContext(lg, cx, gold)
			must(err)
			fmt.Printf("%-9s fit all: T %.2f k %.2f off %v | off only %v | T,k only %.2f %.2f\n", s.name, T, kappa, off, offOnly, T3, k3)
			decs := []decision{builtin, {T, kappa, off}, {builtin.T, builtin.kappa, offOnly}, {T3, k3, builtin.off}}
			for v, d := range decs {
				conf, probs, g := score(s, ti, d)
				pooled[v].Merge(conf)
				pooledP[v] = append(pooledP[v], probs...)
				if v == 0 {
					pooledG = append(pooledG, g...)
				}
				fmt.Printf("   %-10s %s\n", variants[v], metrics(conf, probs, g, target))
			}
		}
		fmt.Println(" pooled, each set scored with the fit on the others:")
		for v := range variants {
			fmt.Printf("   %-10s %s\n", variants[v], metrics(pooled[v], pooledP[v], pooledG, target))
		}
	}
}

// score classifies set s's sentences for target ti with the built-in
// model given decision d, article by article, as classify does; it
// returns the confusion table, each sentence's probabilities and gold
// label index.
func score(s set, ti int, d decision) (*eval.Confusion, [][]float64, []int) {
	m, err := classify.Builtin()
	must(err)
	must(m.SetTemperature(ti, d.T))
	must(m.SetContext(ti, d.kappa))
	must(m.SetOffsets(ti, d.off))
	target := labels.Targets()[ti]
	conf := eval.NewConfusion(target.Labels())
	probs := make([][]float64, len(s.recs))
	gold := make([]int, len(s.recs))
	for _, run := range s.runs {
		sents := make([][]classify.Prediction, len(run))
		for j, i := range run {
			sents[j] = classify.ClonePredictions(s.preds[i])
		}
		m.InContext(sents)
		for j, i := range run {
			p := sents[j][ti]
			conf.Add(s.recs[i].Label(target), p.Label())
			probs[i] = p.Probs
			gold[i] = slices.Index(p.Labels, s.recs[i].Label(target))
		}
	}
	return conf, probs, gold
}

// metrics is one line of a decision's figures.
func metrics(conf *eval.Confusion, probs [][]float64, gold []int, target labels.Target) string {
	sc := conf.Scores(target.Polar())
	cal := eval.Measure(probs, gold)
	return strings.TrimSpace(fmt.Sprintf("macroF1 %.3f  F_avg %.3f  ECE %.3f  logloss %.3f  n %d", sc.MacroF1, sc.FAvg, cal.ECE, cal.LogLoss, sc.N))
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "refit:", err)
		os.Exit(1)
	}
}
