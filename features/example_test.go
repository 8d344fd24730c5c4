package features_test

import (
	"fmt"

	"github.com/stance-nlp/stance/features"
)

func ExampleTokenize() {
	fmt.Printf("%q\n", features.Tokenize("Moscow’s “we-told-you-so” U.S.—led"))
	fmt.Printf("%q\n", features.Tokenize("It didn't change anything."))
	fmt.Printf("%q\n", features.Tokenize("IS fighters; 140,000 fled"))
	// Output:
	// ["moscow" "we" "told" "you" "so" "u.s." "-" "led"]
	// ["it" "did" "n't" "change" "anything" "."]
	// ["i.s." "fighters" ";" "<num>" "fled"]
}

func ExampleExtractor_Features() {
	s := features.Settings{
		MinDF:    1,
		Bigrams:  true,
		Negation: true,
		Actors:   features.BuiltinActors(),
		Cues:     features.BuiltinCues(),
	}
	x, err := s.NewExtractor()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range x.Features("The Kremlin didn't change anything, Kerry said.") {
		fmt.Println(f)
	}
	// Output:
	// <cue:obstacle>
	// the
	// <ru>
	// the <ru>
	// did
	// <ru> did
	// n't
	// did n't
	// NOT_change
	// n't NOT_change
	// NOT_anything
	// NOT_change NOT_anything
	// <us>
	// said
	// <us> said
}
