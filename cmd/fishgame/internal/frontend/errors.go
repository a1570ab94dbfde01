package frontend

import "errors"

var (
	// ErrOptions indicates Options or a match setup the front end cannot
	// start with, such as a scale below 1.
	ErrOptions = errors.New("frontend: invalid options")
	// ErrScreenshot indicates that a scripted run could not write its
	// screenshot.
	ErrScreenshot = errors.New("frontend: screenshot failed")
	// ErrKeymap indicates a keymap file that does not follow the keymap
	// format.
	ErrKeymap = errors.New("frontend: malformed keymap")
)
