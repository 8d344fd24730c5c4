package classify

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/labels"
)

// sklearnNB is testdata/sklearn_nb.json, written by scripts/sklearn_nb.py:
// scikit-learn's MultinomialNB and ComplementNB fitted on a fixed count
// matrix, with their parameters and predict_proba on test count vectors.
type sklearnNB struct {
	Version  string   `json:"sklearn_version"`
	Features []string `json:"features"`
	Classes  []string `json:"classes"`
	X        [][]int  `json:"x"`
	Y        []int    `json:"y"`
	Test     [][]int  `json:"test"`
	Models   []struct {
		Variant        Variant     `json:"variant"`
		Alpha          float64     `json:"alpha"`
		FitPrior       *bool       `json:"fit_prior"`
		ClassLogPrior  []float64   `json:"class_log_prior"`
		FeatureLogProb [][]float64 `json:"feature_log_prob"`
		PredictProba   [][]float64 `json:"predict_proba"`
	} `json:"models"`
}

// TestSklearn builds a Model straight from scikit-learn's count matrix and
// checks that its parameters and posteriors match scikit-learn's to 1e-9.
func TestSklearn(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "sklearn_nb.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref sklearnNB
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ref.Classes, labels.Stance.Labels()) {
		t.Fatalf("reference classes %q; want the stance labels %q", ref.Classes, labels.Stance.Labels())
	}
	if !slices.IsSorted(ref.Features) {
		t.Fatalf("reference features %q are not sorted, so they cannot be a vocabulary", ref.Features)
	}
	if len(ref.Models) == 0 {
		t.Fatal("no reference models")
	}
	k, v := len(ref.Classes), len(ref.Features)
	docs := make([]int, k)
	counts := make([][]int, k)
	for c := range counts {
		counts[c] = make([]int, v)
	}
	for i, row := range ref.X {
		docs[ref.Y[i]]++
		for f, n := range row {
			counts[ref.Y[i]][f] += n
		}
	}
	t.Logf("scikit-learn %s", ref.Version)
	const tol = 1e-9
	for _, rm := range ref.Models {
		prior := Empirical
		if rm.FitPrior != nil && !*rm.FitPrior {
			prior = Uniform
		}
		name := fmt.Sprintf("%s/alpha=%g/%s", rm.Variant, rm.Alpha, prior)
		if rm.Variant == Complement {
			name = fmt.Sprintf("%s/alpha=%g", rm.Variant, rm.Alpha)
		}
		t.Run(name, func(t *testing.T) {
			m := &Model{
				Options: Options{Features: features.Settings{MinDF: 1}, Variant: rm.Variant, Prior: prior, Alpha: rm.Alpha},
				Vocab:   ref.Features,
				Targets: []*Target{{Name: labels.Stance, Labels: ref.Classes, Docs: docs, Counts: convertCounts[int32](counts)}},
			}
			if err := m.Options.Validate(); err != nil {
				t.Fatal(err)
			}
			m.prepare()
			tg := m.Targets[0]
			if rm.Variant == Complement {
				// ComplementNB uses no prior with more than one class.
				for c := range k {
					if tg.Bias(c) != 0 {
						t.Errorf("Bias(%s) = %v; want 0", ref.Classes[c], tg.Bias(c))
					}
				}
			} else {
				for c, want := range rm.ClassLogPrior {
					if got := tg.Bias(c); math.Abs(got-want) > tol {
						t.Errorf("Bias(%s) = %v; want class_log_prior_ %v", ref.Classes[c], got, want)
					}
				}
			}
			for c := range k {
				for f := range v {
					// feature_log_prob_ of ComplementNB(norm=False) is
					// already the complement weight −log θ̂.
					if got, want := tg.Weight(f, c), rm.FeatureLogProb[c][f]; math.Abs(got-want) > tol {
						t.Errorf("Weight(%q, %s) = %v; want feature_log_prob_ %v", ref.Features[f], ref.Classes[c], got, want)
					}
				}
			}
			for i, x := range ref.Test {
				scores := make([]float64, k)
				for c := range k {
					scores[c] = tg.Bias(c)
					for f, n := range x {
						scores[c] += float64(n) * tg.Weight(f, c)
					}
				}
				best := softmax(scores)
				want := rm.PredictProba[i]
				for c := range k {
					if math.Abs(scores[c]-want[c]) > tol {
						t.Errorf("test %d %v: P(%s) = %v; want predict_proba %v", i, x, ref.Classes[c], scores[c], want[c])
					}
				}
				if wantBest := argmax(want); best != wantBest && want[best] != want[wantBest] {
					t.Errorf("test %d %v: best %s; want %s", i, x, ref.Classes[best], ref.Classes[wantBest])
				}
			}
			// The same through Score: a text holding each feature as often
			// as the count vector says.
			s := m.NewScorer()
			for i, x := range ref.Test {
				var words []string
				for f, n := range x {
					for range n {
						words = append(words, ref.Features[f])
					}
				}
				text := strings.Join(words, " ")
				p := s.Score(text)[0]
				for c, want := range rm.PredictProba[i] {
					if math.Abs(p.Probs[c]-want) > tol {
						t.Errorf("Score(%q) P(%s) = %v; want predict_proba %v", text, ref.Classes[c], p.Probs[c], want)
					}
				}
			}
		})
	}
}

func argmax(x []float64) int {
	best := 0
	for i := range x {
		if x[i] > x[best] {
			best = i
		}
	}
	return best
}
