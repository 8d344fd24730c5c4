// Package flatbin reads and writes the flat binary forms stance builds
// into the program (the built-in model's image, its vocabulary, VADER's
// table): little-endian numbers, arrays starting on 8-byte boundaries, so
// that where the bytes are aligned and the machine little-endian an array
// is used where it lies instead of copied.
package flatbin

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unsafe"
)

// ErrShort is wrapped by a Reader's error when the bytes end too soon.
var ErrShort = errors.New("cut short")

// Writer appends the binary form to B.
type Writer struct{ B []byte }

func (w *Writer) U32(x uint32)  { w.B = binary.LittleEndian.AppendUint32(w.B, x) }
func (w *Writer) U64(x uint64)  { w.B = binary.LittleEndian.AppendUint64(w.B, x) }
func (w *Writer) F64(x float64) { w.U64(math.Float64bits(x)) }

// Str writes a uint32 length and the bytes of s.
func (w *Writer) Str(s string) {
	w.U32(uint32(len(s)))
	w.B = append(w.B, s...)
}

// Pad writes zeros up to the next 8-byte boundary of B.
func (w *Writer) Pad() {
	for len(w.B)%8 != 0 {
		w.B = append(w.B, 0)
	}
}

// Reader reads the binary form from B, remembering the first problem in
// Err: after one, every read returns zero values.
type Reader struct {
	B   []byte
	Off int // bytes read so far: Pad aligns on it
	Err error
}

// Bytes returns the next n bytes (not copied).
func (r *Reader) Bytes(n int) []byte {
	if r.Err != nil || n < 0 || n > len(r.B) {
		if r.Err == nil {
			r.Err = fmt.Errorf("%w at byte %d", ErrShort, r.Off)
		}
		return nil
	}
	out := r.B[:n:n]
	r.B, r.Off = r.B[n:], r.Off+n
	return out
}

func (r *Reader) U32() uint32 {
	if b := r.Bytes(4); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}

func (r *Reader) U64() uint64 {
	if b := r.Bytes(8); b != nil {
		return binary.LittleEndian.Uint64(b)
	}
	return 0
}

// Str reads what Writer.Str wrote (copied).
func (r *Reader) Str() string { return string(r.Bytes(int(r.U32()))) }

// Pad skips to the next 8-byte boundary of what has been read.
func (r *Reader) Pad() {
	if n := r.Off % 8; n != 0 {
		r.Bytes(8 - n)
	}
}

// U32s returns the next n uint32s: the bytes themselves where they can be,
// else a copy.
func (r *Reader) U32s(n int) []uint32 {
	b := r.Bytes(4 * n)
	if b == nil || n == 0 {
		return nil
	}
	if inPlace(b, 4) {
		return unsafe.Slice((*uint32)(unsafe.Pointer(unsafe.SliceData(b))), n)
	}
	out := make([]uint32, n)
	for i := range out {
		out[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return out
}

// U64s is U32s for uint64s.
func (r *Reader) U64s(n int) []uint64 {
	b := r.Bytes(8 * n)
	if b == nil || n == 0 {
		return nil
	}
	if inPlace(b, 8) {
		return unsafe.Slice((*uint64)(unsafe.Pointer(unsafe.SliceData(b))), n)
	}
	out := make([]uint64, n)
	for i := range out {
		out[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	return out
}

// F64s is U32s for float64s.
func (r *Reader) F64s(n int) []float64 {
	u := r.U64s(n)
	if len(u) == 0 {
		return nil
	}
	return unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(u))), n)
}

// inPlace reports whether b can be used as an array of n-byte numbers
// where it lies: aligned, on a little-endian machine.
func inPlace(b []byte, n uintptr) bool {
	return uintptr(unsafe.Pointer(unsafe.SliceData(b)))%n == 0 && littleEndian
}

var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1
