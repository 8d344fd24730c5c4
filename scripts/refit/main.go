// Command refit asks whether the decision the built-in model stores (its
// temperature, article-context weight and decision offsets, fitted on the
// corpus's held-out events) would do better fitted on real news instead.
// It takes labelled sets, each a folder with a gold.jsonl (the format of
// 'stance split', labelled), holds each set out in turn, fits the decision
// on the others' sentences with classify.FitDecision (and, apart, the
// offsets alone or the temperature and weight alone, as classify does;
// the offsets bagged over resamples of articles),
// and scores the held-out set with each:
//
//	go run ./scripts/refit /work/devset /work/testset /work/testset2 ...
//
// The sets are third-party text kept outside the repository
// (docs/realnews.md); only this program and its figures are here. A
// sentence without evidence gets neutral, as classify gives it.
package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/labels"
)

type row struct {
	set    int
	art    int // the row's article, numbered across the sets
	logits [2][]float64
	ctx    [2][]float64
	gold   [2]int
	noEv   [2]bool
}

func main() {
	sets := os.Args[1:]
	if len(sets) < 3 {
		fmt.Fprintln(os.Stderr, "usage: refit SET_DIR SET_DIR SET_DIR... (each with a gold.jsonl; three or more)")
		os.Exit(2)
	}
	m, err := classify.Builtin()
	if err != nil {
		fail(err)
	}
	var rows []row
	var arts []int
	for si, s := range sets {
		f, err := os.Open(filepath.Join(s, "gold.jsonl"))
		if err != nil {
			fail(err)
		}
		recs, err := labels.ReadAll(f, s)
		f.Close()
		if err != nil {
			fail(err)
		}
		sc := m.NewScorer()
		all := make([][]classify.Prediction, len(recs))
		for i, r := range recs {
			all[i] = classify.ClonePredictions(sc.ScoreLogits(r.Text))
		}
		base := len(rows)
		for i, r := range recs {
			var rw row
			rw.set = si
			rw.art = len(arts)
			if i+1 == len(recs) || recs[i+1].Article != r.Article {
				arts = append(arts, si) // the article ends here
			}
			for ti, p := range all[i] {
				rw.logits[ti] = p.Logits
				rw.noEv[ti] = p.NoEvidence
				rw.gold[ti] = slices.Index(p.Labels, r.Label(p.Target))
			}
			rows = append(rows, rw)
		}
		for _, run := range labels.ArticleRuns(recs, nil) {
			for ti := range 2 {
				lg := make([][]float64, len(run))
				ev := make([]bool, len(run))
				for j, i := range run {
					lg[j] = all[i][ti].Logits
					ev[j] = !all[i][ti].NoEvidence
				}
				cm := classify.ContextMeans(lg, ev)
				for j, i := range run {
					rows[base+i].ctx[ti] = cm[j]
				}
			}
		}
	}
	for ti, name := range []string{"stance", "sentiment"} {
		t := m.Targets[ti]
		fmt.Printf("== %s  built-in T %.2f kappa %.2f off %v\n", name, t.Temperature, t.Context, t.Offsets)
		type dec struct {
			T, k float64
			off  []float64
		}
		builtin := dec{t.Temperature, t.Context, t.Offsets}
		var pooled [4][]int
		var pooledP [4][][]float64
		var gold []int
		for hold := range sets {
			var tl, tc [][]float64
			var tg, tgr []int
			for _, r := range rows {
				if r.set != hold && !r.noEv[ti] {
					tl = append(tl, r.logits[ti])
					tc = append(tc, r.ctx[ti])
					tg = append(tg, r.gold[ti])
					tgr = append(tgr, r.art)
				}
			}
			T, k, off, err := classify.FitDecision(tl, tc, tg, tgr)
			if err != nil {
				fail(err)
			}
			// offsets only, with the built-in T and kappa
			off2, err := classify.BaggedOffsets(inCtx(tl, tc, builtin.k), builtin.T, tg, tgr)
			if err != nil {
				fail(err)
			}
			// T and kappa only, built-in offsets
			T3, k3, err := classify.CalibrateContext(tl, tc, tg)
			if err != nil {
				fail(err)
			}
			decs := []dec{builtin, {T, k, off}, {builtin.T, builtin.k, off2}, {T3, k3, builtin.off}}
			fmt.Printf("%-9s fit all: T %.2f k %.2f off %v | off only %v | T,k only %.2f %.2f\n", filepath.Base(sets[hold]), T, k, fmt2(off), fmt2(off2), T3, k3)
			for di, d := range decs {
				var pl []int
				var pp [][]float64
				var g []int
				for _, r := range rows {
					if r.set != hold {
						continue
					}
					p := decide(r, ti, d.T, d.k, d.off)
					if r.noEv[ti] {
						pl = append(pl, []int{2, 1}[ti]) // neutral
					} else {
						pl = append(pl, argmax(p))
					}
					pp = append(pp, p)
					g = append(g, r.gold[ti])
				}
				pooled[di] = append(pooled[di], pl...)
				pooledP[di] = append(pooledP[di], pp...)
				if di == 0 {
					gold = append(gold, g...)
				}
				fmt.Printf("   %-10s %s\n", []string{"built-in", "fit all", "off only", "T,k only"}[di], metrics(pl, pp, g, ti))
			}
		}
		fmt.Println(" pooled, each set scored with the fit on the others:")
		for di := range 4 {
			fmt.Printf("   %-10s %s\n", []string{"built-in", "fit all", "off only", "T,k only"}[di], metrics(pooled[di], pooledP[di], gold, ti))
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "refit:", err)
	os.Exit(1)
}

func fmt2(x []float64) string {
	s := "["
	for i, v := range x {
		if i > 0 {
			s += " "
		}
		s += fmt.Sprintf("%+.2f", v)
	}
	return s + "]"
}

func inCtx(l, c [][]float64, k float64) [][]float64 {
	out := make([][]float64, len(l))
	for i := range l {
		out[i] = slices.Clone(l[i])
		if c[i] != nil {
			for j := range out[i] {
				out[i][j] += k * c[i][j]
			}
		}
	}
	return out
}

// decide makes row r's probabilities for target ti as classify does:
// its log-scores plus kappa times its article context, divided by T, the
// offsets added, the softmax. A sentence without evidence has the prior's
// log-scores and no context; its label is neutral (see label).
func decide(r row, ti int, T, k float64, off []float64) []float64 {
	p := make([]float64, len(r.logits[ti]))
	for c := range p {
		x := r.logits[ti][c]
		if r.ctx[ti] != nil {
			x += k * r.ctx[ti][c]
		}
		p[c] = x / T
		if off != nil {
			p[c] += off[c]
		}
	}
	mx := slices.Max(p)
	s := 0.0
	for c := range p {
		p[c] = math.Exp(p[c] - mx)
		s += p[c]
	}
	for c := range p {
		p[c] /= s
	}
	return p
}

func argmax(p []float64) int {
	b := 0
	for i := range p {
		if p[i] > p[b] {
			b = i
		}
	}
	return b
}

// metrics returns macro-F1, F_avg (the mean F1 of the two polar labels),
// ECE over 10 bins of the top probability, and log-loss. Labels: stance
// obstacle, opening, neutral; sentiment negative, neutral, positive.
func metrics(pl []int, pp [][]float64, g []int, ti int) string {
	k := len(pp[0])
	f1 := make([]float64, k)
	for c := range k {
		tp, fp, fn := 0, 0, 0
		for i := range pl {
			switch {
			case pl[i] == c && g[i] == c:
				tp++
			case pl[i] == c:
				fp++
			case g[i] == c:
				fn++
			}
		}
		if tp > 0 {
			f1[c] = 2 * float64(tp) / float64(2*tp+fp+fn)
		}
	}
	macro := (f1[0] + f1[1] + f1[2]) / 3
	var favg float64
	if ti == 0 {
		favg = (f1[0] + f1[1]) / 2
	} else {
		favg = (f1[0] + f1[2]) / 2
	}
	// ECE, 10 bins on top confidence; log-loss
	var bc, bacc, bn [10]float64
	ll := 0.0
	for i := range pl {
		conf := pp[i][pl[i]]
		b := min(int(conf*10), 9)
		bc[b] += conf
		bn[b]++
		if pl[i] == g[i] {
			bacc[b]++
		}
		ll -= math.Log(max(pp[i][g[i]], 1e-12))
	}
	ece := 0.0
	for b := range 10 {
		if bn[b] > 0 {
			ece += math.Abs(bc[b]-bacc[b]) / float64(len(pl))
		}
	}
	return fmt.Sprintf("macroF1 %.3f  F_avg %.3f  ECE %.3f  logloss %.3f  n %d", macro, favg, ece, ll/float64(len(pl)), len(pl))
}
