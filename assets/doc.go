// Package assets embeds the game's data files and hands them out as bytes.
//
// It does no parsing: package game turns map text into tile maps, and the
// front end decodes images and sounds. Every accessor returns a fresh copy,
// so callers cannot change the embedded data.
package assets
