package classify

import (
	_ "embed"
	"fmt"
)

// builtinImage is the model Trainer.Fit makes from the built-in corpus
// with DefaultOptions, calibrated on folds of whole events, stored already
// trained so that `stance classify` starts in milliseconds (training
// spends most of its time stemming VADER's 7,500 words). It is an image
// (image.go): scoring uses it where it lies, without decoding counts or
// building maps. TestBuiltinIsFresh trains it again and fails unless it
// matches, byte for byte and score for score; go test ./classify -update
// rewrites it.
//
//go:embed builtin_model.img
var builtinImage []byte

// Builtin returns the model trained on the built-in corpus with
// DefaultOptions and calibrated by event (Trainer.Fit). Its Vocab and its
// targets' Counts and Pseudo are filled in the first time a method needs
// them (explanations, Informative, Save); read them through those.
func Builtin() (*Model, error) {
	m, err := loadImage(builtinImage, nil, false)
	if err != nil {
		return nil, fmt.Errorf("built-in model: %w", err)
	}
	return m, nil
}
