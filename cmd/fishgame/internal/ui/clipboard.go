package ui

import (
	"context"
	"os/exec"
	"runtime"
	"time"
)

// clipboardTimeout bounds reading the clipboard through a helper program.
const clipboardTimeout = 500 * time.Millisecond

// clipboardCommands are the programs that print the clipboard, tried in
// order: Ebitengine has no clipboard API, so paste works where one of them
// is installed.
func clipboardCommands() [][]string {
	switch runtime.GOOS {
	case "darwin":
		return [][]string{{"pbpaste"}}
	case "windows":
		return [][]string{{"powershell", "-NoProfile", "-Command", "Get-Clipboard"}}
	}
	return [][]string{
		{"wl-paste", "--no-newline"},
		{"xclip", "-out", "-selection", "clipboard"},
		{"xsel", "--output", "--clipboard"},
	}
}

// systemClipboard returns the clipboard's text, or "" when no helper
// program can read it.
func systemClipboard() string {
	for _, argv := range clipboardCommands() {
		if _, err := exec.LookPath(argv[0]); err != nil {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), clipboardTimeout)
		out, err := exec.CommandContext(ctx, argv[0], argv[1:]...).Output()
		cancel()
		if err == nil {
			const maxPaste = 4096
			if len(out) > maxPaste {
				out = out[:maxPaste]
			}
			return string(out)
		}
	}
	return ""
}
