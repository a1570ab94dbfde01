package game

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"unsafe"
)

// playedState returns a 4-player state after some scripted frames, so most
// fields hold something other than zero.
func playedState(t testing.TB) State {
	t.Helper()
	s, err := New(Config{Players: 4, Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	for f := range 200 {
		s.Step(scripted(f))
	}
	return s
}

// leaf is one integer or boolean field inside State, found by reflection.
type leaf struct {
	path string
	v    reflect.Value // addressable, settable through unsafe
}

// leaves lists every integer and boolean field of v's tree except those the
// canonical encoding leaves out on purpose: the maps (covered by their
// digest) and the events (the output of the last Step).
func leaves(path string, v reflect.Value, out []leaf) []leaf {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if v.Type() == reflect.TypeFor[State]() && (f.Name == "maps" || f.Name == "events" || f.Name == "numEvents") {
				continue
			}
			p := f.Name
			if path != "" {
				p = path + "." + f.Name
			}
			fv := v.Field(i)
			fv = reflect.NewAt(fv.Type(), unsafe.Pointer(fv.UnsafeAddr())).Elem()
			out = leaves(p, fv, out)
		}
	case reflect.Array:
		for i := range v.Len() {
			out = leaves(indexed(path, i), v.Index(i), out)
		}
	default:
		out = append(out, leaf{path: path, v: v})
	}
	return out
}

// perturb changes an integer by one or flips a boolean.
func perturb(t *testing.T, v reflect.Value) {
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(v.Int() + 1)
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(v.Uint() + 1)
	default:
		t.Fatalf("field of kind %v: extend perturb", v.Kind())
	}
}

// TestDiffNamesEveryPerturbedField changes each field of State in turn and
// checks that Diff names exactly that field, and that the checksum (which
// hashes the same encoding) sees the change: no field escapes the dump.
func TestDiffNamesEveryPerturbedField(t *testing.T) {
	base := playedState(t)
	var probe State
	ls := leaves("", reflect.ValueOf(&probe).Elem(), nil)
	if len(ls) != fieldCount {
		t.Errorf("State has %d encoded leaf fields, ParseFields names %d", len(ls), fieldCount)
	}
	for i := range ls {
		s := base
		l := leaves("", reflect.ValueOf(&s).Elem(), nil)[i]
		perturb(t, l.v)
		d := Diff(&base, &s)
		want := strings.TrimSuffix(l.path, ".s") // rng is Rand{s}
		if len(d) != 1 || !strings.EqualFold(d[0].Path, want) {
			t.Errorf("perturbing %s: Diff = %v, want one difference named %s", l.path, d, want)
			continue
		}
		if d[0].Other == d[0].Value {
			t.Errorf("perturbing %s: Diff = %v shows equal values", l.path, d)
		}
		if base.Checksum() == s.Checksum() {
			t.Errorf("perturbing %s did not change the checksum", l.path)
		}
	}
}

func TestDiffFormatsPathAndValues(t *testing.T) {
	a := playedState(t)
	b := a
	b.fish[1].X++
	b.items[3].Thrown = !b.items[3].Thrown
	got := Diff(&a, &b)
	want := []string{
		"fish[1].x: " + itoa(a.fish[1].X) + " != " + itoa(a.fish[1].X+1),
		"items[3].thrown: " + boolText(a.items[3].Thrown) + " != " + boolText(!a.items[3].Thrown),
	}
	if len(got) != len(want) {
		t.Fatalf("Diff = %v, want %v", got, want)
	}
	for i := range want {
		if got[i].String() != want[i] {
			t.Errorf("Diff[%d] = %q, want %q", i, got[i], want[i])
		}
	}
	if d := Diff(&a, &a); len(d) != 0 {
		t.Errorf("Diff(a, a) = %v, want none", d)
	}
}

func itoa(v int32) string {
	return Field{Value: int64(v)}.FormatValue(int64(v))
}

func boolText(v bool) string {
	if v {
		return "true"
	}
	return "false"
}

func TestFieldsAreOrderedAndUnique(t *testing.T) {
	s := playedState(t)
	f1, f2 := s.Fields(), s.Fields()
	if !reflect.DeepEqual(f1, f2) {
		t.Fatal("two Fields calls differ")
	}
	seen := map[string]bool{}
	for _, f := range f1 {
		if seen[f.Path] {
			t.Errorf("path %s appears twice", f.Path)
		}
		seen[f.Path] = true
	}
	if f1[0].Path != "frame" || f1[0].Value != 200 {
		t.Errorf("first field = %v, want frame: 200", f1[0])
	}
	if got := f1[len(f1)-1].Path; got != indexed("bullets", MaxBullets-1)+".owner" {
		t.Errorf("last field = %s, want the last bullet's owner", got)
	}
	if got := (Field{Path: "rng", Value: -1, Kind: FieldHex}).String(); got != "rng: 0xffffffffffffffff" {
		t.Errorf("hex field = %q", got)
	}
}

func TestParseFieldsRejectsOtherLengths(t *testing.T) {
	s := playedState(t)
	enc, _ := s.AppendBinary(nil)
	for _, b := range [][]byte{nil, enc[:len(enc)-1], append(enc, 0)} {
		if _, err := ParseFields(b); !errors.Is(err, ErrStateEncoding) {
			t.Errorf("ParseFields(%d bytes) error = %v, want ErrStateEncoding", len(b), err)
		}
	}
	if _, err := DiffEncoded(enc, enc[:3]); !errors.Is(err, ErrStateEncoding) {
		t.Errorf("DiffEncoded with a short second state: error = %v, want ErrStateEncoding", err)
	}
}

func FuzzParseFields(f *testing.F) {
	s := playedState(f)
	enc, _ := s.AppendBinary(nil)
	f.Add(enc)
	f.Add(enc[:10])
	f.Fuzz(func(t *testing.T, b []byte) {
		fields, err := ParseFields(b)
		if err != nil {
			return
		}
		if len(fields) != fieldCount {
			t.Fatalf("%d fields, want %d", len(fields), fieldCount)
		}
	})
}
