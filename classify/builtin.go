package classify

import (
	"bytes"
	_ "embed"
	"encoding/gob"
	"fmt"
	"io"
)

// builtinModel is the model Trainer.Fit makes from the built-in corpus
// with DefaultOptions, calibrated on folds of whole events, stored already trained so that `stance classify` starts in
// milliseconds: training spends most of its time stemming VADER's 7,500
// words. It is the same model file Save writes, in encoding/gob rather than
// JSON because it decodes five times faster. TestBuiltinIsFresh trains it
// again and fails unless it matches; go test ./classify -update rewrites
// it.
//
//go:embed builtin_model.gob
var builtinModel []byte

// Builtin returns the model trained on the built-in corpus with
// DefaultOptions and calibrated by event (Trainer.Fit).
func Builtin() (*Model, error) {
	var g gobModel
	if err := gob.NewDecoder(bytes.NewReader(builtinModel)).Decode(&g); err != nil {
		return nil, fmt.Errorf("built-in model: %w", err)
	}
	for i, ps := range g.Pseudo {
		if len(ps) == 0 {
			continue
		}
		ft := &g.File.Targets[i]
		ft.Pseudo = make(map[string]map[string]float64)
		for _, p := range ps {
			if ft.Pseudo[p.Label] == nil {
				ft.Pseudo[p.Label] = make(map[string]float64)
			}
			ft.Pseudo[p.Label][p.Feature] = p.Count
		}
	}
	m, err := fromFile(g.File)
	if err != nil {
		return nil, fmt.Errorf("built-in model: %w", err)
	}
	return m, nil
}

// gobModel is the file form of a model for encoding/gob, which writes maps
// in iteration order: the pseudo-counts are lists instead, in label and
// vocabulary order, so the same model always gives the same bytes.
type gobModel struct {
	File   fileModel
	Pseudo [][]gobPseudo // per target
}

type gobPseudo struct {
	Label, Feature string
	Count          float64
}

// saveGob writes m in the built-in model's form.
func (m *Model) saveGob(w io.Writer) error {
	g := gobModel{File: m.toFile()}
	for i, t := range m.Targets {
		var ps []gobPseudo
		if t.Pseudo != nil {
			v := len(m.Vocab)
			for c, label := range t.Labels {
				for f := range v {
					if p := t.Pseudo[c*v+f]; p != 0 {
						ps = append(ps, gobPseudo{label, m.Vocab[f], p})
					}
				}
			}
		}
		g.Pseudo = append(g.Pseudo, ps)
		g.File.Targets[i].Pseudo = nil
	}
	return gob.NewEncoder(w).Encode(g)
}
