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

// builtinImage is the same model as an image (image.go): what scoring
// needs, used where it lies, so that `stance classify` starts without
// decoding the counts or building the vocabulary's maps. The rest is read
// from builtinModel when something needs it. TestBuiltinIsFresh checks
// that the two are the same model, score for score.
//
//go:embed builtin_model.img
var builtinImage []byte

// Builtin returns the model trained on the built-in corpus with
// DefaultOptions and calibrated by event (Trainer.Fit). Its Vocab and its
// targets' Counts and Pseudo are filled in the first time a method needs
// them (explanations, Informative, Save); read them through those.
func Builtin() (*Model, error) {
	m, err := loadImage(builtinImage, func() (*Model, error) {
		m, err := loadGob(builtinModel)
		if err != nil {
			return nil, fmt.Errorf("built-in model: %w", err)
		}
		return m, nil
	}, false)
	if err != nil {
		return nil, fmt.Errorf("built-in model: %w", err)
	}
	return m, nil
}
