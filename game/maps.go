package game

import (
	"fmt"

	"github.com/fishgame/fishgame/assets"
)

// BuiltinMaps parses the maps embedded by package assets, in rotation order
// (sorted by file name). Config.Map indexes this list.
func BuiltinMaps() ([]Map, error) {
	files, err := assets.Maps()
	if err != nil {
		return nil, err
	}
	if len(files) > MaxMaps {
		return nil, fmt.Errorf("%d embedded maps, at most %d fit a match: %w", len(files), MaxMaps, ErrMap)
	}
	maps := make([]Map, 0, len(files))
	for _, f := range files {
		m, err := ParseMap(f.Path, f.Data)
		if err != nil {
			return nil, err
		}
		maps = append(maps, m)
	}
	return maps, nil
}
