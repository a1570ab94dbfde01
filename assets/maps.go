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
// map rotation of a match. The go:embed pattern makes the build fail
// without map files, so an error here means a broken binary.
func Maps() ([]MapFile, error) {
	entries, err := fs.ReadDir(mapFiles, "maps")
	if err != nil {
		return nil, fmt.Errorf("read embedded maps: %w", err)
	}
	out := make([]MapFile, 0, len(entries))
	for _, e := range entries {
		p := path.Join("maps", e.Name())
		data, err := mapFiles.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("read embedded %s: %w", p, err)
		}
		out = append(out, MapFile{Name: strings.TrimSuffix(e.Name(), ".txt"), Path: p, Data: data})
	}
	return out, nil
}

// Map returns the embedded map file called name (without ".txt").
func Map(name string) (MapFile, error) {
	maps, err := Maps()
	if err != nil {
		return MapFile{}, err
	}
	for _, m := range maps {
		if m.Name == name {
			return m, nil
		}
	}
	return MapFile{}, fmt.Errorf("map %q: %w", name, ErrNotFound)
}
