package flatbin

import (
	"errors"
	"math"
	"slices"
	"testing"
)

// TestRoundTrip: what Writer writes, Reader reads back, aligned or not.
func TestRoundTrip(t *testing.T) {
	var w Writer
	w.U32(7)
	w.Str("abc")
	w.Pad()
	for _, x := range []uint32{1, 2, 3} {
		w.U32(x)
	}
	w.Pad()
	for _, x := range []float64{0.5, -2, math.Inf(1)} {
		w.F64(x)
	}
	for _, shift := range []int{0, 1} { // 1: the copy path
		b := append(make([]byte, shift), w.B...)[shift:]
		r := Reader{B: b}
		if r.U32() != 7 || r.Str() != "abc" {
			t.Fatal("header")
		}
		r.Pad()
		if got := r.U32s(3); !slices.Equal(got, []uint32{1, 2, 3}) {
			t.Errorf("U32s = %v", got)
		}
		r.Pad()
		if got := r.F64s(3); !slices.Equal(got, []float64{0.5, -2, math.Inf(1)}) {
			t.Errorf("F64s = %v", got)
		}
		if r.Err != nil || len(r.B) != 0 {
			t.Errorf("err %v, %d bytes left", r.Err, len(r.B))
		}
		r.U32()
		if !errors.Is(r.Err, ErrShort) {
			t.Errorf("reading past the end: err %v", r.Err)
		}
	}
}
