package classify

import (
	_ "embed"
	"fmt"
)

// builtinModel is the model Trainer.Fit makes from the built-in corpus
// with DefaultOptions, calibrated on folds of whole events, stored already
// trained so that `stance classify` starts in milliseconds: training
// spends most of its time stemming VADER's 7,500 words. It is the model
// file Save writes, in encoding/gob rather than JSON because it decodes
// five times faster (saveGob, loadGob in persist.go). TestBuiltinIsFresh
// trains it again and fails unless it matches; go test ./classify -update
// rewrites it.
//
//go:embed builtin_model.gob
var builtinModel []byte

// Builtin returns the model trained on the built-in corpus with
// DefaultOptions and calibrated by event (Trainer.Fit).
func Builtin() (*Model, error) {
	m, err := loadGob(builtinModel)
	if err != nil {
		return nil, fmt.Errorf("built-in model: %w", err)
	}
	return m, nil
}
