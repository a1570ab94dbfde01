package assets

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

//go:embed maps/*.txt
var mapFiles embed.FS

// MapFile is one map's source text as stored in the binary.
type MapFile struct {
	// Name is the file name without directory and extension, such as "reef".
	Name string
	// Path is the file's path inside the embedded tree, such as "maps/reef.txt",
	// used in parse errors.
	Path string
	// Data is the file's contents.
	Data []byte
}

// Maps returns every embedded map file, sorted by name. The order is the
// map rotation of a match.
func Maps() []MapFile {
	entries, err := fs.ReadDir(mapFiles, "maps")
	if err != nil {
		// The directory is embedded at build time; the go:embed pattern
		// guarantees it exists and holds at least one file.
		panic(fmt.Sprintf("assets: embedded maps missing: %v", err))
	}
	out := make([]MapFile, 0, len(entries))
	for _, e := range entries {
		p := path.Join("maps", e.Name())
		data, err := mapFiles.ReadFile(p)
		if err != nil {
			panic(fmt.Sprintf("assets: read embedded %s: %v", p, err))
		}
		out = append(out, MapFile{Name: strings.TrimSuffix(e.Name(), ".txt"), Path: p, Data: data})
	}
	return out
}

// Map returns the embedded map file called name (without ".txt").
func Map(name string) (MapFile, error) {
	for _, m := range Maps() {
		if m.Name == name {
			return m, nil
		}
	}
	return MapFile{}, fmt.Errorf("map %q: %w", name, ErrNotFound)
}
