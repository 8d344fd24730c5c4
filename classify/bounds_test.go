package classify

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"strings"
	"testing"
)

// endless is an io.Reader that never ends: a device such as /dev/zero, or
// a file far larger than any model. It counts what was read from it.
type endless struct {
	fill byte
	read int
}

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = e.fill
	}
	e.read += len(p)
	return len(p), nil
}

// TestLoadBounded: Load looks at the first bytes before reading on, and
// never reads more than its limit, so /dev/zero, /dev/urandom or a huge
// file ends in an error, not in memory exhaustion.
func TestLoadBounded(t *testing.T) {
	t.Run("zeros", func(t *testing.T) {
		r := &endless{fill: 0}
		_, err := Load(r)
		if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "not a JSON object") {
			t.Errorf("Load(/dev/zero) = %v; want ErrFormat, not a JSON object", err)
		}
		if r.read > 64<<10 {
			t.Errorf("Load(/dev/zero) read %d bytes before refusing; want only the first ones", r.read)
		}
	})
	t.Run("UTF-16", func(t *testing.T) {
		for _, bom := range []string{"\xff\xfe", "\xfe\xff"} {
			_, err := Load(strings.NewReader(bom + "{\x00}\x00"))
			if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "UTF-16") {
				t.Errorf("Load(UTF-16 %q…) = %v; want ErrFormat naming UTF-16", bom, err)
			}
		}
	})
	t.Run("larger than the limit", func(t *testing.T) {
		const limit = 1 << 20
		r := io.MultiReader(strings.NewReader(`{"version":1,"kind":"`), &endless{fill: 'x'})
		_, err := loadAtMost(r, limit)
		if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "larger than 1 MiB") {
			t.Errorf("loadAtMost(endless, 1 MiB) = %v; want ErrFormat, larger than 1 MiB", err)
		}
	})
	t.Run("leading white space counts in offsets", func(t *testing.T) {
		_, err := Load(strings.NewReader("\n\n{\x00"))
		if err == nil || !strings.Contains(err.Error(), "invalid JSON at byte 4") {
			t.Errorf("Load(two newlines, then a bad byte) = %v; want invalid JSON at byte 4", err)
		}
	})
	if MaxModelSize < 256<<20 {
		t.Errorf("MaxModelSize = %d; a generous limit is wanted, a model of a million features is 50 MB", MaxModelSize)
	}
}

// TestLoadCountsWithoutSentences: a label with feature counts but no
// training sentence has a prior of zero; such a file was not written by
// Train, and its label could never be predicted, so Load refuses it.
func TestLoadCountsWithoutSentences(t *testing.T) {
	_, good := smallModel(t)
	bad := edit(t, good, func(m map[string]any) { target(m, 0)["sentences"].([]any)[1] = 0 })
	_, err := Load(bytes.NewReader(bad))
	if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), `stance label "opening" has feature counts but 0 training sentences`) {
		t.Errorf("Load(opening with counts, 0 sentences) = %v; want ErrFormat naming the label", err)
	}
}

// TestLoadCountAboveInt32: a model holds its counts as int32; a file
// with a larger count is refused, not wrapped round to a negative one.
func TestLoadCountAboveInt32(t *testing.T) {
	_, good := smallModel(t)
	bad := edit(t, good, func(m map[string]any) {
		target(m, 0)["counts"].([]any)[0].([]any)[0] = float64(math.MaxInt32) + 1
	})
	_, err := Load(bytes.NewReader(bad))
	if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "count above 2147483647") {
		t.Errorf("Load(count 2^31) = %v; want ErrFormat saying the count is too large", err)
	}
}

// TestImageCountAboveInt32: an image whose counts part holds a count
// above what a model's int32 counts take is refused, not wrapped round to
// a negative count.
func TestImageCountAboveInt32(t *testing.T) {
	m, _ := smallModel(t)
	full, err := m.appendFull(nil)
	if err != nil {
		t.Fatal(err)
	}
	// The counts follow the magic, the feature count and names' total
	// length, each name's length and the names, padded to 8 bytes.
	v, total := int(binary.LittleEndian.Uint32(full[8:])), int(binary.LittleEndian.Uint32(full[12:]))
	at := (16 + 4*v + total + 7) / 8 * 8
	if got := binary.LittleEndian.Uint32(full[at:]); got != uint32(m.Targets[0].Counts[0][0]) {
		t.Fatalf("the first count at byte %d is %d; the model's is %d: the layout changed", at, got, m.Targets[0].Counts[0][0])
	}
	binary.LittleEndian.PutUint32(full[at:], math.MaxInt32+1)
	var z bytes.Buffer
	z.WriteString(fullZMagic)
	zw := gzip.NewWriter(&z)
	zw.Write(full)
	zw.Close()
	var sets [][]string
	for _, tg := range m.Targets {
		sets = append(sets, tg.Labels)
	}
	if _, err := readFull(z.Bytes(), sets); !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "count 2147483648 is out of range") {
		t.Errorf("readFull(count 2^31) = %v; want ErrFormat saying the count is out of range", err)
	}
}
