package assets

import "errors"

// ErrNotFound indicates that no embedded asset has the requested name.
var ErrNotFound = errors.New("asset not found")
